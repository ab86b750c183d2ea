"""The "Researcher" and "Project lead" groups, holding exactly what common/roles.py lists.

Runs after every app's models exist; re-running it (a later migration calling apply_roles again)
is how a change to the roles table reaches an existing database.
"""

from django.db import migrations

from common.roles import apply_roles


def forwards(apps, schema_editor):
    apply_roles(apps)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Researcher", "Project lead"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("councils", "0002_seed"),
        ("instrument", "0002_seed"),
        ("submissions", "0001_initial"),
        ("casestudies", "0002_seed_and_search_index"),
        ("research", "0001_initial"),
        ("contact", "0001_initial"),
        ("outbox", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
