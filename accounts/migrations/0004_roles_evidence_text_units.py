"""The roles table again, now that evidence and research text units exist: researchers read
evidence and code the parts of a submission that are not answers."""

from django.db import migrations

from common.roles import apply_roles


def forwards(apps, schema_editor):
    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles_partner_types"),
        ("casestudies", "0004_search_document"),
        ("contact", "0001_initial"),
        ("instrument", "0005_question_round_required"),
        ("outbox", "0001_initial"),
        ("research", "0003_text_units_and_coding_versions"),
        ("submissions", "0005_answer_question_text"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
