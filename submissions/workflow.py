"""The submissions' review workflow: the table of moves, and the one way a move is recorded.

    draft → submitted → in review → changes requested → resubmitted → in review → …
                                  ↘ accepted / declined ↙ (from in review or resubmitted)

A resubmission waits as "resubmitted" until a researcher starts reviewing it again, so the
changelist shows which submissions have come back. While changes are requested the whole
submission is editable (simpler for officers and for us); only the flagged sections are
reopened ("In progress") and show the researchers' comments.

Officers resubmit (submissions/services.py); researchers make every other move
(research/review.py). Both lock the row, `check` the move, then `move`.
"""

from common.states import Workflow

from .models import Submission, SubmissionTransition

S = Submission.Status


class SubmissionTransitionError(Exception):
    """A move the workflow does not allow, or the user may not make; the message says why."""


WORKFLOW = Workflow(
    {
        S.IN_REVIEW: ({S.SUBMITTED, S.RESUBMITTED}, "start reviewing"),
        S.CHANGES_REQUESTED: ({S.IN_REVIEW}, "ask for changes to"),
        S.RESUBMITTED: ({S.CHANGES_REQUESTED}, "resubmit"),
        S.ACCEPTED: ({S.IN_REVIEW, S.RESUBMITTED}, "accept"),
        S.DECLINED: ({S.IN_REVIEW, S.RESUBMITTED}, "decline"),
    },
    error=SubmissionTransitionError,
)


def submission_lock(submission: Submission) -> Submission:
    """The submission row, locked until the transaction ends."""
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("round", "authority")
        .get(pk=submission.pk)
    )


def check_move(submission: Submission, to: str) -> None:
    """SubmissionTransitionError, in plain English, unless the table allows the move."""
    WORKFLOW.check(
        current=submission.status,
        to=to,
        subject=f"{submission.authority.name}’s submission",
        state_label=submission.get_status_display(),
    )


def transition_record(*, submission: Submission, to: str, by, comment: str = "") -> None:
    SubmissionTransition.objects.create(
        submission=submission, from_status=submission.status, to_status=to, by=by, comment=comment
    )


def move(*, submission: Submission, to: str, by, comment: str = "") -> Submission:
    """Record the move and change the status (the caller has locked the row and checked)."""
    transition_record(submission=submission, to=to, by=by, comment=comment)
    submission.status = to
    submission.save(update_fields=["status", "updated_at"])
    return submission
