"""A mission's outcomes, indicators and readings appear wherever the answers are read back:
the check page (with a Change link to where they are edited), the receipt email and the
downloaded copy; and the check page costs the same however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import Mission, Reading
from outbox.models import OutboxEmail
from submissions.models import Submission
from tests.factories import MissionFactory, add_outcome

from .conftest import complete_every_section

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def answered(officer_client):
    """Every section answered through the pages; the mission has an outcome, an indicator
    and a reading."""
    complete_every_section(officer_client)
    add_outcome(Mission.objects.get(title="No child goes hungry"))
    return Submission.objects.get()


def test_check_page_shows_outcomes_with_a_change_link(officer_client, answered):
    page = officer_client.get(reverse("questionnaire:check")).content.decode()

    assert "Outcome: Fewer children in food poverty" in page
    assert "Indicator: Children eligible for free school meals (unit: %)" in page
    assert "21%" in page and "1 April 2023" in page  # baseline
    assert "10%" in page and "31 March 2030" in page  # target
    assert "18.5%" in page and "1 April 2024" in page and "DfE school census" in page
    mission = Mission.objects.get(title="No child goes hungry")
    change = reverse("questionnaire:mission_change", args=[mission.pk]) + "?return=check#outcomes"
    assert (
        f'<a class="govuk-link" href="{change}">Change<span class="govuk-visually-hidden">'
        " outcomes and indicators of No child goes hungry</span></a>"
    ) in page
    assert 'style="' not in page and "<script>" not in page


def test_a_mission_without_outcomes_says_so(officer_client):
    complete_every_section(officer_client)
    page = officer_client.get(reverse("questionnaire:check")).content.decode()
    assert "Outcomes and indicators" in page and "No outcomes added." in page


def test_the_receipt_and_the_download_carry_them(officer_client, officer, answered):
    indicator = Reading.objects.get().indicator
    Reading.objects.create(indicator=indicator, date="2025-04-01", value=16, source="DfE 2025")
    officer_client.post(reverse("questionnaire:check"), {"declaration": "on"})
    answered.refresh_from_db()
    assert answered.status == Submission.Status.SUBMITTED

    receipt = OutboxEmail.objects.get(key=f"submission:{answered.pk}:receipt:{officer.pk}")
    assert (
        "  - Outcomes and indicators:\n"
        "    - Outcome: Fewer children in food poverty\n"
        "      - Indicator: Children eligible for free school meals (unit: %)\n"
        "        Baseline: 21% (1 April 2023)\n"
        "        Reading: 18.5% on 1 April 2024 (source: DfE school census)\n"
        "        Reading: 16% on 1 April 2025 (source: DfE 2025)\n"
        "        Target: 10% (by 31 March 2030)\n"
    ) in receipt.body_text
    assert "&amp;" not in receipt.body_text and "<" not in receipt.body_text

    download = officer_client.get(reverse("questionnaire:submission_download", args=[answered.pk]))
    html = download.content.decode()
    assert "Outcome: Fewer children in food poverty" in html and "DfE 2025" in html


def test_check_page_costs_the_same_however_many_outcomes(
    officer_client, answered, django_assert_max_num_queries
):
    url = reverse("questionnaire:check")
    baseline = queries(officer_client, url)

    for n in range(3):
        mission = MissionFactory(authority=answered.authority, submission=answered)
        for title in ("Fewer hungry children", "More school breakfasts"):
            add_outcome(mission, title, indicators=2, readings=3)
    with django_assert_max_num_queries(baseline):
        page = officer_client.get(url).content.decode()
    assert page.count("Outcome: More school breakfasts") == 3
    assert Reading.objects.count() == 1 + 3 * 2 * 2 * 3
