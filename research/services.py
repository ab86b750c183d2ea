from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from .models import Coding, DoubleCodingAssignment


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
