"""A mission's outcomes, indicators and readings through the questionnaire's pages, the
controlled lists with 'other', and carrying missions over from the last round."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.models import Indicator, Mission, Outcome, Reading
from instrument.models import Round
from submissions.mission_progress import missions_carry_over
from submissions.models import Submission, SubmittedMission
from tests.factories import AuthorityFactory, MissionFactory, make_officer, new_client

from .conftest import loaded_version, mission_answers


@pytest.fixture
def submission(officer_client, authority, current_round):
    return Submission.objects.get_or_create(authority=authority, round=current_round)[0]


@pytest.fixture
def mission(submission):
    return MissionFactory(
        authority=submission.authority, title="No child goes hungry", submission=submission
    )


def post(client, url, data, button="save"):
    return client.post(url, {"version": loaded_version(client, url), **data, button: ""})


def test_officer_adds_an_outcome_an_indicator_and_readings(officer_client, mission):
    mission_url = reverse("questionnaire:mission_change", args=[mission.pk])
    page = officer_client.get(mission_url).content.decode()
    assert "Outcomes and indicators" in page and "Add an outcome" in page

    add_outcome = reverse("questionnaire:outcome_add", args=[mission.pk])
    response = post(officer_client, add_outcome, {"title": "Fewer hungry children"})
    assert response.status_code == 302 and response.url.endswith("#outcomes")
    outcome = Outcome.objects.get(mission=mission)

    add_indicator = reverse("questionnaire:indicator_add", args=[mission.pk, outcome.pk])
    response = post(
        officer_client,
        add_indicator,
        {
            "name": "Children eligible for free school meals",
            "unit": "%",
            "baseline_value": "21",
            "baseline_date_0": "1",
            "baseline_date_1": "4",
            "baseline_date_2": "2023",
            "target_value": "10",
            "target_date_0": "31",
            "target_date_1": "3",
            "target_date_2": "2030",
        },
    )
    assert response.status_code == 302, response.content.decode()
    indicator = Indicator.objects.get(outcome=outcome)
    assert (indicator.baseline_value, indicator.baseline_date) == (Decimal(21), date(2023, 4, 1))
    assert (indicator.target_value, indicator.target_date) == (Decimal(10), date(2030, 3, 31))

    add_reading = reverse("questionnaire:reading_add", args=[mission.pk, outcome.pk, indicator.pk])
    for year, value in (("2024", "19.5"), ("2025", "18")):
        response = post(
            officer_client,
            add_reading,
            {
                "value": value,
                "date_0": "1",
                "date_1": "4",
                "date_2": year,
                "source": "School census",
            },
        )
        assert response.status_code == 302, response.content.decode()
    assert [r.value for r in Reading.objects.filter(indicator=indicator)] == [
        Decimal("19.5"),
        Decimal("18"),
    ]

    page = officer_client.get(mission_url).content.decode()
    assert "Fewer hungry children" in page
    assert "Baseline 21%, target 10%, 2 readings" in page
    change = reverse("questionnaire:indicator_change", args=[mission.pk, outcome.pk, indicator.pk])
    page = officer_client.get(change).content.decode()
    assert "18% (source: School census)" in page and "Add another reading" in page


def test_reading_needs_value_date_and_source(officer_client, mission):
    outcome = Outcome.objects.create(mission=mission, title="Fewer hungry children")
    indicator = Indicator.objects.create(outcome=outcome, name="Meals")
    url = reverse("questionnaire:reading_add", args=[mission.pk, outcome.pk, indicator.pk])
    response = post(officer_client, url, {"value": "lots"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "The value must be a number" in content
    assert "Enter where the figure comes from" in content
    assert not Reading.objects.exists()


def test_indicator_dates_and_numbers_say_plainly_what_is_wrong(officer_client, mission):
    outcome = Outcome.objects.create(mission=mission, title="Fewer hungry children")
    url = reverse("questionnaire:indicator_add", args=[mission.pk, outcome.pk])
    data = {
        "name": "Meals",
        "baseline_date_0": "31",
        "baseline_date_1": "2",
        "baseline_date_2": "2025",
        "target_value": "ten",
        "target_date_1": "3",
        "target_date_2": "2030",
    }
    content = post(officer_client, url, data).content.decode()

    assert "The date of the baseline must be a real date" in content
    assert "out of range" not in content  # Python's words, not ours
    # A date with its day missing is not dropped without a word.
    assert "The date of the target must include a day, month and year" in content
    assert "The target value must be a number, like 12 or 12.5" in content
    assert "(optional) must" not in content
    assert 'name="target_value" value="ten"' in content
    assert not Indicator.objects.exists()

    data = {"name": "Meals", "baseline_date_0": "1", "baseline_date_1": "4"}
    content = post(officer_client, url, {**data, "baseline_date_2": "25"}).content.decode()
    assert "The date of the baseline needs a year of 4 numbers, like 2025" in content
    assert not Indicator.objects.exists()


def test_changing_an_indicator_after_someone_else_saved_is_a_conflict(officer_client, mission):
    outcome = Outcome.objects.create(mission=mission, title="Fewer hungry children")
    indicator = Indicator.objects.create(outcome=outcome, name="Meals", unit="%")
    url = reverse("questionnaire:indicator_change", args=[mission.pk, outcome.pk, indicator.pk])
    stale = loaded_version(officer_client, url)
    # Someone else changes the missions section meanwhile (adds an outcome).
    assert (
        post(
            officer_client,
            reverse("questionnaire:outcome_add", args=[mission.pk]),
            {"title": "Warmer homes"},
        ).status_code
        == 302
    )

    response = officer_client.post(url, {"version": stale, "name": "Overwritten", "save": ""})
    assert response.status_code == 200
    assert "Someone else saved this section" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.name == "Meals"


def test_another_authoritys_outcomes_are_404(officer_client, mission):
    other = MissionFactory(authority=AuthorityFactory())
    outcome = Outcome.objects.create(mission=other, title="Theirs")
    indicator = Indicator.objects.create(outcome=outcome, name="Theirs")
    for url in [
        reverse("questionnaire:outcome_add", args=[other.pk]),
        reverse("questionnaire:outcome_change", args=[other.pk, outcome.pk]),
        reverse("questionnaire:outcome_change", args=[mission.pk, outcome.pk]),
        reverse("questionnaire:indicator_add", args=[other.pk, outcome.pk]),
        reverse("questionnaire:reading_add", args=[other.pk, outcome.pk, indicator.pk]),
    ]:
        assert officer_client.get(url).status_code == 404, url


def test_submitted_missions_cannot_gain_outcomes(officer_client, submission, mission):
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.SUBMITTED)
    url = reverse("questionnaire:outcome_add", args=[mission.pk])
    response = officer_client.post(url, {"version": "0", "title": "Late", "save": ""})
    assert response.status_code == 302
    assert not Outcome.objects.exists()


def test_challenge_area_and_governance_are_lists_with_other(officer_client, submission):
    url = reverse("questionnaire:mission_add")
    response = post(officer_client, url, mission_answers(challenge="other", governance="board"))
    assert response.status_code == 200
    assert "Say what it is, since you selected Other" in response.content.decode()

    response = post(
        officer_client,
        url,
        mission_answers(
            challenge="other",
            challenge_other="Loneliness",
            governance="board",
            governance_other="ignored",
        ),
    )
    assert response.status_code == 302
    mission = submission.missions.get()
    assert (mission.challenge, mission.challenge_other) == ("other", "Loneliness")
    assert (mission.governance, mission.governance_other) == ("board", "")


def test_the_area_and_who_governs_are_shown_back_wherever_answers_are_summed_up(
    officer_client, submission, researcher_client
):
    # They were asked but left out of the summaries, so "check your answers" could not check them.
    data = mission_answers(challenge="other", challenge_other="Loneliness", governance="board")
    post(officer_client, reverse("questionnaire:mission_add"), data)

    for url in (reverse("questionnaire:missions"), reverse("questionnaire:check")):
        page = officer_client.get(url).content.decode()
        assert "Area it addresses" in page and "Loneliness" in page, url
        assert "Who governs it" in page and "A mission board" in page, url

    admin = reverse("admin:submissions_submission_change", args=[submission.pk])
    page = researcher_client.get(admin).content.decode()
    assert "<dt>Area it addresses</dt><dd>Loneliness</dd>" in page
    assert "<dt>Who governs it</dt><dd>A mission board</dd>" in page


# --- carried over from one round to the next -------------------------------------------


@pytest.fixture
def last_round_mission(authority, current_round):
    today = timezone.localdate()
    last = Round.objects.create(
        title="Call for practice 2025–26",
        slug="last",
        opens_on=current_round.opens_on - timedelta(days=365),
        closes_on=today - timedelta(days=40),
    )
    previous = Submission.objects.create(
        authority=authority, round=last, status=Submission.Status.ACCEPTED
    )
    return MissionFactory(authority=authority, title="Net zero by 2038", submission=previous)


def test_missions_carry_over_from_the_last_round(officer_client, submission, last_round_mission):
    missions_url = reverse("questionnaire:missions")
    page = officer_client.get(missions_url).content.decode()
    assert "Carry over missions from your last submission" in page
    assert "‘Net zero by 2038’" in page

    response = officer_client.post(reverse("questionnaire:missions_carry_over"))
    assert response.status_code == 302
    link = SubmittedMission.objects.get(submission=submission)
    assert link.mission == last_round_mission
    assert link.carried_from.submission.round.slug == "last"
    # The same register mission in both rounds: its readings form one series.
    assert last_round_mission.submissions.count() == 2

    assert "Carry over missions" not in officer_client.get(missions_url).content.decode()
    officer_client.post(reverse("questionnaire:missions_carry_over"))
    assert SubmittedMission.objects.filter(submission=submission).count() == 1


def test_carry_over_needs_a_post_and_an_officer(client, submission, last_round_mission):
    url = reverse("questionnaire:missions_carry_over")
    other = new_client()
    other.force_login(make_officer(AuthorityFactory(), "al@elsewhere.gov.uk"))
    other.post(url)
    assert not SubmittedMission.objects.filter(submission=submission).exists()
    assert client.get(url).status_code == 405


def test_carry_over_service_refuses_a_submitted_draft(officer, submission, last_round_mission):
    from submissions.services import SubmissionLocked

    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.SUBMITTED)
    with pytest.raises(SubmissionLocked):
        missions_carry_over(submission=submission, by=officer)
    assert Mission.objects.get().submissions.count() == 1
