"""The researchers' side of the review workflow (submissions/workflow.py holds the table):
start a review, accept (the officers are told), decline, ask for changes, assign, and
internal notes.

Each service checks the user's role (common.roles), locks the submission, checks the move,
then records it; emails go to the outbox in the same transaction.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from common import roles
from common.emails import absolute_url, email_context
from councils.models import Membership
from outbox.services import email_enqueue
from submissions.models import ChangeRequest, SectionProgress, Submission, SubmissionNote
from submissions.sections import section_list
from submissions.workflow import (
    WORKFLOW,
    SubmissionTransitionError,
    check_move,
    move,
    submission_lock,
)

S = Submission.Status


def _admin_url(submission: Submission) -> str:
    return absolute_url("admin:submissions_submission_change", submission.pk)


def _decide(*, submission: Submission, by, to: str, comment: str, allowed: bool, what: str):
    WORKFLOW.check_allowed(allowed, what)
    locked = submission_lock(submission)
    check_move(locked, to)
    return move(submission=locked, to=to, by=by, comment=comment)


@transaction.atomic
def submission_start_review(*, submission: Submission, by, comment: str = "") -> Submission:
    return _decide(
        submission=submission,
        by=by,
        to=S.IN_REVIEW,
        comment=comment,
        allowed=roles.can_review(by),
        what="review submissions",
    )


@transaction.atomic
def submission_accept(*, submission: Submission, by, comment: str = "") -> Submission:
    """Accept the submission and tell its authority's verified officers (once: accepted is
    where the workflow ends)."""
    accepted = _decide(
        submission=submission,
        by=by,
        to=S.ACCEPTED,
        comment=comment,
        allowed=roles.can_decide(by),
        what="accept submissions; ask a project lead",
    )
    emails = _officer_emails(accepted)
    if emails:
        email_enqueue(
            key=f"submission:{accepted.pk}:accepted",
            to=emails,
            template="review_accepted",
            context=email_context(
                submission=accepted,
                authority=accepted.authority,
                round=accepted.round,
                comment=comment,
                submission_url=absolute_url("questionnaire:submission_detail", accepted.pk),
                lead_name=settings.PROJECT_LEAD_NAME,
                lead_email=settings.PROJECT_LEAD_EMAIL,
            ),
            related_admin_url=_admin_url(accepted),
        )
    return accepted


@transaction.atomic
def submission_decline(*, submission: Submission, by, comment: str = "") -> Submission:
    return _decide(
        submission=submission,
        by=by,
        to=S.DECLINED,
        comment=comment,
        allowed=roles.can_decide(by),
        what="decline submissions; ask a project lead",
    )


@transaction.atomic
def submission_request_changes(
    *, submission: Submission, by, changes: dict[str, str], comment: str = ""
) -> Submission:
    """Ask the authority to change the sections in `changes` ({section key: what to change}).

    The flagged sections go back to "In progress"; every verified officer is emailed the list
    once (outbox key submission:<id>:changes:<n>, n counting the requests for changes).
    """
    WORKFLOW.check_allowed(roles.can_request_changes(by), "ask for changes to submissions")
    locked = submission_lock(submission)
    check_move(locked, S.CHANGES_REQUESTED)
    sections = {s.key: s for s in section_list()}
    changes = {key: text.strip() for key, text in changes.items() if text and text.strip()}
    if not changes:
        raise SubmissionTransitionError(
            "Say which sections the authority should change, and what to change."
        )
    unknown = sorted(set(changes) - set(sections))
    if unknown:
        raise SubmissionTransitionError(f"There is no section called {', '.join(unknown)}.")
    now = timezone.now()
    requests = ChangeRequest.objects.bulk_create(
        ChangeRequest(
            submission=locked, section_key=key, comment=text, created_by=by, created_at=now
        )
        for key, text in changes.items()
    )
    for key in changes:
        progress, _ = SectionProgress.objects.get_or_create(submission=locked, key=key)
        # Not "changed by" the researcher: the answers are still the officers'.
        SectionProgress.objects.filter(pk=progress.pk).update(
            status=SectionProgress.Status.IN_PROGRESS, version=F("version") + 1
        )
    move(submission=locked, to=S.CHANGES_REQUESTED, by=by, comment=comment)
    number = locked.transitions.filter(to_status=S.CHANGES_REQUESTED).count()
    _changes_email_enqueue(
        submission=locked,
        number=number,
        items=[(sections[r.section_key].title, r.comment) for r in requests],
        comment=comment,
    )
    return locked


def _officer_emails(submission: Submission) -> list[str]:
    return [
        m.user.email
        for m in Membership.objects.verified()
        .for_authority(submission.authority)
        .select_related("user")
        .order_by("pk")
        if m.user.email
    ]


def _changes_email_enqueue(*, submission: Submission, number: int, items, comment: str) -> None:
    emails = _officer_emails(submission)
    if not emails:
        return
    email_enqueue(
        key=f"submission:{submission.pk}:changes:{number}",
        to=emails,
        template="review_changes_requested",
        context=email_context(
            submission=submission,
            authority=submission.authority,
            round=submission.round,
            items=items,
            comment=comment,
            task_list_url=absolute_url("questionnaire:task_list"),
            lead_name=settings.PROJECT_LEAD_NAME,
            lead_email=settings.PROJECT_LEAD_EMAIL,
        ),
        related_admin_url=_admin_url(submission),
    )


@transaction.atomic
def submission_assign(*, submission: Submission, assignees, by) -> list:
    """Add researchers to the submission; each newly assigned one is emailed once.
    Returns the users newly assigned."""
    WORKFLOW.check_allowed(roles.can_assign(by), "assign submissions")
    already = set(submission.assignees.values_list("pk", flat=True))
    added = [user for user in assignees if user.pk not in already]
    not_staff = [user for user in added if not user.is_staff]
    if not_staff:
        raise SubmissionTransitionError(
            f"{not_staff[0].get_username()} is not a researcher, so cannot be assigned."
        )
    submission.assignees.add(*added)
    admin_url = _admin_url(submission)
    for user in added:
        if user.email:
            email_enqueue(
                key=f"submission:{submission.pk}:assigned:{user.pk}",
                to=[user.email],
                template="review_assigned",
                context=email_context(
                    submission=submission,
                    authority=submission.authority,
                    round=submission.round,
                    assignee=user,
                    by=by,
                    admin_url=admin_url,
                ),
                related_admin_url=admin_url,
            )
    return added


@transaction.atomic
def submission_unassign(*, submission: Submission, assignees, by) -> None:
    WORKFLOW.check_allowed(roles.can_assign(by), "assign submissions")
    submission.assignees.remove(*assignees)


def submission_note_add(*, submission: Submission, author, text: str) -> SubmissionNote:
    WORKFLOW.check_allowed(roles.can_review(author), "write notes on submissions")
    if not text.strip():
        raise SubmissionTransitionError("Enter the note.")
    return SubmissionNote.objects.create(submission=submission, author=author, text=text.strip())
