"""Researchers' analysis pages, mounted in the admin by CodableAnswerAdmin.get_urls (staff only)."""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from common.roles import can_export
from instrument.models import Theme
from submissions.models import Submission

from . import comparison, datasets
from .agreement_report import agreement_sections
from .export_jobs import export_job_for_download, export_job_request
from .exports import export_answers_csv, preparing_message
from .forms import ComparisonFilterForm
from .models import DoubleCodingAssignment
from .qdpx import export_qdpx
from .spreadsheet import XLSX_CONTENT_TYPE, csv_response

DATASETS = {"wide", "long", "dictionary", "qdpx"}


def theme_comparison(request, model_admin):
    """Every authority's answers to one theme side by side, with their codes."""
    data = request.GET.copy()
    if not data.get("theme"):
        first = Theme.objects.order_by("order", "title").first()
        if first:
            data["theme"] = str(first.pk)
    form = ComparisonFilterForm(data)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Compare answers by theme",
        "form": form,
    }
    if form.is_valid():
        query = data.copy()
        query.pop("page", None)
        context.update(
            comparison.theme_comparison(
                theme=form.cleaned_data["theme"],
                submissions=form.filter_submissions(Submission.objects.all()),
                user=request.user,
                page_number=request.GET.get("page"),
            ),
            page_query=query.urlencode(),
        )
    return TemplateResponse(request, "admin/research/theme_comparison.html", context)


def agreement_report(request, model_admin):
    """Per-code kappa and alpha, and per-theme alpha over sets of codes (finished double coding)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Coder agreement",
        "sections": agreement_sections(),
        "open_count": DoubleCodingAssignment.objects.open().count(),
    }
    return TemplateResponse(request, "admin/research/agreement.html", context)


def _dataset_response(dataset: str, submissions, *, user, include_emails):
    """The wide or long research file as CSV (with its data dictionary), or the REFI-QDA project."""
    day = f"{timezone.localdate():%Y-%m-%d}"
    if dataset == "qdpx":
        return export_qdpx(submissions, user=user)
    if dataset == "dictionary":
        return csv_response(
            datasets.dictionary_rows(include_emails=include_emails), f"data-dictionary-{day}.csv"
        )
    if dataset == "wide":
        rows = datasets.wide_rows(submissions, include_emails=include_emails)
    else:
        rows = datasets.long_rows(submissions, user=user)
    return csv_response(rows, f"submissions-{dataset}-{day}.csv")


# What each spreadsheet holds, as the confirmation page says it.
SPREADSHEETS = {
    "answers": "one row per answer",
    "wide": "one row per submission",
    "long": "one row per answer and per coding",
}


def _spreadsheet_later(request, model_admin, dataset: str, submissions, *, back: str, **options):
    """XLSX takes too long to build in a request: a worker builds it and emails a link. The GET
    only says what the button will ask for; the button's POST records the export, so a crawler,
    a prefetch or a link preview following the link starts nothing."""
    if request.method == "POST":
        export_job_request(user=request.user, dataset=dataset, submissions=submissions, **options)
        messages.info(request, preparing_message(request.user))
        return HttpResponseRedirect(back)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Email me this spreadsheet",
        "rows": SPREADSHEETS[dataset],
        "dataset": dataset,
        "count": submissions.count(),
        "back": back,
        **options,
    }
    return TemplateResponse(request, "admin/research/export_confirm.html", context)


def export_submissions(request, model_admin):
    """The submissions changelist, with its current filters, exported: one row per answer
    (the default), or ?dataset=wide, long, dictionary or qdpx; &emails=1 adds officers' emails.
    &format=xlsx asks a worker for a spreadsheet: a page with a button, which POSTs."""
    if not can_export(request.user):
        raise PermissionDenied
    params = request.GET.copy()
    file_format = params.pop("format", ["csv"])[-1]
    include_notes = params.pop("notes", [""])[-1] == "1"
    include_emails = params.pop("emails", [""])[-1] == "1"
    dataset = params.pop("dataset", ["answers"])[-1]
    spreadsheet = file_format == "xlsx" and dataset in SPREADSHEETS
    if request.method not in ("GET", "HEAD") and not spreadsheet:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    submission_admin = model_admin.admin_site.get_model_admin(Submission)
    # Let the submissions changelist apply its own filters and search to the querystring.
    request.GET = params
    try:
        submissions = submission_admin.get_changelist_instance(request).get_queryset(request)
    except IncorrectLookupParameters:
        # As the changelist itself does with a filter it does not know.
        changelist = reverse("admin:submissions_submission_changelist")
        return HttpResponseRedirect(f"{changelist}?{ERROR_FLAG}=1")
    if spreadsheet:
        if dataset == "answers":
            back = reverse("admin:submissions_submission_changelist")
            back = f"{back}?{params.urlencode()}" if params else back
        else:
            back = reverse("admin:research_codableanswer_changelist")
        return _spreadsheet_later(
            request,
            model_admin,
            dataset,
            submissions,
            back=back,
            include_notes=include_notes,
            include_emails=include_emails,
        )
    if dataset in DATASETS:
        return _dataset_response(
            dataset, submissions, user=request.user, include_emails=include_emails
        )
    return export_answers_csv(submissions, include_notes=include_notes, user=request.user)


def export_download(request, model_admin, pk: int):
    """The spreadsheet a researcher was emailed a link to: theirs only, while they may export."""
    job = export_job_for_download(user=request.user, job_id=pk)
    if job is None:
        raise Http404("No such export")
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=XLSX_CONTENT_TYPE,
    )
