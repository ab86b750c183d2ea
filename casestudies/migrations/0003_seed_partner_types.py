"""Seed the partner types case studies are filtered by, from councils.Partner.Type.

The names are the partner types the launch article lists (communities, VCSE organisations,
other public sector organisations, businesses), plus academic institutions and "other". The
slug is the slugified name: casestudies.services maps a mission partner's type to it.
Researchers can rename them in the admin; re-running only creates what is missing, by slug.
"""

from django.db import migrations

PARTNER_TYPES = [
    ("community-group", "Community group"),
    ("vcse-organisation", "VCSE organisation"),
    ("public-sector-body", "Public sector body"),
    ("business", "Business"),
    ("academic-institution", "Academic institution"),
    ("other", "Other"),
]


def seed(apps, schema_editor):
    PartnerType = apps.get_model("casestudies", "PartnerType")
    for order, (slug, name) in enumerate(PARTNER_TYPES, start=1):
        PartnerType.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("casestudies", "PartnerType").objects.filter(
        slug__in=[slug for slug, _ in PARTNER_TYPES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0002_casestudy_is_demo"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
