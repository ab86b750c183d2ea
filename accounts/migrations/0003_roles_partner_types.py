"""The roles table again, now that partner types are a councils model."""

from django.db import migrations

from common.roles import apply_roles


def forwards(apps, schema_editor):
    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles_outcomes"),
        ("councils", "0005_partner_type_foreign_key"),
        ("casestudies", "0006_remove_old_partner_type"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
