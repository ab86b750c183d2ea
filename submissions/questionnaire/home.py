"""/my/: the officer's area, and their authority's submissions read-only."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from councils.models import Membership
from instrument.models import Round

from ..consent import consent_refusal
from ..models import Submission
from ..presenters import completed_count, submitted_answers, task_list
from ..sections import section_list


@login_required
def dashboard(request):
    membership = Membership.objects.filter(user=request.user).select_related("authority").first()
    context = {"membership": membership, "verified": bool(membership and membership.is_verified)}
    if context["verified"]:
        current_round = Round.objects.current()
        submissions = list(
            Submission.objects.for_user(request.user)
            .select_related("round")
            .order_by("-round__opens_on")
        )
        current = next(
            (s for s in submissions if current_round and s.round_id == current_round.pk), None
        )
        sections = section_list()
        tasks = task_list(submission=current, sections=sections) if current else []
        context.update(
            current_round=current_round,
            current=current,
            past=[s for s in submissions if s is not current],
            completed=completed_count(tasks),
            total=len(sections),
        )
    return render(request, "submissions/questionnaire/dashboard.html", context)


def _authority_submission(request, pk) -> Submission:
    """One of the signed-in officer's authority's submissions; 404 for anyone else's."""
    return get_object_or_404(
        Submission.objects.for_user(request.user).select_related("round", "authority"), pk=pk
    )


@login_required
def submission_detail(request, pk):
    """Any of the authority's submissions, read-only (past rounds are listed on /my/)."""
    submission = _authority_submission(request, pk)
    context = {"submission": submission, "summaries": submitted_answers(submission)}
    return render(
        request,
        "submissions/questionnaire/submission_detail.html",
        {**context, **_consent_context(submission)},
    )


@login_required
def submission_download(request, pk):
    """The answers as one HTML file that opens and prints without the site."""
    submission = _authority_submission(request, pk)
    html = render_to_string(
        "submissions/questionnaire/submission_download.html",
        {"submission": submission, "summaries": submitted_answers(submission)},
        request=request,
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    name = submission.reference or f"draft-{submission.pk}"
    response["Content-Disposition"] = f'attachment; filename="answers-{name}.html"'
    return response


def _consent_context(submission: Submission) -> dict:
    """After submitting, the latest round's consent may change until something is published
    (the consent page is the latest round's: sections.consent)."""
    latest = Round.objects.current() or Round.objects.latest_started()
    if submission.is_editable or not submission.is_sent or submission.round != latest:
        return {}
    refusal = consent_refusal(submission)
    return {"consent_refusal": refusal, "consent_changeable": not refusal}
