"""The admin home page shows researchers the submissions' figures, as charts and numbers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import Authority
from instrument.models import Round
from research.dashboard import bar_width, dashboard_context
from submissions.models import Answer, Submission
from tests.factories import (
    AuthorityFactory,
    QuestionFactory,
    ThemeFactory,
    UserFactory,
    client_for,
)

pytestmark = pytest.mark.django_db

S = Submission.Status


def make_round(slug: str, opens_on: datetime.date) -> Round:
    return Round.objects.create(
        title=f"Round {slug}",
        slug=slug,
        opens_on=opens_on,
        closes_on=opens_on + datetime.timedelta(days=90),
    )


def submission(round, status, *, submitted_at=None, **authority_fields) -> Submission:
    return Submission.objects.create(
        authority=AuthorityFactory(**authority_fields),
        round=round,
        status=status,
        submitted_at=submitted_at,
    )


def at(year, month, day=15):
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


@pytest.fixture
def fixture_data():
    """Two rounds, five submissions (one draft) and a theme answered by two of them."""
    Submission.objects.all().delete()
    Round.objects.all().delete()
    first = make_round("first", datetime.date(2025, 1, 1))
    second = make_round("second", datetime.date(2026, 1, 1))
    draft = submission(second, S.DRAFT, nation="Wales", type=Authority.Type.WELSH)
    wales = submission(
        first, S.ACCEPTED, submitted_at=at(2025, 1), nation="Wales", type=Authority.Type.WELSH
    )
    scotland = submission(
        second,
        S.SUBMITTED,
        submitted_at=at(2026, 2),
        nation="Scotland",
        type=Authority.Type.SCOTTISH,
    )
    england = submission(second, S.SUBMITTED, submitted_at=at(2026, 2, 20))
    submission(second, S.IN_REVIEW, submitted_at=at(2026, 3))

    theme = ThemeFactory(title="Counting theme", order=99)
    q1, q2 = QuestionFactory(theme=theme), QuestionFactory(theme=theme)
    Answer.objects.create(submission=wales, question=q1, text="Yes.")
    Answer.objects.create(submission=wales, question=q2, text="Also.")
    Answer.objects.create(submission=scotland, question=q1, text="Indeed.")
    # Neither an empty answer nor a draft's answer counts.
    Answer.objects.create(submission=england, question=q1, text="")
    Answer.objects.create(submission=draft, question=q1, text="Not sent yet.")
    return {"first": first, "second": second, "theme": theme}


def test_figures_for_a_small_fixture(fixture_data, django_assert_num_queries):
    with django_assert_num_queries(9):
        figures = dashboard_context()

    assert figures["total"] == 5
    assert figures["sent_total"] == 4
    states = {row["label"]: row["value"] for row in figures["state_chart"]}
    assert states == {
        "Draft": 1,
        "Submitted": 2,
        "In review": 1,
        "Changes requested": 0,
        "Resubmitted": 0,
        "Accepted": 1,
        "Declined": 0,
    }
    rounds = {row["round"].slug: row for row in figures["round_rows"]}
    # Columns follow Submission.Status order: draft, submitted, in review, changes requested,
    # resubmitted, accepted, declined.
    assert rounds["second"]["counts"] == [1, 2, 1, 0, 0, 0, 0]
    assert rounds["second"]["total"] == 4
    assert rounds["first"]["counts"] == [0, 0, 0, 0, 0, 1, 0]

    coverage = {row["label"]: row for row in figures["theme_coverage"]}
    assert coverage["Counting theme"]["value"] == 2
    assert coverage["Counting theme"]["answers"] == 3
    assert coverage["Counting theme"]["percent"] == 50
    assert coverage["Counting theme"]["width"] == 50
    # Seeded themes nobody answered still appear, with nothing.
    assert coverage["Leading change"]["value"] == 0

    nations = {row["label"]: row["value"] for row in figures["by_nation"]}
    assert nations == {"England": 2, "Scotland": 1, "Wales": 1, "Northern Ireland": 0}
    types = {row["label"]: row["value"] for row in figures["by_type"]}
    assert types["Unitary authority"] == 2
    assert types["Scottish council"] == 1
    assert types["Welsh principal area"] == 1
    assert types["London borough"] == 0

    months = [(row["label"], row["value"]) for row in figures["by_month"]]
    assert months == [("January 2025", 1), ("February 2026", 2), ("March 2026", 1)]


def test_response_rates_count_the_latest_round_against_the_register(
    fixture_data, django_assert_num_queries
):
    """In round "second" (the latest to open): a Scottish council and two others sent theirs;
    the Welsh one is still a draft, and the Welsh acceptance was in round "first"."""
    AuthorityFactory(type=Authority.Type.WELSH, nation="Wales", is_current=False)
    welsh_total = Authority.objects.filter(is_current=True, type=Authority.Type.WELSH).count()
    scottish_total = Authority.objects.filter(is_current=True, type=Authority.Type.SCOTTISH).count()

    figures = dashboard_context()

    by_type = {row["label"]: row for row in figures["rates_by_type"]}
    assert (by_type["Welsh principal area"]["value"], by_type["Welsh principal area"]["total"]) == (
        0,
        welsh_total,
    )
    scottish = by_type["Scottish council"]
    assert (scottish["value"], scottish["total"]) == (1, scottish_total)
    assert scottish["note"] == f"1 of {scottish_total} ({round(100 / scottish_total)}%)"
    nations = {row["label"]: row for row in figures["rates_by_nation"]}
    assert nations["Scotland"]["value"] == 1
    assert nations["Wales"]["value"] == 0
    assert (
        sum(row["total"] for row in figures["rates_by_region"])
        == Authority.objects.filter(is_current=True).count()
    )
    assert figures["latest_round"] == fixture_data["second"]


def test_bar_widths_are_five_percent_steps_of_the_largest():
    assert bar_width(0, 10) == 0
    assert bar_width(10, 10) == 100
    assert bar_width(5, 10) == 50
    assert bar_width(1, 1000) == 5  # never invisible when there is something
    assert bar_width(3, 7) % 5 == 0


def test_admin_home_shows_the_dashboard_as_charts_and_numbers(fixture_data, researcher_client):
    response = researcher_client.get(reverse("admin:index"))

    assert response.status_code == 200
    content = response.content.decode()
    for heading in (
        "Submissions at a glance",
        "By state",
        "By round and state",
        "Coverage of themes",
        "By nation",
        "By authority type",
        "Response rates",
        "Over time",
    ):
        assert f">{heading}<" in content
    assert "5 submissions in all, 4 sent to the researchers" in content
    assert "Counting theme" in content and "50%" in content
    assert "February 2026" in content
    assert "Round first" in content
    # Bars are drawn with width classes, and the app list is still there below.
    assert 'class="app-bar__fill app-bar--w100"' in content
    assert 'class="app-bar__fill app-bar--w50"' in content
    assert "css/site.css" in content
    assert reverse("admin:submissions_submission_changelist") in content


def test_staff_without_view_permission_do_not_see_the_dashboard(fixture_data):
    client = client_for(UserFactory(username="helper", is_staff=True))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Submissions at a glance" not in response.content.decode()


def admin_index_query_count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return len(queries)


def test_admin_home_query_count_does_not_grow_with_submissions(researcher_client, current_round):
    theme = ThemeFactory()
    question = QuestionFactory(theme=theme)
    statuses = [S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.ACCEPTED]
    nations = list(Authority.Nation.values)

    def add(count, start):
        for i in range(start, start + count):
            sent = submission(
                current_round,
                statuses[i % len(statuses)],
                submitted_at=at(2026, 1 + i % 12),
                nation=nations[i % len(nations)],
            )
            Answer.objects.create(submission=sent, question=question, text="An answer.")

    add(3, 0)
    few = admin_index_query_count(researcher_client)
    add(57, 3)
    many = admin_index_query_count(researcher_client)

    assert few == many
    assert "60 submissions in all" in researcher_client.get(reverse("admin:index")).content.decode()
