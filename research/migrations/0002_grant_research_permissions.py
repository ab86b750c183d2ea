"""Give the Researcher and Project lead groups every permission on the research models."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Researcher", "Project lead"]
MODELS = [
    "code",
    "coding",
    "codableanswer",
    "doublecodingassignment",
    "historicalcode",
    "historicalcoding",
]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations run; make this app's now.
    app_config = apps.get_app_config("research")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="research", content_type__model__in=MODELS
        )
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("research", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
