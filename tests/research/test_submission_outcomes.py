"""The researchers' submission page shows each mission's outcomes, indicators and readings
(so a researcher who asked for a reading can see whether it came), at a cost that does not
grow with how many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import Mission, Reading
from submissions.models import Submission
from tests.factories import MissionFactory, add_outcome
from tests.submissions.conftest import complete_every_section

from .test_admin_words import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(officer_client):
    complete_every_section(officer_client)
    officer_client.post(reverse("questionnaire:check"), {"declaration": "on"})
    return Submission.objects.get()


def test_a_researcher_sees_the_outcomes_and_a_reading_added_later(
    researcher, researcher_client, submitted
):
    assert not researcher.is_superuser
    url = reverse("admin:submissions_submission_change", args=[submitted.pk])
    page = visible_text(researcher_client.get(url).content.decode())
    assert "Outcomes and indicators" in page and "No outcomes added." in page

    # After being asked, the authority adds an outcome, an indicator and a reading.
    add_outcome(Mission.objects.get(title="No child goes hungry"))
    page = visible_text(researcher_client.get(url).content.decode())

    assert "Outcome: Fewer children in food poverty" in page
    assert "Indicator: Children eligible for free school meals (unit: %)" in page
    assert "Baseline 1 April 2023 21%" in page
    assert "Reading 1 April 2024 18.5% DfE school census" in page
    assert "Target 31 March 2030 10%" in page


def test_the_page_costs_the_same_however_many_outcomes_and_readings(
    researcher_client, submitted, django_assert_max_num_queries
):
    add_outcome(Mission.objects.get(title="No child goes hungry"))
    url = reverse("admin:submissions_submission_change", args=[submitted.pk])
    researcher_client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as small:
        researcher_client.get(url)

    for n in range(4):
        mission = MissionFactory(authority=submitted.authority, submission=submitted)
        for title in ("Fewer hungry children", "More school breakfasts"):
            add_outcome(mission, title, indicators=3, readings=4)
    with django_assert_max_num_queries(len(small)):
        page = visible_text(researcher_client.get(url).content.decode())
    assert page.count("Outcome: More school breakfasts") == 4
    assert Reading.objects.count() == 1 + 4 * 2 * 3 * 4
