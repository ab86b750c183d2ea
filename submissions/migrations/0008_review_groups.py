"""The "Researcher" and "Project lead" groups and what they may do (see
submissions/permissions.py). Superusers alone configure users and groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ["councils", "submissions", "casestudies", "contact", "outbox"]
LEAD_ONLY = ["decide_submission", "publish_casestudy"]


def _ensure_permissions(apps):
    # Permissions are normally made after all migrations run; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def forwards(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    everything = Permission.objects.filter(content_type__app_label__in=APPS)
    researcher, _ = Group.objects.get_or_create(name="Researcher")
    researcher.permissions.add(*everything.exclude(codename__in=LEAD_ONLY))
    researcher.permissions.remove(*everything.filter(codename__in=LEAD_ONLY))
    lead, _ = Group.objects.get_or_create(name="Project lead")
    lead.permissions.add(*everything)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Project lead").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("submissions", "0007_review_workflow"),
        ("councils", "0006_authority_mission_history"),
        ("casestudies", "0006_publish_permission"),
        ("contact", "0001_initial"),
        ("outbox", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
