"""Which button saved a section, where it goes next, and who it says changed it."""

import pytest
from django.urls import reverse

from research import review
from submissions.models import Consent, SectionProgress, Submission
from submissions.sections import ABOUT

from .conftest import about_answers, complete_every_section, post_section

pytestmark = pytest.mark.django_db

Status = SectionProgress.Status


def test_save_and_come_back_later_completes_a_fully_answered_section(officer_client):
    post_section(officer_client, reverse("questionnaire:about"), about_answers(), button="later")

    assert SectionProgress.objects.get(key=ABOUT).status == Status.COMPLETED


def test_save_and_come_back_later_on_every_section_still_lets_the_authority_submit(officer_client):
    complete_every_section(officer_client)
    # Come back later to one section, changing nothing: it must not block submitting.
    post_section(officer_client, reverse("questionnaire:about"), about_answers(), button="later")

    response = officer_client.post(reverse("questionnaire:check"), {"declaration": "on"})

    assert response.status_code == 302
    assert response.url == reverse("questionnaire:confirmation")
    assert Submission.objects.get().status == Submission.Status.SUBMITTED


def test_save_and_continue_on_an_empty_consent_page_says_what_to_answer(officer_client):
    response = post_section(officer_client, reverse("questionnaire:consent"), {})

    assert response.status_code == 200
    assert "Select how we may publish what you tell us" in response.content.decode()
    assert not Consent.objects.exists()


def test_save_and_come_back_later_on_an_empty_consent_page_is_allowed(officer_client):
    response = post_section(officer_client, reverse("questionnaire:consent"), {}, button="later")

    assert response.status_code == 302
    assert SectionProgress.objects.get(key="consent").status == Status.IN_PROGRESS


@pytest.fixture
def changes_requested(officer_client, researcher):
    complete_every_section(officer_client)
    officer_client.post(reverse("questionnaire:check"), {"declaration": "on"})
    submission = Submission.objects.get()
    review.submission_start_review(submission=submission, by=researcher)
    review.submission_request_changes(
        submission=submission, by=researcher, changes={ABOUT: "Say who leads it."}
    )
    return submission


def test_after_a_change_request_save_and_continue_goes_back_to_the_task_list(
    officer_client, changes_requested
):
    response = post_section(officer_client, reverse("questionnaire:about"), about_answers())

    assert response.url == reverse("questionnaire:task_list")


def test_after_a_change_request_save_and_continue_goes_back_to_check_when_it_came_from_there(
    officer_client, changes_requested
):
    url = reverse("questionnaire:about") + "?return=check"
    response = post_section(officer_client, url, about_answers())

    assert response.url == reverse("questionnaire:check")


def test_a_change_request_does_not_say_the_researcher_changed_the_section(
    officer_client, officer, researcher, changes_requested
):
    page = officer_client.get(reverse("questionnaire:task_list")).content.decode()

    assert f"Last changed by {researcher.get_full_name()}" not in page
    assert f"Last changed by {officer.email} on" in page
    assert SectionProgress.objects.get(key=ABOUT).status == Status.IN_PROGRESS


def test_the_task_list_points_at_the_commented_sections_not_every_one_in_progress(
    officer_client, changes_requested
):
    # An optional section left half-answered is "In progress" too, but nobody asked to change it.
    page = officer_client.get(reverse("questionnaire:task_list")).content.decode()

    assert "the sections below that show its comments" in page
    assert "marked “In progress”" not in page
    assert 'aria-describedby="task-1-hint task-1-changes task-1-status"' in page
    assert 'id="task-1-changes"' in page and "Say who leads it." in page
    assert "When you have completed every section not marked ‘optional’" in page
