"""Seed the first call for practice. Researchers change its dates in the admin afterwards."""

import datetime

from django.db import migrations

FIRST_ROUND = {
    "slug": "call-for-practice-2026-27",
    "title": "Call for practice 2026–27",
    "opens_on": datetime.date(2026, 9, 1),
    "closes_on": datetime.date(2027, 6, 30),
}


def seed_first_round(apps, schema_editor):
    Round = apps.get_model("submissions", "Round")
    # Only create it: if it exists, researchers may have changed its dates.
    Round.objects.get_or_create(
        slug=FIRST_ROUND["slug"],
        defaults={k: v for k, v in FIRST_ROUND.items() if k != "slug"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0004_consent_drafts"),
    ]

    # Reversing keeps the row: submissions may belong to it.
    operations = [migrations.RunPython(seed_first_round, migrations.RunPython.noop)]
