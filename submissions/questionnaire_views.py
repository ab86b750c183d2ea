"""The officer's area (/my/) and their authority's submission to the current round.

Every page that shows or changes a submission finds it through the signed-in user's verified
membership (Submission.objects.for_user), never from an id in the URL alone; missions and
partners are looked up within that submission. Another authority's pages are 404s.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from casestudies.models import CaseStudy
from councils.models import Membership, MissionPartner
from instrument.models import Round

from .forms import (
    SECTION_FORMS,
    DeclarationForm,
    MissionForm,
    MissionsForm,
    RemoveForm,
)
from .models import ChangeRequest, SectionProgress, Submission
from .presenters import (
    completed_count,
    mission_rows,
    section_summaries,
    submission_missions,
    task_list,
)
from .sections import (
    ABOUT,
    CONSENT,
    MISSIONS,
    NATIONAL_GOVERNMENT,
    incomplete_sections,
    section_after,
    section_by_key,
    section_list,
)
from .services import (
    DeclarationMissing,
    SectionConflict,
    SubmissionIncomplete,
    SubmissionLocked,
    mission_partner_remove,
    mission_remove,
    mission_save,
    section_save,
    submission_get_or_create,
    submission_submit,
)

KEPT_POST = "questionnaire_kept_post"
KEPT_MESSAGE = "We kept what you typed; check it and save."
NOT_VERIFIED = "You can work on your authority's submission once you are a verified officer of it."
NO_ROUND = "There is no call for practice open at the moment."


@dataclass
class Officer:
    membership: Membership
    submission: Submission


def _officer(request) -> Officer | None:
    """The user's verified membership and their authority's submission to the current round
    (created the first time it is needed); None, with a message saying why, if there is none."""
    membership = Membership.objects.filter(user=request.user).select_related("authority").first()
    if membership is None or not membership.is_verified:
        messages.info(request, NOT_VERIFIED)
        return None
    round = Round.objects.current() or Round.objects.latest_started()
    if round is None:
        messages.info(request, NO_ROUND)
        return None
    submission = (
        Submission.objects.for_user(request.user)
        .select_related("round", "authority")
        .filter(round=round)
        .first()
    )
    if submission is None:
        if not round.is_open:
            messages.info(request, NO_ROUND)
            return None
        submission = submission_get_or_create(authority=membership.authority, round=round)
        submission.round, submission.authority = round, membership.authority
    return Officer(membership=membership, submission=submission)


def officer_required(view):
    """Signed in as a verified officer; the view gets the Officer after the request.

    A POST from someone whose session has expired is not lost: what they typed is kept in
    the session and given back to the form when they return after signing in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "POST":
                _keep_post(request)
            return redirect_to_login(request.get_full_path())
        officer = _officer(request)
        if officer is None:
            return redirect("questionnaire:dashboard")
        return view(request, officer, *args, **kwargs)

    return wrapper


def _keep_post(request) -> None:
    data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    # One page's worth at a time: the session never collects more than one form.
    request.session[KEPT_POST] = {"path": request.path, "data": data}


def _take_kept_post(request) -> QueryDict | None:
    """What was typed on this page before signing in again, once, or None."""
    kept = request.session.get(KEPT_POST)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[KEPT_POST]
    data = QueryDict(mutable=True)
    for key, values in kept["data"].items():
        data.setlist(key, values)
    messages.info(request, KEPT_MESSAGE)
    return data


def _progress_version(submission: Submission, key: str) -> int:
    version = (
        SectionProgress.objects.filter(submission=submission, key=key)
        .values_list("version", flat=True)
        .first()
    )
    return version or 0


def _open_changes(submission: Submission, key: str | None = None) -> dict[str, list]:
    """The research team's open requests for changes, by section key (one query)."""
    if submission.status != Submission.Status.CHANGES_REQUESTED:
        return {}
    requests = ChangeRequest.objects.open().filter(submission=submission)
    if key is not None:
        requests = requests.filter(section_key=key)
    changes: dict[str, list] = {}
    for change in requests:
        changes.setdefault(change.section_key, []).append(change)
    return changes


def _returning_to_check(request) -> bool:
    return request.GET.get("return") == "check"


def _refused(request, refusal: str, to: str):
    messages.error(request, f"Your changes have not been saved. {refusal}")
    return redirect(to)


# --- /my/ --------------------------------------------------------------------------------


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
            signoff_count=CaseStudy.objects.for_signoff(membership.authority).count(),
        )
    return render(request, "submissions/questionnaire/dashboard.html", context)


@login_required
def submission_detail(request, pk):
    """Any of the authority's submissions, read-only (past rounds are listed on /my/)."""
    submission = get_object_or_404(
        Submission.objects.for_user(request.user).select_related("round", "authority"), pk=pk
    )
    summaries = section_summaries(
        submission=submission, sections=section_list(with_questions=True), links=False
    )
    return render(
        request,
        "submissions/questionnaire/submission_detail.html",
        {"submission": submission, "summaries": summaries},
    )


# --- the task list and section pages -----------------------------------------------------


@officer_required
def task_list_page(request, officer):
    tasks = task_list(submission=officer.submission, sections=section_list())
    changes = _open_changes(officer.submission)
    for task in tasks:
        task.changes = changes.get(task.section.key, [])
    return render(
        request,
        "submissions/questionnaire/task_list.html",
        {
            "submission": officer.submission,
            "tasks": tasks,
            "completed": completed_count(tasks),
            "total": len(tasks),
            "refusal": officer.submission.edit_refusal(),
        },
    )


@officer_required
def about(request, officer):
    return _section_page(request, officer, ABOUT)


@officer_required
def theme(request, officer, slug):
    return _section_page(request, officer, f"theme-{slug}")


@officer_required
def national_government(request, officer):
    return _section_page(request, officer, NATIONAL_GOVERNMENT)


@officer_required
def consent(request, officer):
    return _section_page(request, officer, CONSENT)


def _section_page(request, officer, key):
    sections = section_list(with_questions=True)
    section = section_by_key(sections, key)
    if section is None:
        raise Http404("No such section")
    submission = officer.submission
    refusal = submission.edit_refusal()
    if refusal:
        return _read_only(request, refusal, submission, section)

    form_class = SECTION_FORMS[section.kind]
    if request.method == "POST":
        form = form_class(request.POST, section=section)
        if form.is_valid():
            try:
                section_save(
                    submission=submission,
                    section=section,
                    data=form.to_data(),
                    version=form.cleaned_data["version"],
                    by=request.user,
                    finished="later" not in request.POST,
                )
            except SectionConflict as conflict:
                submission.refresh_from_db()  # Their answers as saved, not as first loaded.
                form.show_conflict(
                    theirs=form_class.saved(submission, section), progress=conflict.latest
                )
            except SubmissionLocked as locked:
                return _refused(request, str(locked), section.url)
            else:
                return _after_save(request, sections, section)
    elif (kept := _take_kept_post(request)) is not None:
        form = form_class(kept, section=section)
    else:
        initial = {
            **form_class.saved(submission, section),
            "version": _progress_version(submission, key),
        }
        form = form_class(initial=initial, section=section)
    return render(
        request,
        "submissions/questionnaire/section.html",
        {
            "submission": submission,
            "section": section,
            "total": len(sections),
            "form": form,
            "back_url": _back_url(request),
            "change_requests": _open_changes(submission, key).get(key, []),
        },
    )


def _read_only(request, refusal, submission, section):
    if request.method == "POST":
        return _refused(request, refusal, section.url)
    [summary] = section_summaries(submission=submission, sections=[section], links=False)
    return render(
        request,
        "submissions/questionnaire/section_read_only.html",
        {"submission": submission, "section": section, "summary": summary, "refusal": refusal},
    )


def _after_save(request, sections, section):
    if "later" in request.POST:
        messages.success(request, f"Your answers to ‘{section.title}’ have been saved.")
        return redirect("questionnaire:task_list")
    if _returning_to_check(request):
        return redirect("questionnaire:check")
    following = section_after(sections, section)
    return redirect(following.url if following else reverse("questionnaire:check"))


def _back_url(request) -> str:
    return reverse(
        "questionnaire:check" if _returning_to_check(request) else "questionnaire:task_list"
    )


# --- missions ----------------------------------------------------------------------------


@officer_required
def missions(request, officer):
    sections = section_list()
    section = section_by_key(sections, MISSIONS)
    submission = officer.submission
    refusal = submission.edit_refusal()
    if refusal:
        return _read_only(request, refusal, submission, section)
    if request.method == "POST":
        form = MissionsForm(request.POST, section=section)
        if form.is_valid():
            # Only the section's status changes here (missions are saved on their own pages),
            # so there is nothing to overwrite and no version to check.
            section_save(
                submission=submission,
                section=section,
                data={},
                version=None,
                by=request.user,
                finished="later" not in request.POST,
            )
            return _after_save(request, sections, section)
    else:
        form = MissionsForm(initial={"version": _progress_version(submission, MISSIONS)})
    query = "?return=check" if _returning_to_check(request) else ""
    return render(
        request,
        "submissions/questionnaire/missions.html",
        {
            "submission": submission,
            "section": section,
            "total": len(sections),
            "form": form,
            "missions": [
                {
                    "mission": m,
                    "rows": mission_rows(m),
                    "change_url": reverse("questionnaire:mission_change", args=[m.pk]) + query,
                    "remove_url": reverse("questionnaire:mission_remove", args=[m.pk]) + query,
                }
                for m in submission_missions(submission)
            ],
            "add_url": reverse("questionnaire:mission_add") + query,
            "back_url": _back_url(request),
            "change_requests": _open_changes(submission, MISSIONS).get(MISSIONS, []),
        },
    )


def _missions_url(request) -> str:
    url = reverse("questionnaire:missions")
    return url + "?return=check" if _returning_to_check(request) else url


@officer_required
def mission_add(request, officer):
    return _mission_page(request, officer, mission=None)


@officer_required
def mission_change(request, officer, pk):
    mission = get_object_or_404(officer.submission.missions.all(), pk=pk)
    return _mission_page(request, officer, mission=mission)


def _mission_page(request, officer, mission):
    submission = officer.submission
    refusal = submission.edit_refusal()
    if refusal:
        if request.method == "POST":
            return _refused(request, refusal, reverse("questionnaire:missions"))
        return redirect("questionnaire:missions")

    if request.method == "POST":
        adding_partner = "add_partner" in request.POST
        form = MissionForm(request.POST, adding_partner=adding_partner)
        if form.is_valid():
            partner = form.partner_data()
            try:
                saved = mission_save(
                    submission=submission,
                    mission=mission,
                    data=form.to_data(),
                    version=form.cleaned_data["version"],
                    by=request.user,
                    partner=partner,
                )
            except SectionConflict as conflict:
                mission.refresh_from_db()
                form.show_conflict(theirs=MissionForm.saved(mission), progress=conflict.latest)
            except SubmissionLocked as locked:
                return _refused(request, str(locked), reverse("questionnaire:missions"))
            else:
                if adding_partner:
                    messages.success(request, f"{partner['name']} has been added as a partner.")
                    url = reverse("questionnaire:mission_change", args=[saved.pk])
                    query = "?return=check" if _returning_to_check(request) else ""
                    return redirect(f"{url}{query}#partners")
                return redirect(_missions_url(request))
    elif (kept := _take_kept_post(request)) is not None:
        form = MissionForm(kept)
    else:
        initial = {**MissionForm.saved(mission), "version": _progress_version(submission, MISSIONS)}
        form = MissionForm(initial=initial)

    # What the partners part of the form shows (rendered inside the form's layout).
    query = "?return=check" if _returning_to_check(request) else ""
    form.partners = (
        [
            {
                "name": mp.partner.name,
                "type": mp.partner.get_type_display(),
                "role": mp.role,
                "remove_url": reverse("questionnaire:partner_remove", args=[mission.pk, mp.pk])
                + query,
            }
            for mp in mission.mission_partners.select_related("partner").order_by("pk")
        ]
        if mission
        else []
    )
    form.cancel_url = _missions_url(request)
    return render(
        request,
        "submissions/questionnaire/mission_form.html",
        {"submission": submission, "mission": mission, "form": form, "back_url": form.cancel_url},
    )


@officer_required
def mission_remove_page(request, officer, pk):
    mission = get_object_or_404(officer.submission.missions.all(), pk=pk)
    return _remove_page(
        request,
        officer,
        question=f"Are you sure you want to remove ‘{mission.title}’?",
        remove=lambda version: mission_remove(
            submission=officer.submission, mission=mission, version=version, by=request.user
        ),
        done=f"‘{mission.title}’ has been removed.",
        back_url=_missions_url(request),
    )


@officer_required
def partner_remove_page(request, officer, pk, partner_pk):
    mission_partner = get_object_or_404(
        MissionPartner.objects.select_related("partner", "mission").filter(
            mission__submissions=officer.submission, mission_id=pk
        ),
        pk=partner_pk,
    )
    mission_url = reverse("questionnaire:mission_change", args=[pk])
    if _returning_to_check(request):
        mission_url += "?return=check"
    name = mission_partner.partner.name
    return _remove_page(
        request,
        officer,
        question=f"Are you sure you want to remove {name} from ‘{mission_partner.mission.title}’?",
        remove=lambda version: mission_partner_remove(
            submission=officer.submission,
            mission_partner=mission_partner,
            version=version,
            by=request.user,
        ),
        done=f"{name} has been removed from this mission.",
        back_url=mission_url,
    )


def _remove_page(request, officer, *, question, remove, done, back_url):
    submission = officer.submission
    refusal = submission.edit_refusal()
    if refusal:
        if request.method == "POST":
            return _refused(request, refusal, reverse("questionnaire:missions"))
        return redirect("questionnaire:missions")
    if request.method == "POST":
        form = RemoveForm(request.POST, question=question)
        if form.is_valid():
            if not form.cleaned_data["confirm"]:
                return redirect(back_url)
            try:
                remove(form.cleaned_data["version"])
            except SectionConflict as conflict:
                form.show_conflict(
                    theirs={},
                    progress=conflict.latest,
                    message=(
                        "Someone else changed your missions while you were looking at this page. "
                        "Nothing has been removed yet: check the missions, then confirm again."
                    ),
                )
            except SubmissionLocked as locked:
                return _refused(request, str(locked), reverse("questionnaire:missions"))
            else:
                messages.success(request, done)
                return redirect(back_url)
    else:
        form = RemoveForm(
            initial={"version": _progress_version(submission, MISSIONS)}, question=question
        )
    return render(
        request,
        "submissions/questionnaire/remove.html",
        {"form": form, "question": question, "back_url": back_url},
    )


# --- check your answers, submit ----------------------------------------------------------


@officer_required
def check(request, officer):
    submission = officer.submission
    if submission.is_sent and not submission.is_editable:
        if request.method == "POST":
            messages.info(request, "Your authority has already submitted its answers.")
        return redirect("questionnaire:confirmation")
    sections = section_list(with_questions=True)
    refusal = submission.edit_refusal()
    if refusal and request.method == "POST":
        return _refused(request, refusal, reverse("questionnaire:check"))

    incomplete = incomplete_sections(submission=submission, sections=sections)
    show_incomplete = False
    if request.method == "POST":
        form = DeclarationForm(request.POST)
        form_ok = form.is_valid()
        show_incomplete = bool(incomplete)
        if form_ok and not incomplete:
            try:
                submission_submit(
                    submission=submission,
                    sections=sections,
                    by=request.user,
                    declaration=form.cleaned_data["declaration"],
                )
            except SubmissionIncomplete as error:
                incomplete, show_incomplete = error.sections, True
            except DeclarationMissing:
                form.add_error("declaration", form.fields["declaration"].error_messages["required"])
            except SubmissionLocked as locked:
                return _refused(request, str(locked), reverse("questionnaire:check"))
            else:
                return redirect("questionnaire:confirmation")
    else:
        kept = _take_kept_post(request)
        form = DeclarationForm(kept)
    return render(
        request,
        "submissions/questionnaire/check.html",
        {
            "submission": submission,
            "summaries": section_summaries(
                submission=submission, sections=sections, links=not refusal
            ),
            "incomplete": incomplete,
            "show_incomplete": show_incomplete,
            "has_errors": show_incomplete or bool(form.is_bound and form.errors),
            "form": form,
            "refusal": refusal,
        },
    )


@officer_required
def confirmation(request, officer):
    submission = officer.submission
    if not submission.is_sent or submission.is_editable:
        return redirect("questionnaire:task_list")
    return render(
        request, "submissions/questionnaire/confirmation.html", {"submission": submission}
    )
