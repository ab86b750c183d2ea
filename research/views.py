"""Researchers' analysis pages, mounted in the admin by CodableAnswerAdmin.get_urls (staff only)."""

from collections import defaultdict

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from common.roles import can_export
from instrument.models import Theme
from submissions.models import Submission

from . import comparison
from .agreement import agreement, decisions_for_code
from .exports import export_answers_csv, export_answers_xlsx
from .forms import ComparisonFilterForm
from .models import Code, Coding, DoubleCodingAssignment


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


def _format_agreement(result):
    return {
        "result": result,
        "observed": "n/a" if result.observed is None else f"{result.observed:.0%}",
        "kappa": "n/a" if result.kappa is None else f"{result.kappa:.2f}",
    }


def agreement_report(request, model_admin):
    """Percentage agreement and Cohen's kappa per code and per theme, over finished double coding."""
    assignments = list(
        DoubleCodingAssignment.objects.completed().select_related("answer__question__theme")
    )
    answer_ids = [a.answer_id for a in assignments]
    coder_of = {a.answer_id: (a.coder_a_id, a.coder_b_id) for a in assignments}
    applied_a, applied_b = set(), set()
    for answer_id, code_id, coder_id in Coding.objects.filter(answer_id__in=answer_ids).values_list(
        "answer_id", "code_id", "coder_id"
    ):
        coder_a, coder_b = coder_of[answer_id]
        if coder_id == coder_a:
            applied_a.add((answer_id, code_id))
        elif coder_id == coder_b:
            applied_b.add((answer_id, code_id))

    answers_by_theme = defaultdict(list)
    themes = {}
    for assignment in assignments:
        theme = assignment.answer.question.theme
        themes[theme.pk] = theme
        answers_by_theme[theme.pk].append(assignment.answer_id)
    codes_by_theme = defaultdict(list)
    for code in Code.objects.filter(theme_id__in=themes).order_by("name"):
        codes_by_theme[code.theme_id].append(code)

    sections = []
    for theme in sorted(themes.values(), key=lambda t: (t.order, t.title)):
        theme_answers = answers_by_theme[theme.pk]
        per_code, pooled = [], []
        for code in codes_by_theme[theme.pk]:
            decisions = decisions_for_code(code.pk, theme_answers, applied_a, applied_b)
            pooled.extend(decisions)
            per_code.append({"code": code, **_format_agreement(agreement(decisions))})
        sections.append(
            {
                "theme": theme,
                "answer_count": len(theme_answers),
                "codes": per_code,
                **_format_agreement(agreement(pooled)),
            }
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Coder agreement",
        "sections": sections,
        "open_count": DoubleCodingAssignment.objects.open().count(),
    }
    return TemplateResponse(request, "admin/research/agreement.html", context)


def export_submissions(request, model_admin):
    """The submissions changelist, with its current filters, exported one row per answer."""
    if not can_export(request.user):
        raise PermissionDenied
    params = request.GET.copy()
    file_format = params.pop("format", ["csv"])[-1]
    include_notes = params.pop("notes", [""])[-1] == "1"
    submission_admin = model_admin.admin_site.get_model_admin(Submission)
    # Let the submissions changelist apply its own filters and search to the querystring.
    request.GET = params
    try:
        submissions = submission_admin.get_changelist_instance(request).get_queryset(request)
    except IncorrectLookupParameters:
        # As the changelist itself does with a filter it does not know.
        changelist = reverse("admin:submissions_submission_changelist")
        return HttpResponseRedirect(f"{changelist}?{ERROR_FLAG}=1")
    export = export_answers_xlsx if file_format == "xlsx" else export_answers_csv
    return export(submissions, include_notes=include_notes, user=request.user)
