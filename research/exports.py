"""Export submissions' answers, one row per answer, as CSV or XLSX, without holding them in memory.

Rows come in the order of the submissions (by authority name, then id), and within a submission
by theme and question. Both formats read the selected submissions in that order and fetch their
answers a batch of about CHUNK_SIZE answers at a time (the codes, reflections and notes of
several batches in one query apiece), so memory stays flat however many rows there are, and the
database never sorts the whole export's text (at 200,000 answers that sort spilled to disk
before the first row was sent). What repeats on many rows (a submission's columns, a
question's, a reflection) is rendered once.

CSV streams straight to the client, many rows per chunk; XLSX is built by a Celery task and
emailed as a link (export_jobs.py), through openpyxl's write-only workbook (spreadsheet.py, which
also neutralises formula-like cells). The research datasets (wide, long, dictionary) are in
datasets.py. bench/export_memory.py measures the speed and memory at 200,000 answers.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from common.roles import can_export
from councils.models import Authority
from instrument.models import Question
from submissions.answers import answer_data
from submissions.models import Answer, Submission, SubmissionNote, ThemeReflection

from .models import Coding
from .spreadsheet import csv_cells, csv_lines_response, xlsx_response

CHUNK_SIZE = 2000  # answers read at a time
SHORT_BATCHES = 5  # batches whose codes, reflections and notes are read in one query apiece
HEADERS = [
    "Submission reference",
    "Authority",
    "GSS code",
    "Type",
    "Nation",
    "Region",
    "Tier",
    "Round",
    "State",
    "Theme",
    "Question",
    "Answer",
    "What worked",
    "What didn't",
    "Codes",
    "Question version",
    "Question as answered",
    # After the older columns, which keep their places: "yes" when the officer ticked "Not yet /
    # not applicable" (then Answer is blank), and the reason they gave.
    "Not yet / not applicable",
    "Reason not yet",
]
NOTES_HEADER = "Notes"
SUBMISSION_ORDER = ("authority__name", "pk")
ANSWER_ORDER = ("question__theme__order", "question__order", "question_id")  # in a submission
SUBMISSION_COLUMNS = (
    "pk",
    "reference",
    "authority__name",
    "authority__gss_code",
    "authority__type",
    "authority__nation",
    "authority__region",
    "authority__tier",
    "round__title",
    "status",
)


def _batched(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _notes_by_submission(submission_ids) -> dict[int, str]:
    notes: dict[int, list[str]] = defaultdict(list)
    for submission_id, text in (
        SubmissionNote.objects.filter(submission_id__in=submission_ids)
        .order_by("submission_id", "created_at")
        .values_list("submission_id", "text")
    ):
        notes[submission_id].append(text)
    return {pk: "\n\n".join(texts) for pk, texts in notes.items()}


def _submission_batches(
    selected, size: int, *, order=SUBMISSION_ORDER, columns=SUBMISSION_COLUMNS
) -> Iterator[list[tuple]]:
    """The selected submissions that have answers, in `order`, with `columns` (the first is the
    id), in batches of about `size` answers (a submission is never split)."""
    # Counted apart: grouping by the columns would sort every answer by them.
    counts = dict(
        Answer.objects.filter(submission__in=selected.values("pk"))
        .order_by()
        .values("submission_id")
        .annotate(n=Count("pk"))
        .values_list("submission_id", "n")
    )
    rows = selected.order_by(*order).values_list(*columns)
    batch, answers = [], 0
    for row in rows.iterator(chunk_size=size):
        if not (count := counts.get(row[0])):
            continue
        batch.append(row)
        answers += count
        if answers >= size:
            yield batch
            batch, answers = [], 0
    if batch:
        yield batch


def _batch_answers(submission_ids: list[int]) -> Iterator[tuple]:
    """The answers of a batch's submissions, in order: the database sorts each submission's by
    theme and question; Python puts the submissions in the batch's order."""
    answers = defaultdict(list)
    for row in (
        Answer.objects.filter(submission_id__in=submission_ids)
        .order_by("submission_id", *ANSWER_ORDER)
        .values_list(
            "pk",
            "submission_id",
            "question_id",
            "question_version",
            "question_text",
            "text",
            "not_yet",
            "not_yet_reason",
        )
    ):
        answers[row[1]].append(row)
    for pk in submission_ids:
        yield from answers[pk]


def _codes_by_answer(submission_ids, user) -> dict[int, str]:
    """The codes of the submissions' answers that `user` may see (blind double coding), joined
    with "; " in name order, by answer id."""
    codings = Coding.objects.filter(answer__submission_id__in=submission_ids)
    if user is not None:
        codings = codings.visible_to(user)
    codes: dict[int, list[str]] = defaultdict(list)
    for answer_id, name in codings.order_by("answer_id", "code__name").values_list(
        "answer_id", "code__name"
    ):
        if name not in codes[answer_id]:
            codes[answer_id].append(name)
    return {answer_id: "; ".join(names) for answer_id, names in codes.items()}


def _submission_cells(batch: list[tuple], cells: Callable) -> dict[int, object]:
    types, tiers = dict(Authority.Type.choices), dict(Authority.Tier.choices)
    statuses = dict(Submission.Status.choices)
    return {
        pk: cells(
            [
                reference or "",
                authority,
                gss_code or "",
                types.get(type_, type_),
                nation,
                region,
                tiers.get(tier, tier),
                round_,
                statuses.get(status, status),
            ]
        )
        for pk, reference, authority, gss_code, type_, nation, region, tier, round_, status in batch
    }


def _reflection_cells(submission_ids, cells: Callable) -> dict[tuple[int, int], object]:
    return {
        (submission_id, theme_id): cells([worked, didnt])
        for submission_id, theme_id, worked, didnt in ThemeReflection.objects.filter(
            submission_id__in=submission_ids
        ).values_list("submission_id", "theme_id", "what_worked", "what_didnt")
    }


def _answer_lines(
    submissions, *, include_notes: bool, user, chunk_size: int, cells: Callable, line: Callable
) -> Iterator:
    """The header, then one row per answer: the columns' one definition, for both formats.

    `cells` renders a run of adjacent cells (a list for XLSX, CSV text for CSV) and `line`
    joins a row's runs, so a run that repeats on many rows is rendered once."""
    yield line([cells(HEADERS + ([NOTES_HEADER] if include_notes else []))])
    no_reflection, no_codes, no_notes = cells(["", ""]), cells([""]), cells([""])
    answered = cells(["no", ""])  # not marked "Not yet / not applicable": most answers
    questions: dict[int, tuple] = {}  # id: (theme id, text, its cells); one per question seen
    wordings: dict[tuple, object] = {}  # (version, wording answered): their cells
    selected = Submission.objects.filter(pk__in=submissions.values("pk"))
    batches = _submission_batches(selected, chunk_size)
    # What is short is read for several batches at once: fewer round trips, and PostgreSQL
    # reads the whole codings table to find a batch's codes.
    for group in _batched(batches, SHORT_BATCHES):
        group_ids = [row[0] for batch in group for row in batch]
        codes = {pk: cells([names]) for pk, names in _codes_by_answer(group_ids, user).items()}
        reflections = _reflection_cells(group_ids, cells)
        notes = {}
        if include_notes:
            notes = {pk: cells([text]) for pk, text in _notes_by_submission(group_ids).items()}
        for batch in group:
            submission_ids = [row[0] for row in batch]
            columns = _submission_cells(batch, cells)
            answers = list(_batch_answers(submission_ids))
            new = {row[2] for row in answers} - questions.keys()
            for pk, theme_id, theme, text in Question.objects.filter(pk__in=new).values_list(
                "pk", "theme_id", "theme__title", "text"
            ):
                questions[pk] = (theme_id, text, cells([theme, text]))
            for answer_id, submission_id, question_id, version, asked, *answer in answers:
                text, not_yet, reason = answer_data(*answer)
                theme_id, question, question_cells = questions[question_id]
                wording = (version, asked or question)
                if (wording_cells := wordings.get(wording)) is None:
                    wording_cells = wordings[wording] = cells(wording)
                parts = [
                    columns[submission_id],
                    question_cells,
                    cells([text]),
                    reflections.get((submission_id, theme_id), no_reflection),
                    codes.get(answer_id, no_codes),
                    wording_cells,
                    cells(["yes", reason]) if not_yet else answered,
                ]
                if include_notes:
                    parts.append(notes.get(submission_id, no_notes))
                yield line(parts)


def answer_rows(
    submissions, *, include_notes: bool = False, user=None, chunk_size: int = CHUNK_SIZE
) -> Iterator[list]:
    """The header, then one row (a list of values) per answer of the given submissions."""
    return _answer_lines(
        submissions,
        include_notes=include_notes,
        user=user,
        chunk_size=chunk_size,
        cells=list,
        line=lambda parts: list(chain.from_iterable(parts)),
    )


def answer_csv_lines(
    submissions, *, include_notes: bool = False, user=None, chunk_size: int = CHUNK_SIZE
) -> Iterator[str]:
    """The same rows as answer_rows, as CSV lines (without line ends)."""
    return _answer_lines(
        submissions,
        include_notes=include_notes,
        user=user,
        chunk_size=chunk_size,
        cells=csv_cells,
        line=",".join,
    )


def _filename(extension: str) -> str:
    return f"submission-answers-{timezone.localdate():%Y-%m-%d}.{extension}"


def export_answers_csv(
    submission_queryset, *, include_notes: bool = False, user=None
) -> StreamingHttpResponse:
    lines = answer_csv_lines(submission_queryset, include_notes=include_notes, user=user)
    return csv_lines_response(lines, _filename("csv"))


def export_answers_xlsx(
    submission_queryset, *, include_notes: bool = False, user=None
) -> FileResponse:
    rows = answer_rows(submission_queryset, include_notes=include_notes, user=user)
    return xlsx_response([("Answers", rows)], _filename("xlsx"))


def _include_notes(request) -> bool:
    return request.POST.get("notes") == "1" or request.GET.get("notes") == "1"


@admin.action(description="Export answers as CSV")
def export_answers_as_csv(modeladmin, request, queryset):
    if not can_export(request.user):
        raise PermissionDenied
    return export_answers_csv(queryset, include_notes=_include_notes(request), user=request.user)


def preparing_message(user) -> str:
    where = f" at {user.email}" if user.email else ""
    return f"We are preparing your spreadsheet; we will email you a link{where} when it is ready."


@admin.action(description="Export answers as XLSX (emailed when ready)")
def export_answers_as_xlsx(modeladmin, request, queryset):
    """A worker builds the workbook and emails a link (export_jobs.py): too slow for a request."""
    from .export_jobs import export_job_request

    if not can_export(request.user):
        raise PermissionDenied
    export_job_request(
        user=request.user,
        dataset="answers",
        submissions=queryset,
        include_notes=_include_notes(request),
    )
    modeladmin.message_user(request, preparing_message(request.user), messages.INFO)
