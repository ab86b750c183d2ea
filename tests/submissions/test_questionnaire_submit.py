"""Check your answers, submitting, the confirmation, /my/ and the admin."""

import html
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from instrument.models import Round
from outbox.models import OutboxEmail
from submissions.models import Submission
from tests.factories import AuthorityFactory, make_officer, new_client

from .conftest import CONSENT_ANSWERS, about_answers, complete_every_section, post_section

pytestmark = pytest.mark.django_db

CHECK = reverse("questionnaire:check")


def test_check_your_answers_shows_every_section_with_change_links(officer_client):
    post_section(officer_client, reverse("questionnaire:about"), about_answers())

    response = officer_client.get(CHECK)

    page = html.unescape(response.content.decode())
    assert "<title>Check your answers before you submit" in page
    for number, title in [
        (1, "About your authority and approach"),
        (2, "Your missions"),
        (5, "Leading change"),
        (9, "Learning and enablers (optional)"),
        (10, "The role of national government (optional)"),
        (11, "How we can use your answers"),
    ]:
        assert f"{number}. {title}</h2>" in page
    assert "The chief executive and the cabinet member for communities." in page
    assert 'href="/my/submission/about/?return=check#id_who_leads"' in page
    assert 'Change<span class="govuk-visually-hidden"> who leads the work</span>' in page
    assert "You need to complete 8 more sections before you can submit." in page
    assert 'name="declaration"' in page


def test_submitting_with_sections_incomplete_names_them_and_changes_nothing(
    officer_client, django_capture_on_commit_callbacks
):
    post_section(officer_client, reverse("questionnaire:about"), about_answers())
    post_section(officer_client, reverse("questionnaire:consent"), CONSENT_ANSWERS)

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(CHECK, {"declaration": "on"})

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "<title>Error: Check your answers before you submit" in page
    assert 'class="govuk-error-summary"' in page
    assert '<a href="/my/submission/missions/?return=check">Complete ‘Your missions’' in page
    assert (
        '<a href="/my/submission/themes/leading-change/?return=check">Complete ‘Leading change’'
        in page
    )
    assert "Complete ‘About your authority" not in page
    assert "Complete ‘The role of national government" not in page  # optional
    assert Submission.objects.get().status == Submission.Status.DRAFT
    assert not OutboxEmail.objects.filter(key__startswith="submission:").exists()


def test_submitting_needs_the_declaration(officer_client):
    complete_every_section(officer_client)

    response = officer_client.post(CHECK, {})

    page = html.unescape(response.content.decode())
    assert "<title>Error: Check your answers" in page
    assert (
        '<a href="#id_declaration">Confirm that the information is accurate and that you are '
        "authorised to submit it</a>" in page
    )
    assert Submission.objects.get().status == Submission.Status.DRAFT


def test_the_emails_are_written_in_the_same_transaction_as_the_status(officer_client):
    complete_every_section(officer_client)

    with (
        mock.patch("submissions.services.email_enqueue", side_effect=RuntimeError("outbox down")),
        pytest.raises(RuntimeError),
    ):
        officer_client.post(CHECK, {"declaration": "on"})

    submission = Submission.objects.get()
    assert submission.status == Submission.Status.DRAFT
    assert submission.reference is None


def test_the_receipt_goes_only_to_verified_officers_of_the_authority(
    officer_client, officer, authority, django_capture_on_commit_callbacks
):
    make_officer(authority, "pending@testshire.gov.uk", state="pending")
    make_officer(AuthorityFactory(), "other@elsewhere.gov.uk")
    complete_every_section(officer_client)

    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(CHECK, {"declaration": "on"})

    submission = Submission.objects.get()
    receipts = OutboxEmail.objects.filter(key__startswith=f"submission:{submission.pk}:receipt:")
    assert [r.to for r in receipts] == [[officer.email]]
    [receipt] = receipts
    assert receipt.key == f"submission:{submission.pk}:receipt:{officer.pk}"
    assert "Reference number: " + submission.reference in receipt.body_text
    assert {tuple(m.to) for m in mail.outbox} >= {(officer.email,)}


def test_a_colleague_who_did_not_submit_is_not_told_they_did(
    officer_client, authority, current_round
):
    complete_every_section(officer_client)
    officer_client.post(CHECK, {"declaration": "on"})
    colleague = new_client()
    colleague.force_login(make_officer(authority, "sam@testshire.gov.uk"))

    page = colleague.get(reverse("questionnaire:dashboard")).content.decode()

    assert "View the answers Testshire submitted" in page
    assert "answers you submitted" not in page


def test_references_are_unique_per_submission(
    current_round, authority, django_capture_on_commit_callbacks
):
    references = set()
    for n, auth in enumerate([authority, AuthorityFactory(), AuthorityFactory()]):
        client = new_client()
        client.force_login(make_officer(auth, f"officer{n}@example.org"))
        complete_every_section(client)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(CHECK, {"declaration": "on"})
    references = set(Submission.objects.values_list("reference", flat=True))
    assert len(references) == 3
    assert all(r.startswith(f"MLG-{current_round.opens_on.year}-") for r in references)


def test_the_confirmation_page_needs_a_submission(officer_client):
    response = officer_client.get(reverse("questionnaire:confirmation"))

    assert response.url == reverse("questionnaire:task_list")


# --- /my/ --------------------------------------------------------------------------------


def test_my_page_shows_membership_progress_and_past_submissions(
    officer_client, officer, authority, current_round, django_capture_on_commit_callbacks
):
    past_round = Round.objects.create(
        title="Call for practice 2024–25",
        slug="call-for-practice-2024-25",
        opens_on=date(2024, 9, 1),
        closes_on=date(2025, 6, 30),
    )
    past = Submission.objects.create(
        authority=authority,
        round=past_round,
        status=Submission.Status.SUBMITTED,
        reference="MLG-2024-000001",
        submitted_at=timezone.now() - timedelta(days=500),
    )
    other = Submission.objects.create(authority=AuthorityFactory(), round=past_round)

    page = officer_client.get(reverse("questionnaire:dashboard")).content.decode()
    assert "Testshire" in page and "Verified" in page
    assert "Start your submission" in page
    assert "Call for practice 2024–25" in page and "MLG-2024-000001" in page
    assert reverse("questionnaire:submission_detail", args=[past.pk]) in page
    assert reverse("questionnaire:submission_detail", args=[other.pk]) not in page

    post_section(officer_client, reverse("questionnaire:about"), about_answers())
    page = officer_client.get(reverse("questionnaire:dashboard")).content.decode()
    assert "You have completed 1 of 11 sections." in page
    assert "Continue your submission" in page

    detail = officer_client.get(reverse("questionnaire:submission_detail", args=[past.pk]))
    assert "MLG-2024-000001" in detail.content.decode()


def test_my_page_for_someone_waiting_for_approval_shows_no_submission(authority, current_round):
    client = new_client()
    client.force_login(make_officer(authority, "new@example.org", state="pending"))
    Submission.objects.create(authority=authority, round=current_round, who_leads="Secret")

    page = client.get(reverse("questionnaire:dashboard")).content.decode()

    assert "Waiting for approval" in page
    assert "Your authority’s submission" not in page
    assert "sections" not in page


# --- admin -------------------------------------------------------------------------------


def test_rounds_and_submissions_in_the_admin(
    officer_client, researcher_client, django_capture_on_commit_callbacks
):
    complete_every_section(officer_client)
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(CHECK, {"declaration": "on"})
    submission = Submission.objects.get()

    listing = researcher_client.get(reverse("admin:submissions_submission_changelist"))
    assert submission.reference in listing.content.decode()
    change = researcher_client.get(
        reverse("admin:submissions_submission_change", args=[submission.pk])
    )
    page = change.content.decode()
    assert change.status_code == 200
    assert "No child goes hungry" in page  # the officers' missions, shown read-only
    assert "The chief executive and the cabinet member" in page
    assert "Listening first." in page
    assert "2026-11" in page
    rounds = researcher_client.get(reverse("admin:instrument_round_changelist")).content.decode()
    assert "Call for practice 2026–27" in rounds
