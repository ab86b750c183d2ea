"""Export submissions' answers, one row per answer, as CSV or XLSX, without holding them in memory.

Both read the answers in chunks (`.iterator(chunk_size=...)` over `values_list`) and fetch each
chunk's codes, reflections and notes with one query apiece, so memory stays flat however many
rows there are. CSV streams straight to the client; XLSX is built by a Celery task
and emailed as a link (export_jobs.py), through openpyxl's write-only workbook (spreadsheet.py,
which also neutralises formula-like cells). The research datasets (wide, long, dictionary) are in datasets.py.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from common.roles import can_export
from councils.models import Authority
from submissions.models import Answer, Submission, SubmissionNote, ThemeReflection

from .models import Coding
from .spreadsheet import csv_response, xlsx_response

CHUNK_SIZE = 2000
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
]
NOTES_HEADER = "Notes"


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


def answer_rows(
    submissions, *, include_notes: bool = False, user=None, chunk_size: int = CHUNK_SIZE
) -> Iterator[list[str]]:
    """The header, then one row per answer of the given submissions."""
    yield HEADERS + ([NOTES_HEADER] if include_notes else [])
    types, tiers = dict(Authority.Type.choices), dict(Authority.Tier.choices)
    statuses = dict(Submission.Status.choices)
    answers = (
        Answer.objects.filter(submission__in=submissions.values("pk"))
        .order_by(
            "submission__authority__name",
            "submission_id",
            "question__theme__order",
            "question__order",
            "question_id",
        )
        .values_list(
            "pk",
            "submission_id",
            "submission__reference",
            "submission__authority__name",
            "submission__authority__gss_code",
            "submission__authority__type",
            "submission__authority__nation",
            "submission__authority__region",
            "submission__authority__tier",
            "submission__round__title",
            "submission__status",
            "question__theme_id",
            "question__theme__title",
            "question__text",
            "question_version",
            "question_text",
            "text",
        )
    )
    for chunk in _batched(answers.iterator(chunk_size=chunk_size), chunk_size):
        answer_ids = [row[0] for row in chunk]
        submission_ids = {row[1] for row in chunk}
        codings = Coding.objects.filter(answer_id__in=answer_ids)
        if user is not None:
            codings = codings.visible_to(user)
        codes: dict[int, list[str]] = defaultdict(list)
        for answer_id, name in codings.order_by("answer_id", "code__name").values_list(
            "answer_id", "code__name"
        ):
            if name not in codes[answer_id]:
                codes[answer_id].append(name)
        reflections = {
            (submission_id, theme_id): (worked, didnt)
            for submission_id, theme_id, worked, didnt in ThemeReflection.objects.filter(
                submission_id__in=submission_ids
            ).values_list("submission_id", "theme_id", "what_worked", "what_didnt")
        }
        notes = _notes_by_submission(submission_ids) if include_notes else {}
        for (
            answer_id,
            submission_id,
            reference,
            authority,
            gss_code,
            type_,
            nation,
            region,
            tier,
            round_title,
            status,
            theme_id,
            theme,
            question,
            version,
            asked,
            text,
        ) in chunk:
            worked, didnt = reflections.get((submission_id, theme_id), ("", ""))
            row = [
                reference or "",
                authority,
                gss_code or "",
                types.get(type_, type_),
                nation,
                region,
                tiers.get(tier, tier),
                round_title,
                statuses.get(status, status),
                theme,
                question,
                text,
                worked,
                didnt,
                "; ".join(codes.get(answer_id, [])),
                version,
                asked or question,
            ]
            if include_notes:
                row.append(notes.get(submission_id, ""))
            yield row


def _filename(extension: str) -> str:
    return f"submission-answers-{timezone.localdate():%Y-%m-%d}.{extension}"


def export_answers_csv(
    submission_queryset, *, include_notes: bool = False, user=None
) -> StreamingHttpResponse:
    rows = answer_rows(submission_queryset, include_notes=include_notes, user=user)
    return csv_response(rows, _filename("csv"))


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
