"""The long research file: one row per answer, reflection, mission statement and
national-government text, each followed by one row per coding of it (as the person exporting may
see them: blind double coding). Read in batches, so memory stays flat. Its columns are described
in the data dictionary (datasets.py)."""

from collections import defaultdict
from collections.abc import Iterator

from instrument.models import Question
from submissions.answers import answer_data
from submissions.models import Submission, SubmittedMission, ThemeReflection

from .exports import SHORT_BATCHES, _batch_answers, _batched, _submission_batches
from .models import Coding, TextUnit

CHUNK_SIZE = 2000

LONG_COLUMNS = [
    (
        "row_id",
        "text",
        "answer-<id>, reflection-<id>-worked / -didnt, mission-<submission id>-<mission id>, "
        "national-government-<submission id>, or coding-<id>",
    ),
    (
        "row_type",
        "text",
        "answer, reflection, mission_statement, national_government or coding",
    ),
    ("submission_id", "integer", "The submission's database id (joins to the wide file)"),
    ("reference", "text", "The submission's reference"),
    ("authority_code", "text", "The register's code for the authority"),
    ("theme", "text", "The theme's slug (blank outside a theme)"),
    ("question_id", "integer", "The question's database id (answers and their codings)"),
    ("question", "text", "The question's text today (answers and their codings)"),
    (
        "question_version",
        "integer",
        "Answers: the version of the question answered; codings: the version the coder read",
    ),
    ("question_text", "text", "The question's wording as the officer answered it"),
    ("field", "text", "answer, what_worked, what_didnt, mission_statement or national_government"),
    ("answer_id", "integer", "The answer's database id (answers and their codings)"),
    ("mission_id", "integer", "Mission statements and their codings: the mission's id"),
    ("unit_id", "integer", "Codings of a text other than an answer: the text unit's id"),
    ("text", "text", "The answer or other text as it is now (blank for codings)"),
    ("coding_id", "integer", "Coding rows: the coding's database id"),
    ("code_id", "integer", "Coding rows: the code's database id"),
    ("code", "text", "Coding rows: the code's name"),
    ("parent_code_id", "integer", "Coding rows: the broader code's id, if any"),
    ("coder_id", "integer", "Coding rows: the researcher's user id"),
    ("excerpt", "text", "Coding rows: the words coded (blank: the whole text)"),
    ("memo", "text", "Coding rows: the coder's note"),
    ("answer_as_coded", "text", "Coding rows: the text when it was coded"),
    ("answer_changed", "0/1", "Coding rows: the text has been edited since it was coded"),
    ("created_at", "datetime", "Coding rows: when the coding was made"),
    # Last, so the older columns keep their places.
    (
        "not_yet",
        "0/1",
        "Answer rows: 1 when the officer ticked “Not yet / not applicable” instead of answering "
        "(then text is blank), 0 when not; blank on other rows",
    ),
    ("not_yet_reason", "text", "Answer rows marked not yet: the reason the officer gave, if any"),
]
LONG_NAMES = [name for name, _, _ in LONG_COLUMNS]


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _long(**values) -> list:
    return [values.get(name, "") for name in LONG_NAMES]


def _coding_row(c, **common) -> list:
    return _long(
        row_id=f"coding-{c.pk}",
        row_type="coding",
        **common,
        question_version=c.question_version or "",
        coding_id=c.pk,
        code_id=c.code_id,
        code=c.code.name,
        parent_code_id=c.code.parent_id or "",
        coder_id=c.coder_id,
        excerpt=c.excerpt,
        memo=c.memo,
        answer_as_coded=c.answer_text,
        answer_changed=int(c.answer_text != common["text_now"]),
        created_at=_iso(c.created_at),
    )


def _codings_by_answer(submission_ids, user) -> dict[int, list]:
    codings = defaultdict(list)
    for coding in (
        Coding.objects.visible_to(user)
        .filter(answer__submission_id__in=submission_ids)
        .select_related("code")
        .order_by("answer_id", "pk")
    ):
        codings[coding.answer_id].append(coding)
    return codings


def long_rows(submissions, *, user, chunk_size: int = CHUNK_SIZE) -> Iterator[list]:
    """The header, then one row per answer followed by its codings (as `user` may see them:
    blind double coding), then one row per theme reflection, mission statement and
    national-government text, each followed by its codings.

    Answers are read a batch of submissions at a time, as in exports.py: one query sorting the
    whole file's text was most of the time at 200,000 answers."""
    yield list(LONG_NAMES)
    selected = Submission.objects.filter(pk__in=submissions.values("pk"))
    batches = _submission_batches(
        selected, chunk_size, order=("pk",), columns=("pk", "reference", "authority__code")
    )
    questions: dict[int, tuple[str, str]] = {}  # id: (theme slug, text)
    for group in _batched(batches, SHORT_BATCHES):
        codings = _codings_by_answer([row[0] for batch in group for row in batch], user)
        for batch in group:
            about = {pk: (reference or "", authority) for pk, reference, authority in batch}
            answers = list(_batch_answers(list(about)))
            new = {row[2] for row in answers} - questions.keys()
            for q_id, theme, q in Question.objects.filter(pk__in=new).values_list(
                "pk", "theme__slug", "text"
            ):
                questions[q_id] = (theme or "", q)
            for pk, submission_id, q_id, version, asked, *answer in answers:
                text, not_yet, reason = answer_data(*answer)
                reference, authority = about[submission_id]
                theme, q = questions[q_id]
                common = {
                    "submission_id": submission_id,
                    "reference": reference,
                    "authority_code": authority,
                    "theme": theme,
                    "question_id": q_id,
                    "question": q,
                    "question_text": asked or q,
                    "field": "answer",
                    "answer_id": pk,
                }
                yield _long(
                    row_id=f"answer-{pk}",
                    row_type="answer",
                    **common,
                    question_version=version,
                    text=text,
                    not_yet=int(not_yet),
                    not_yet_reason=reason,
                )
                for c in codings.get(pk, []):
                    yield _coding_row(c, **common, text_now=text)
    yield from _unit_rows(submissions, user=user, chunk_size=chunk_size)


def _unit_rows(submissions, *, user, chunk_size: int) -> Iterator[list]:
    """The texts other than answers (research.models.TextUnit), each followed by its codings."""
    selected = submissions.values("pk")
    unit_codings = defaultdict(list)
    for c in (
        Coding.objects.visible_to(user)
        .filter(unit__submission__in=selected)
        .select_related("code", "unit")
        .order_by("pk")
    ):
        unit_codings[(c.unit.submission_id, c.unit.field, c.unit.object_id)].append(c)

    def with_codings(key, row_id, row_type, text, **common):
        yield _long(row_id=row_id, row_type=row_type, **common, field=key[1], text=text)
        for c in unit_codings.get(key, []):
            yield _coding_row(c, **common, field=key[1], unit_id=c.unit_id, text_now=text)

    F = TextUnit.Field
    reflections = (
        ThemeReflection.objects.filter(submission__in=selected)
        .order_by("submission_id", "theme__order", "pk")
        .values_list(
            "pk",
            "submission_id",
            "submission__reference",
            "submission__authority__code",
            "theme_id",
            "theme__slug",
            "what_worked",
            "what_didnt",
        )
    )
    for pk, s_id, reference, authority, theme_id, theme, worked, didnt in reflections.iterator(
        chunk_size=chunk_size
    ):
        common = {"submission_id": s_id, "reference": reference or "", "authority_code": authority}
        for suffix, field, text in (
            ("worked", F.WHAT_WORKED, worked),
            ("didnt", F.WHAT_DIDNT, didnt),
        ):
            yield from with_codings(
                (s_id, field, theme_id),
                f"reflection-{pk}-{suffix}",
                "reflection",
                text,
                **common,
                theme=theme,
            )
    statements = (
        SubmittedMission.objects.filter(submission__in=selected)
        .order_by("submission_id", "mission_id")
        .values_list(
            "submission_id",
            "submission__reference",
            "submission__authority__code",
            "mission_id",
            "mission__statement",
        )
    )
    for s_id, reference, authority, mission_id, statement in statements.iterator(
        chunk_size=chunk_size
    ):
        common = {"submission_id": s_id, "reference": reference or "", "authority_code": authority}
        yield from with_codings(
            (s_id, F.MISSION_STATEMENT, mission_id),
            f"mission-{s_id}-{mission_id}",
            F.MISSION_STATEMENT.value,
            statement,
            **common,
            mission_id=mission_id,
        )
    national = (
        Submission.objects.filter(pk__in=selected)
        .exclude(national_government="")
        .order_by("pk")
        .values_list("pk", "reference", "authority__code", "national_government")
    )
    for s_id, reference, authority, text in national.iterator(chunk_size=chunk_size):
        common = {"submission_id": s_id, "reference": reference or "", "authority_code": authority}
        yield from with_codings(
            (s_id, F.NATIONAL_GOVERNMENT, 0),
            f"national-government-{s_id}",
            F.NATIONAL_GOVERNMENT.value,
            text,
            **common,
        )
