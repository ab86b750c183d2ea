from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = "Research: coding and analysis"


class ResearchAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with ResearchAdminSite as `admin.site`; INSTALLED_APPS names it."""

    default = False  # "research" alone in INSTALLED_APPS means ResearchConfig
    default_site = "research.admin_site.ResearchAdminSite"
