"""Full-text search over published case studies.

PostgreSQL: a weighted tsvector (title A, summary B, body C, 'english' config) matched with
websearch_to_tsquery and ordered by ts_rank. The expression is exactly the one the GIN index in
migration 0002 is built on, so the planner can use the index. SQLite (local runs, the fast test
suite): every word must appear in some field, and title matches come first.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

CONFIG = "english"
MAX_TERMS = 10


def search_vector() -> SearchVector:
    # Keep in step with casestudies/migrations/0002_seed_and_search_index.py.
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("summary", weight="B", config=CONFIG)
        + SearchVector("body", weight="C", config=CONFIG)
    )


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Case studies matching `text`, annotated with `rank` (higher is more relevant)."""
    text = (text or "").strip()
    if not text:
        return queryset
    if uses_postgres():
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        vector = search_vector()
        return (
            queryset.alias(search=vector)
            .filter(search=query)
            .annotate(rank=SearchRank(vector, query))
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
