"""The roles table again, now that outcomes, indicators, readings and submitted missions exist."""

from django.db import migrations

from common.roles import apply_roles


def forwards(apps, schema_editor):
    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_roles"),
        ("councils", "0003_outcomes_indicators_sharing"),
        ("submissions", "0002_submitted_mission"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
