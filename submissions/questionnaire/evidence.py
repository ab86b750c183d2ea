"""Evidence for a theme or a mission: the list, adding a link or a PDF, removing one, and opening a file
(for the authority's officers and the research staff only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..evidence import evidence_add, evidence_remove, evidence_visible_to
from ..forms.evidence import EvidenceForm
from ..sections import section_by_key, section_list
from ..services import SubmissionLocked
from .access import officer_required, refuse


@officer_required
def theme_evidence(request, officer, slug):
    section = section_by_key(section_list(), f"theme-{slug}")
    if section is None:
        raise Http404("No such theme")
    url = reverse("questionnaire:theme_evidence", args=[slug])
    return _evidence_page(request, officer.submission, place=section, url=url, theme=section.theme)


@officer_required
def mission_evidence(request, officer, pk):
    mission = get_object_or_404(officer.submission.missions.all(), pk=pk)
    place = {"title": mission.title, "url": reverse("questionnaire:mission_change", args=[pk])}
    url = reverse("questionnaire:mission_evidence", args=[pk])
    return _evidence_page(request, officer.submission, place=place, url=url, mission=mission)


def _evidence_page(request, submission, *, place, url, theme=None, mission=None):
    """The evidence of one theme or one mission: the list, and a form to add a link or a PDF."""
    refusal = submission.edit_refusal()
    form = None
    if not refusal:
        form = EvidenceForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                evidence_add(
                    submission=submission,
                    theme=theme,
                    mission=mission,
                    title=form.cleaned_data["title"],
                    url=form.cleaned_data["url"],
                    file=form.cleaned_data["file"],
                    by=request.user,
                )
            except SubmissionLocked as locked:
                return refuse(request, str(locked), url)
            messages.success(request, f"‘{form.cleaned_data['title']}’ has been added.")
            return redirect(url)
    elif request.method == "POST":
        return refuse(request, refusal, url)
    return render(
        request,
        "submissions/questionnaire/evidence.html",
        {
            "submission": submission,
            "section": place,
            "evidence": submission.evidence.filter(theme=theme, mission=mission),
            "form": form,
            "refusal": refusal,
        },
    )


@require_POST
@officer_required
def evidence_remove_page(request, officer, pk):
    submission = officer.submission
    evidence = get_object_or_404(submission.evidence.select_related("theme"), pk=pk)
    if evidence.theme:
        back = reverse("questionnaire:theme_evidence", args=[evidence.theme.slug])
    elif evidence.mission_id:
        back = reverse("questionnaire:mission_evidence", args=[evidence.mission_id])
    else:
        back = reverse("questionnaire:task_list")
    try:
        evidence_remove(submission=submission, evidence=evidence)
    except SubmissionLocked as locked:
        return refuse(request, str(locked), back)
    messages.success(request, f"‘{evidence.title}’ has been removed.")
    return redirect(back)


@login_required
def evidence_file(request, pk):
    """The PDF itself; a 404 for anyone else, so nobody learns that it exists."""
    evidence = get_object_or_404(evidence_visible_to(request.user).exclude(file=""), pk=pk)
    response = FileResponse(
        evidence.file.open("rb"), content_type="application/pdf", filename=f"evidence-{pk}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response
