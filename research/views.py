"""Researchers' analysis pages, mounted in the admin by CodableAnswerAdmin.get_urls (staff only)."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from common.roles import can_export
from instrument.models import Theme
from submissions.models import Submission

from . import comparison, datasets
from .agreement_report import agreement_sections
from .exports import export_answers_csv, export_answers_xlsx
from .forms import ComparisonFilterForm
from .models import DoubleCodingAssignment
from .qdpx import export_qdpx
from .spreadsheet import csv_response, xlsx_response

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


def _dataset_response(dataset: str, file_format: str, submissions, *, user, include_emails):
    """The wide or long research file (with its data dictionary), or the REFI-QDA project."""
    day = f"{timezone.localdate():%Y-%m-%d}"
    if dataset == "qdpx":
        return export_qdpx(submissions, user=user)
    dictionary = datasets.dictionary_rows(include_emails=include_emails)
    if dataset == "dictionary":
        return csv_response(dictionary, f"data-dictionary-{day}.csv")
    if dataset == "wide":
        rows = datasets.wide_rows(submissions, include_emails=include_emails)
    else:
        rows = datasets.long_rows(submissions, user=user)
    name = f"submissions-{dataset}-{day}"
    if file_format == "xlsx":
        return xlsx_response([(dataset.title(), rows), ("Dictionary", dictionary)], f"{name}.xlsx")
    return csv_response(rows, f"{name}.csv")


def export_submissions(request, model_admin):
    """The submissions changelist, with its current filters, exported: one row per answer
    (the default), or ?dataset=wide, long, dictionary or qdpx; &emails=1 adds officers' emails."""
    if not can_export(request.user):
        raise PermissionDenied
    params = request.GET.copy()
    file_format = params.pop("format", ["csv"])[-1]
    include_notes = params.pop("notes", [""])[-1] == "1"
    include_emails = params.pop("emails", [""])[-1] == "1"
    dataset = params.pop("dataset", ["answers"])[-1]
    submission_admin = model_admin.admin_site.get_model_admin(Submission)
    # Let the submissions changelist apply its own filters and search to the querystring.
    request.GET = params
    try:
        submissions = submission_admin.get_changelist_instance(request).get_queryset(request)
    except IncorrectLookupParameters:
        # As the changelist itself does with a filter it does not know.
        changelist = reverse("admin:submissions_submission_changelist")
        return HttpResponseRedirect(f"{changelist}?{ERROR_FLAG}=1")
    if dataset in DATASETS:
        return _dataset_response(
            dataset, file_format, submissions, user=request.user, include_emails=include_emails
        )
    export = export_answers_xlsx if file_format == "xlsx" else export_answers_csv
    return export(submissions, include_notes=include_notes, user=request.user)
