"""Search ranks on the stored vector (PostgreSQL), and its page costs the same at any size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casestudies.models import CaseStudy
from casestudies.search import search
from tests.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db

LIST = reverse("casestudies:list")
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored vector is PostgreSQL's"
)


@postgres_only
def test_search_matches_and_ranks_on_the_stored_vector_without_recomputing_it():
    CaseStudyFactory(title="Housing first", body="Housing for everyone.")
    queryset = search(CaseStudy.objects.published(), "housing")
    sql = str(queryset.query)
    assert "to_tsvector" not in sql
    assert sql.count('"search_document"') >= 2  # the match and the rank
    assert [c.title for c in queryset] == ["Housing first"]


@postgres_only
def test_the_stored_vector_follows_every_edit():
    case_study = CaseStudyFactory(title="Allotments")
    case_study.title = "Community orchards"
    case_study.save()
    assert not search(CaseStudy.objects.all(), "allotments").exists()
    assert search(CaseStudy.objects.all(), "orchard").exists()
    CaseStudy.objects.filter(pk=case_study.pk).update(body="Beekeeping on roofs")
    assert search(CaseStudy.objects.all(), "beekeeping").exists()


@postgres_only
def test_a_common_word_plans_on_the_index_and_ranks_only_after_the_match():
    CaseStudyFactory.create_batch(5, title="Housing")
    queryset = search(CaseStudy.objects.all(), "housing").order_by("-rank")[:20]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "casestudy_search_document_gin" in plan, plan
    assert "Limit" in plan


def _list_queries(client, size) -> int:
    CaseStudyFactory.create_batch(size, title="Housing together", body="Housing, homes.")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, {"q": "housing", "page": 1})
    assert response.status_code == 200
    return len(captured)


def test_a_search_page_costs_the_same_queries_at_two_sizes(researcher_client):
    small = _list_queries(researcher_client, 3)
    assert _list_queries(researcher_client, 30) == small
