"""Evidence an authority attaches to a theme (or a mission): links, and PDFs kept privately.

Who may read a file is decided once, here (`evidence_visible_to`): the verified officers of
the submission's authority and the research staff, and nobody else."""

from django.db import transaction

from common.roles import can_review

from .models import Evidence, Submission
from .services import _editable


def evidence_visible_to(user):
    """The evidence `user` may open: their authority's, or everyone's for research staff."""
    if not user.is_authenticated:
        return Evidence.objects.none()
    if can_review(user):
        return Evidence.objects.all()
    return Evidence.objects.filter(submission__in=Submission.objects.for_user(user))


@transaction.atomic
def evidence_add(
    *, submission: Submission, title: str, by, theme=None, mission=None, url: str = "", file=None
) -> Evidence:
    """Attach a link or a (checked) PDF; SubmissionLocked if the answers may not change."""
    submission = _editable(submission)
    evidence = Evidence(
        submission=submission, theme=theme, mission=mission, title=title, url=url, added_by=by
    )
    if file is not None:
        evidence.file.save("evidence.pdf", file, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, submission: Submission, evidence: Evidence) -> None:
    _editable(submission)
    if evidence.file:
        # After the row has gone for good: a rolled-back removal keeps its file.
        name, storage = evidence.file.name, evidence.file.storage
        transaction.on_commit(lambda: storage.delete(name))
    evidence.delete()
