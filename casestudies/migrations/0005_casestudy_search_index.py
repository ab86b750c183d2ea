"""A GIN index for full-text search of case studies, on PostgreSQL only.

The indexed expression must be the one casestudies.search builds for its queries (weights A, B,
C on title, summary and body, the 'english' configuration), or the planner cannot use it.
SQLite has no such index; the search falls back to plain matching there.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

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
        ("casestudies", "0004_casestudy_signoff_requests"),
    ]

    operations = [migrations.RunPython(add_index, remove_index)]
