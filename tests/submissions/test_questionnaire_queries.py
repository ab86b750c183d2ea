"""Pages make the same number of queries however much has been written."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import Mission, MissionPartner, NationalMission
from instrument.models import Theme
from submissions.models import Answer, SectionProgress, Submission, ThemeReflection
from tests.factories import MissionPartnerFactory, QuestionFactory, make_officer

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_missions(submission, count):
    for n in range(count):
        mission = Mission.objects.create(
            authority=submission.authority,
            title=f"Mission {n} {submission.missions.count()}",
            statement="By 2030…",
        )
        submission.missions.add(mission)
        mission.national_missions.set(NationalMission.objects.all())
        for _ in range(3):
            MissionPartnerFactory(mission=mission)


def answer_everything(submission, officer):
    for theme in Theme.objects.with_questions():
        for question in theme.questions.all():
            Answer.objects.update_or_create(
                submission=submission, question=question, defaults={"text": "An answer. " * 50}
            )
        ThemeReflection.objects.update_or_create(
            submission=submission, theme=theme, defaults={"what_worked": "x", "what_didnt": "y"}
        )
        SectionProgress.objects.update_or_create(
            submission=submission,
            key=f"theme-{theme.slug}",
            defaults={"status": "completed", "updated_by": officer},
        )


@pytest.fixture
def submission(officer_client):
    officer_client.get(reverse("questionnaire:task_list"))
    return Submission.objects.get()


def test_check_your_answers_with_one_mission_or_eight(
    officer_client, officer, submission, authority, django_assert_max_num_queries
):
    url = reverse("questionnaire:check")
    add_missions(submission, 1)
    baseline = queries(officer_client, url)

    add_missions(submission, 7)
    answer_everything(submission, make_officer(authority, "alex@testshire.gov.uk"))
    with django_assert_max_num_queries(baseline):
        response = officer_client.get(url)
    assert response.content.decode().count('class="govuk-summary-card__title"') == 8
    assert MissionPartner.objects.count() == 24


def test_the_task_list_however_many_sections_and_people(
    officer_client, officer, submission, authority, django_assert_max_num_queries
):
    url = reverse("questionnaire:task_list")
    baseline = queries(officer_client, url)

    for n in range(5):
        make_officer(authority, f"colleague{n}@testshire.gov.uk")
    answer_everything(submission, officer)
    add_missions(submission, 8)
    with django_assert_max_num_queries(baseline):
        response = officer_client.get(url)
    assert "You have completed 6 of 11 sections." in response.content.decode()


def test_a_theme_page_with_many_questions_and_answers(
    officer_client, officer, submission, django_assert_max_num_queries
):
    theme = Theme.objects.get(slug="driving-innovation")
    url = reverse("questionnaire:theme", args=[theme.slug])
    baseline = queries(officer_client, url)

    for n in range(8):
        QuestionFactory(theme=theme, order=10 + n)
    answer_everything(submission, officer)
    with django_assert_max_num_queries(baseline):
        response = officer_client.get(url)
    assert response.content.decode().count("An answer.") >= 9


def test_the_missions_list_and_a_past_submission(
    officer_client, officer, submission, django_assert_max_num_queries
):
    missions = reverse("questionnaire:missions")
    detail = reverse("questionnaire:submission_detail", args=[submission.pk])
    add_missions(submission, 1)
    baseline_missions = queries(officer_client, missions)
    baseline_detail = queries(officer_client, detail)

    add_missions(submission, 7)
    answer_everything(submission, officer)
    with django_assert_max_num_queries(baseline_missions):
        officer_client.get(missions)
    with django_assert_max_num_queries(baseline_detail):
        officer_client.get(detail)
