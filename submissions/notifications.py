"""Emails about a submission that the officers' own moves cause for the research team."""

from django.conf import settings

from common.emails import absolute_url, email_context
from outbox.services import email_enqueue

from .models import Submission
from .sections import section_list


def submission_resubmitted_notify(*, submission: Submission) -> None:
    """Tell the submission's assignees and the project lead that the authority has sent its
    changed answers back: one email for each resubmission, however often this is called.

    Call it inside the resubmitting transaction, after the move is recorded, so the email is
    written with the change or not at all."""
    number = submission.transitions.filter(to_status=Submission.Status.RESUBMITTED).count()
    recipients = [u.email for u in submission.assignees.order_by("pk") if u.email]
    recipients.append(settings.PROJECT_LEAD_EMAIL)
    to = list(dict.fromkeys(r for r in recipients if r))
    admin_url = absolute_url("admin:submissions_submission_change", submission.pk)
    # The sections asked about in the latest request (one request's rows share a time).
    latest = submission.change_requests.order_by("-created_at").first()
    keys = set(
        submission.change_requests.filter(created_at=latest.created_at).values_list(
            "section_key", flat=True
        )
        if latest
        else []
    )
    sections = [s.title for s in section_list() if s.key in keys]
    email_enqueue(
        key=f"submission:{submission.pk}:resubmitted:{number}",
        to=to,
        template="submission_resubmitted",
        context=email_context(
            submission=submission,
            authority=submission.authority,
            round=submission.round,
            sections=sections,
            admin_url=admin_url,
        ),
        related_admin_url=admin_url,
    )
