"""The researchers' workspace answers in the same number of queries at two data sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from research.models import Code
from submissions.models import Answer, SectionProgress

from .conftest import code_answer, make_submission

pytestmark = pytest.mark.django_db


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def grow(a_round, theme, researcher, start, n):
    code = Code.objects.get_or_create(theme=theme, name="Listening")[0]
    submissions = []
    for i in range(start, start + n):
        submission = make_submission(a_round, theme, name=f"Council {i}")
        for key in ("about", "missions", theme.slug):
            SectionProgress.objects.create(submission=submission, key=key, status="complete")
        for answer in submission.answers.all():
            code_answer(answer, code, researcher)
        submissions.append(submission)
    return submissions


def test_a_submission_page_costs_the_same_with_more_rows(
    researcher_client, researcher, a_round, theme
):
    small = grow(a_round, theme, researcher, 0, 1)[0]
    url = reverse("admin:submissions_submission_change", args=[small.pk])
    before = queries(researcher_client, url)
    big = make_submission(a_round, theme, name="Big council")
    for i in range(12):
        SectionProgress.objects.create(submission=big, key=f"section-{i}", status="complete")
    after = queries(
        researcher_client, reverse("admin:submissions_submission_change", args=[big.pk])
    )
    assert after <= before


@pytest.mark.parametrize(
    "name",
    [
        "admin:submissions_submission_changelist",
        "admin:research_codableanswer_changelist",
        "admin:research_coding_changelist",
    ],
)
def test_workspace_lists_cost_the_same_at_two_sizes(
    researcher_client, researcher, a_round, theme, name
):
    grow(a_round, theme, researcher, 0, 2)
    small = queries(researcher_client, reverse(name))
    grow(a_round, theme, researcher, 2, 10)
    assert queries(researcher_client, reverse(name)) == small


def test_searching_answers_costs_the_same_at_two_sizes(
    researcher_client, researcher, a_round, theme
):
    url = reverse("admin:submissions_submission_changelist")
    grow(a_round, theme, researcher, 0, 2)
    small = queries(researcher_client, url, {"q": "assemblies"})
    grow(a_round, theme, researcher, 2, 10)
    assert queries(researcher_client, url, {"q": "assemblies"}) == small
    assert Answer.objects.count() > 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_searching_answers_uses_the_text_index(researcher, a_round, theme):
    from django.contrib.postgres.search import SearchQuery, SearchVector

    grow(a_round, theme, researcher, 0, 2)
    # The same expression the admin search filters on.
    matching = Answer.objects.annotate(search=SearchVector("text", config="english")).filter(
        search=SearchQuery("assemblies", config="english", search_type="websearch")
    )
    sql, params = matching.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "answer_text_search_gin" in plan, plan
