"""Consent after submitting: officers may change or withdraw it until a case study drawn from
their answers is published; each change is a new Consent row, and the project lead is told."""

from django.conf import settings

from common.emails import absolute_url, email_context
from outbox.services import email_enqueue

from .models import Consent, Submission
from .sections import CONSENT_WORDING_VERSION

# CaseStudy.State.PUBLISHED, read through the reverse relation: casestudies sits above this app.
PUBLISHED = "published"


def consent_refusal(submission: Submission) -> str:
    """Why the consent cannot change now, in plain English; "" if it can.

    Unlike the answers, consent stays open after submitting (and after the round closes): it is
    the authority's say over what is published, until something has been."""
    if submission.case_studies.filter(state=PUBLISHED).exists():
        return (
            f"A case study drawn from {submission.authority.name}’s answers has been published "
            "under this consent, so it cannot be changed here. To ask for the case study to be "
            f"changed or taken down, contact {settings.PROJECT_LEAD_NAME} at "
            f"{settings.PROJECT_LEAD_EMAIL}."
        )
    if submission.is_sent:
        return ""
    return submission.edit_refusal()


def consent_record(*, submission: Submission, data: dict, by) -> Consent:
    """Append-only: each save is a record of what was agreed to, in which wording, by whom.
    A change after the answers were sent is emailed to the project lead, with the change."""
    consent = Consent.objects.create(
        submission=submission,
        publication=data["publication"],
        follow_up_contact=data["follow_up_contact"],
        privacy_agreed=bool(data["privacy_agreed"]),
        wording_version=CONSENT_WORDING_VERSION,
        given_by=by,
    )
    if submission.is_sent:
        _consent_changed_notify(submission=submission, consent=consent, by=by)
    return consent


def _consent_changed_notify(*, submission: Submission, consent: Consent, by) -> None:
    admin_url = absolute_url("admin:submissions_submission_change", submission.pk)
    email_enqueue(
        key=f"submission:{submission.pk}:consent:{consent.pk}",
        to=[settings.PROJECT_LEAD_EMAIL],
        reply_to=[by.email] if by is not None and by.email else None,
        template="consent_changed",
        context=email_context(
            submission=submission,
            authority=submission.authority,
            consent=consent,
            changed_by=by.email if by is not None else "",
            admin_url=admin_url,
        ),
        related_admin_url=admin_url,
    )
