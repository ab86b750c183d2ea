"""The whole journey through the front door: sign up, verify by code, choose the authority
(verified by email domain), fill in every section, check the answers, submit."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from councils.models import Membership
from outbox.models import OutboxEmail
from submissions.models import Consent, SectionProgress, Submission
from tests.accounts.conftest import code_in
from tests.factories import PASSWORD, make_officer

from .conftest import complete_every_section

pytestmark = pytest.mark.django_db


def test_an_officer_signs_up_answers_every_section_and_submits_once(
    client, authority, current_round, django_capture_on_commit_callbacks
):
    # Sign up, and verify the email address with the emailed code.
    with django_capture_on_commit_callbacks(execute=True):
        signed_up = client.post(
            reverse("account_signup"),
            {"email": "sam@testshire.gov.uk", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert signed_up.status_code == 302
    [code_email] = [m for m in mail.outbox if m.to == ["sam@testshire.gov.uk"]]
    code = code_in(code_email.body)
    assert client.post(signed_up.url, {"code": code}).status_code == 302

    # Not an officer yet: /my/ says so, and shows nothing of any submission.
    dashboard = client.get(reverse("questionnaire:dashboard")).content.decode()
    assert "Choose your authority" in dashboard
    assert "submission" not in dashboard.split("<main", 1)[1].lower().replace("submissions", "")

    # Choose the authority: the address is at its email domain, so verified at once.
    chosen = client.post(
        reverse("membership:choose"),
        {"q": "Testshire", "authority": authority.pk, "role": "Head of policy"},
    )
    assert chosen.status_code == 302
    membership = Membership.objects.get(user__email="sam@testshire.gov.uk")
    assert membership.state == Membership.State.VERIFIED and membership.verified_by_domain

    dashboard = client.get(reverse("questionnaire:dashboard")).content.decode()
    assert "Start your submission" in dashboard

    task_list = client.get(reverse("questionnaire:task_list")).content.decode()
    assert "You have completed 0 of 11 sections." in task_list
    assert task_list.count("govuk-tag--blue") == 11

    complete_every_section(client)

    task_list = client.get(reverse("questionnaire:task_list")).content.decode()
    assert "You have completed 11 of 11 sections." in task_list
    assert "Last changed by sam@testshire.gov.uk on" in task_list
    assert "govuk-tag" not in task_list.split('class="govuk-task-list"', 1)[1]

    check = client.get(reverse("questionnaire:check"))
    html = check.content.decode()
    assert "Check your answers before you submit" in html
    assert "No child goes hungry" in html and "Testshire Food Bank" in html
    assert "Long-term funding." in html
    assert html.count("?return=check") >= 10

    # A colleague joined too: both verified officers get the receipt.
    colleague = make_officer(authority, "alex@testshire.gov.uk")
    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(reverse("questionnaire:check"), {"declaration": "on"})
    assert submitted.status_code == 302
    assert submitted.url == reverse("questionnaire:confirmation")

    submission = Submission.objects.get(authority=authority, round=current_round)
    assert submission.status == Submission.Status.SUBMITTED
    assert submission.reference == f"MLG-{current_round.opens_on.year}-{submission.pk:06d}"
    assert submission.declaration and submission.submitted_by.email == "sam@testshire.gov.uk"
    confirmation = client.get(submitted.url).content.decode()
    assert "govuk-panel--confirmation" in confirmation
    assert submission.reference in confirmation

    keys = [
        f"submission:{submission.pk}:receipt:{membership.user_id}",
        f"submission:{submission.pk}:receipt:{colleague.pk}",
        f"submission:{submission.pk}:lead",
    ]
    rows = {row.key: row for row in OutboxEmail.objects.filter(key__startswith="submission:")}
    assert sorted(rows) == sorted(keys)
    assert all(row.state == OutboxEmail.State.SENT for row in rows.values())
    assert rows[keys[0]].to == ["sam@testshire.gov.uk"]
    assert rows[keys[1]].to == ["alex@testshire.gov.uk"]
    assert rows[keys[2]].to == [settings.PROJECT_LEAD_EMAIL]
    admin_url = settings.SITE_URL + reverse(
        "admin:submissions_submission_change", args=[submission.pk]
    )
    assert admin_url in rows[keys[2]].body_text
    assert submission.reference in rows[keys[0]].body_text
    sent = [m for m in mail.outbox if m.subject in {r.subject for r in rows.values()}]
    assert sorted(tuple(m.to) for m in sent) == sorted(tuple(r.to) for r in rows.values())

    # Submitting again changes nothing and sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("questionnaire:check"), {"declaration": "on"})
    assert again.status_code == 302
    assert OutboxEmail.objects.filter(key__startswith="submission:").count() == 3
    assert len(mail.outbox) == len(mail.outbox[: len(mail.outbox)])  # unchanged below
    assert len([m for m in mail.outbox if m.subject in {r.subject for r in rows.values()}]) == 3
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED

    # Every section was completed, and the consent recorded with its wording version.
    assert (
        SectionProgress.objects.filter(
            submission=submission, status=SectionProgress.Status.COMPLETED
        ).count()
        == 11
    )
    consent = Consent.objects.get(submission=submission)
    assert consent.wording_version == "2026-11" and consent.is_complete

    # /my/ now shows the receipt.
    dashboard = client.get(reverse("questionnaire:dashboard")).content.decode()
    assert submission.reference in dashboard
