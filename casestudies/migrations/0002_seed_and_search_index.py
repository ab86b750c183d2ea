"""Seed the partner types case studies are filtered by, and add the full-text search index.

The names are the partner types the launch article lists (communities, VCSE organisations,
other public sector organisations, businesses), plus academic institutions and "other". The
slug is the slugified name: casestudies.models.partner_type_slug maps a partner's type to it.
Researchers can rename them in the admin; re-running only creates what is missing, by slug.

A GIN index for full-text search of case studies, on PostgreSQL only.

The indexed expression must be the one casestudies.search builds for its queries (weights A, B,
C on title, summary and body, the 'english' configuration), or the planner cannot use it.
SQLite has no such index; the search falls back to plain matching there.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
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


INDEX_NAME = "casestudy_search_gin"


def search_index() -> GinIndex:
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    return GinIndex(vector, name=INDEX_NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("casestudies", "CaseStudy"), search_index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("casestudies", "CaseStudy"), search_index())


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(add_index, remove_index),
    ]
