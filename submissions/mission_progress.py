"""Writes for a submission's missions beyond the mission itself: its outcomes, indicators and
progress readings, and carrying the missions over from the authority's previous round.

The same rules as every questionnaire save (services.py): the submission must still be
editable, and a change (not an addition) is refused with SectionConflict if the missions
section moved on since the form was loaded.
"""

from django.db import transaction

from councils.models import Indicator, Mission, Outcome, Reading

from .models import Submission, SubmittedMission
from .sections import MISSIONS
from .services import _editable, _missions_progress_after_change, _progress_bump


def _bump(*, submission: Submission, version: int | None, by):
    return _progress_bump(submission=submission, key=MISSIONS, version=version, by=by)


@transaction.atomic
def outcome_save(
    *, submission: Submission, mission: Mission, outcome: Outcome | None, data: dict, version, by
) -> Outcome:
    submission = _editable(submission)
    _bump(submission=submission, version=version if outcome else None, by=by)
    if outcome is None:
        return Outcome.objects.create(
            mission=mission, title=data["title"], order=mission.outcomes.count()
        )
    outcome.title = data["title"]
    outcome.save(update_fields=["title"])
    return outcome


@transaction.atomic
def indicator_save(
    *,
    submission: Submission,
    outcome: Outcome,
    indicator: Indicator | None,
    data: dict,
    version,
    by,
) -> Indicator:
    submission = _editable(submission)
    _bump(submission=submission, version=version if indicator else None, by=by)
    if indicator is None:
        return Indicator.objects.create(outcome=outcome, order=outcome.indicators.count(), **data)
    for name, value in data.items():
        setattr(indicator, name, value)
    indicator.save(update_fields=list(data))
    return indicator


@transaction.atomic
def reading_add(*, submission: Submission, indicator: Indicator, data: dict, by) -> Reading:
    """A new reading never overwrites anything, so it is never a conflict."""
    submission = _editable(submission)
    _bump(submission=submission, version=None, by=by)
    return Reading.objects.create(indicator=indicator, **data)


def previous_submitted_missions(submission: Submission):
    """The missions of the authority's latest earlier submission that this one does not have
    yet, as SubmittedMission rows (with their mission)."""
    previous = (
        Submission.objects.filter(
            authority_id=submission.authority_id, round__opens_on__lt=submission.round.opens_on
        )
        .order_by("-round__opens_on", "-pk")
        .first()
    )
    if previous is None:
        return SubmittedMission.objects.none()
    return (
        SubmittedMission.objects.filter(submission=previous)
        .exclude(mission__in=submission.missions.all())
        .select_related("mission")
        .order_by("pk")
    )


@transaction.atomic
def missions_carry_over(*, submission: Submission, by) -> list[Mission]:
    """Carry the authority's missions from its previous round into this draft: the same
    register missions (so their outcomes and readings continue), each linked to the round it
    came from. Missions already in the draft are left as they are; adding overwrites nothing."""
    submission = _editable(submission)
    rows = list(previous_submitted_missions(submission))
    if not rows:
        return []
    progress = _bump(submission=submission, version=None, by=by)
    SubmittedMission.objects.bulk_create(
        [SubmittedMission(submission=submission, mission=r.mission, carried_from=r) for r in rows]
    )
    _missions_progress_after_change(submission=submission, progress=progress)
    return [r.mission for r in rows]
