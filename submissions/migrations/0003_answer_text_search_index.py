"""A GIN index for the researchers' full-text search of answers (research/admin/submissions.py),
on PostgreSQL only. Its expression must stay exactly the one that search filters on."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "answer_text_search_gin"


def search_index() -> GinIndex:
    return GinIndex(SearchVector("text", config="english"), name=INDEX_NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("submissions", "Answer"), search_index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("submissions", "Answer"), search_index())


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0002_submitted_mission"),
    ]

    operations = [migrations.RunPython(add_index, remove_index)]
