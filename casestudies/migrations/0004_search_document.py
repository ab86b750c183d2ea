"""The search vector stored in a generated column, GIN-indexed on PostgreSQL; the expression
index of 0002 is replaced by the index on the column (casestudies/search.py)."""

import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

import casestudies.search

OLD_INDEX_NAME = "casestudy_search_gin"
INDEX_NAME = "casestudy_search_document_gin"


def swap_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{OLD_INDEX_NAME}"')
        schema_editor.add_index(
            apps.get_model("casestudies", "CaseStudy"),
            GinIndex(fields=["search_document"], name=INDEX_NAME),
        )


def unswap_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX_NAME}"')


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0003_history_and_publication_basis"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestudy",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=casestudies.search.SearchDocument(),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.RunPython(swap_index, unswap_index),
    ]
