"""Full-text search over published case studies.

PostgreSQL: a weighted tsvector (title A, summary B, body C, 'english' config), stored in the
generated column `CaseStudy.search_document` and GIN-indexed (migration 0003), matched with
websearch_to_tsquery and ranked with ts_rank on the stored vector: nothing is recomputed per
match, so a common word costs a rank per matching row, not a parse of every body.
SQLite (local runs, the fast test suite): the column is NULL; every word must appear in some
field, and title matches come first.
"""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, Value, When

CONFIG = "english"
MAX_TERMS = 10


def search_vector() -> SearchVector:
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("summary", weight="B", config=CONFIG)
        + SearchVector("body", weight="C", config=CONFIG)
    )


class SearchDocument(Func):
    """The stored vector's expression: `search_vector()` on PostgreSQL, NULL elsewhere."""

    output_field = SearchVectorField()

    def __init__(self):
        super().__init__(search_vector())

    def as_sql(self, compiler, connection, **extra):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra):
        return compiler.compile(self.source_expressions[0])


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Case studies matching `text`, annotated with `rank` (higher is more relevant)."""
    text = (text or "").strip()
    if not text:
        return queryset
    if uses_postgres():
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        return queryset.filter(search_document=query).annotate(
            rank=SearchRank(F("search_document"), query)
        )
    return _search_fallback(queryset, text)


def _search_fallback(queryset: QuerySet, text: str) -> QuerySet:
    terms = text.replace('"', " ").split()[:MAX_TERMS]
    rank = Value(0, output_field=IntegerField())
    for term in terms:
        queryset = queryset.filter(
            Q(title__icontains=term) | Q(summary__icontains=term) | Q(body__icontains=term)
        )
        rank = rank + Case(
            When(title__icontains=term, then=Value(100)),
            When(summary__icontains=term, then=Value(10)),
            default=Value(1),
            output_field=IntegerField(),
        )
    return queryset.annotate(rank=rank)
