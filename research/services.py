from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from councils.models import Mission
from submissions.models import Submission, SubmittedMission, ThemeReflection

from .models import Coding, DoubleCodingAssignment, TextUnit


def codes_for_answers(answer_ids: Iterable[int], *, user=None) -> dict[int, list[Coding]]:
    """Each answer's codings (code and coder loaded), in one query.

    Pass `user` to hide codings that user may not see yet (blind double coding).
    """
    codings = Coding.objects.filter(answer_id__in=list(answer_ids)).select_related("code", "coder")
    if user is not None:
        codings = codings.visible_to(user)
    by_answer: dict[int, list[Coding]] = defaultdict(list)
    for coding in codings.order_by("answer_id", "code__name", "pk"):
        by_answer[coding.answer_id].append(coding)
    return dict(by_answer)


@transaction.atomic
def double_coding_assign(*, answers, coder_a, coder_b, by) -> tuple[int, int]:
    """Mark answers for double coding by two researchers. Returns (created, skipped).

    Answers already marked keep their assignment (re-running is harmless).
    """
    if coder_a == coder_b:
        raise ValueError("Double coding needs two different researchers.")
    answer_ids = [a.pk for a in answers]
    existing = set(
        DoubleCodingAssignment.objects.filter(answer_id__in=answer_ids).values_list(
            "answer_id", flat=True
        )
    )
    new = [
        DoubleCodingAssignment(answer_id=pk, coder_a=coder_a, coder_b=coder_b, created_by=by)
        for pk in answer_ids
        if pk not in existing
    ]
    DoubleCodingAssignment.objects.bulk_create(new)
    return len(new), len(existing)


@transaction.atomic
def double_coding_mark_done(*, assignment: DoubleCodingAssignment, by) -> bool:
    """Record that `by` has finished coding the answer. False if `by` is not one of its coders."""
    assignment = DoubleCodingAssignment.objects.select_for_update().get(pk=assignment.pk)
    if by.pk == assignment.coder_a_id:
        assignment.coder_a_done = True
    elif by.pk == assignment.coder_b_id:
        assignment.coder_b_done = True
    else:
        return False
    assignment.save(update_fields=["coder_a_done", "coder_b_done"])
    return True


def text_units_sync(*, submissions) -> int:
    """Make a TextUnit for each non-empty reflection, mission statement and national-government
    text of `submissions` that has none yet, so each can be coded. Returns how many were made;
    running it again makes none."""
    ids = list(submissions.values_list("pk", flat=True))
    F = TextUnit.Field
    wanted = set()
    for submission_id, theme_id, worked, didnt in ThemeReflection.objects.filter(
        submission_id__in=ids
    ).values_list("submission_id", "theme_id", "what_worked", "what_didnt"):
        if worked.strip():
            wanted.add((submission_id, F.WHAT_WORKED, theme_id))
        if didnt.strip():
            wanted.add((submission_id, F.WHAT_DIDNT, theme_id))
    for submission_id, mission_id in (
        SubmittedMission.objects.filter(submission_id__in=ids)
        .exclude(mission__statement="")
        .values_list("submission_id", "mission_id")
    ):
        wanted.add((submission_id, F.MISSION_STATEMENT, mission_id))
    for submission_id in (
        Submission.objects.filter(pk__in=ids)
        .exclude(national_government="")
        .values_list("pk", flat=True)
    ):
        wanted.add((submission_id, F.NATIONAL_GOVERNMENT, 0))
    existing = set(
        TextUnit.objects.filter(submission_id__in=ids).values_list(
            "submission_id", "field", "object_id"
        )
    )
    new = [TextUnit(submission_id=s, field=f, object_id=o) for s, f, o in wanted - existing]
    TextUnit.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def unit_texts(units) -> dict[int, str]:
    """Each unit's current text, in a fixed number of queries however many units there are."""
    units = list(units)
    F = TextUnit.Field
    submission_ids = {u.submission_id for u in units}
    reflections = {
        (r.submission_id, r.theme_id): r
        for r in ThemeReflection.objects.filter(submission_id__in=submission_ids)
    }
    statements = dict(
        Mission.objects.filter(
            pk__in=[u.object_id for u in units if u.field == F.MISSION_STATEMENT]
        ).values_list("pk", "statement")
    )
    national = dict(
        Submission.objects.filter(pk__in=submission_ids).values_list("pk", "national_government")
    )
    texts = {}
    for u in units:
        if u.field in TextUnit.REFLECTION_FIELDS:
            reflection = reflections.get((u.submission_id, u.object_id))
            texts[u.pk] = getattr(reflection, u.field, "") if reflection else ""
        elif u.field == F.MISSION_STATEMENT:
            texts[u.pk] = statements.get(u.object_id, "")
        else:
            texts[u.pk] = national.get(u.submission_id, "")
    return texts
