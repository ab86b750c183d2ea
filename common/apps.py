from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Shared helpers"

    def ready(self):
        from . import pagecache

        pagecache.connect_signals()
