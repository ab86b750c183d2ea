"""The missions section: the list of the submission's missions, one mission with its partners,
and removing a mission or a partner."""

from functools import partial

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from councils.models import MissionPartner

from ..forms.missions import MissionForm, MissionsForm, RemoveForm
from ..mission_progress import missions_carry_over, previous_submitted_missions
from ..presenters import MissionSummary, mission_rows, submission_missions
from ..sections import MISSIONS, section_by_key, section_list
from ..services import (
    SubmissionLocked,
    mission_partner_remove,
    mission_remove,
    mission_save,
    section_save,
)
from .access import (
    back_url,
    edit_page,
    officer_required,
    open_changes,
    progress_version,
    with_return,
)
from .outcomes import mission_outcomes
from .sections import after_save, read_only_page

CONFLICT_ON_REMOVE = (
    "Someone else changed your missions while you were looking at this page. "
    "Nothing has been removed yet: check the missions, then confirm again."
)


def _missions_url(request) -> str:
    return with_return(request, reverse("questionnaire:missions"))


def _to_missions(refusal: str):
    """Mission pages have nothing to show read-only: the missions list says why."""
    return redirect("questionnaire:missions")


@officer_required
def missions(request, officer):
    sections = section_list()
    section = section_by_key(sections, MISSIONS)
    submission = officer.submission

    def save(form):
        # Only the section's status changes here (missions are saved on their own pages),
        # so there is nothing to overwrite and no version to check.
        section_save(
            submission=submission,
            section=section,
            data={},
            version=None,
            by=request.user,
        )
        return after_save(request, sections, section, submission)

    def page(form):
        summaries = [
            MissionSummary(
                mission=m,
                rows=mission_rows(m),
                change_url=with_return(
                    request, reverse("questionnaire:mission_change", args=[m.pk])
                ),
                remove_url=with_return(
                    request, reverse("questionnaire:mission_remove", args=[m.pk])
                ),
            )
            for m in submission_missions(submission)
        ]
        return render(
            request,
            "submissions/questionnaire/missions.html",
            {
                "submission": submission,
                "section": section,
                "total": len(sections),
                "form": form,
                "missions": summaries,
                "add_url": with_return(request, reverse("questionnaire:mission_add")),
                "carry_over": [r.mission for r in previous_submitted_missions(submission)],
                "back_url": back_url(request),
                "change_requests": open_changes(submission, MISSIONS).get(MISSIONS, []),
            },
        )

    return edit_page(
        request,
        submission,
        form=partial(MissionsForm, section=section),
        initial=lambda: {"version": progress_version(submission, MISSIONS)},
        save=save,
        page=page,
        read_only=partial(read_only_page, request, submission, section),
        refused_to=section.url,
        keeps_typing=False,
    )


@require_POST
@officer_required
def carry_over(request, officer):
    """Bring the missions of the authority's previous round into this draft."""
    try:
        carried = missions_carry_over(submission=officer.submission, by=request.user)
    except SubmissionLocked as locked:
        messages.error(request, f"Your missions have not been carried over. {locked}")
        return redirect("questionnaire:missions")
    if carried:
        count = len(carried)
        messages.success(
            request,
            f"{count} mission{'' if count == 1 else 's'} carried over from your last submission.",
        )
    return redirect(_missions_url(request))


@officer_required
def mission_add(request, officer):
    return _mission_page(request, officer, mission=None)


@officer_required
def mission_change(request, officer, pk):
    mission = get_object_or_404(officer.submission.missions.all(), pk=pk)
    return _mission_page(request, officer, mission=mission)


def _mission_page(request, officer, mission):
    submission = officer.submission
    adding_partner = "add_partner" in request.POST

    def save(form):
        partner = form.partner_data()
        saved = mission_save(
            submission=submission,
            mission=mission,
            data=form.to_data(),
            version=form.cleaned_data["version"],
            by=request.user,
            partner=partner,
        )
        if adding_partner:
            messages.success(request, f"{partner['name']} has been added as a partner.")
            url = reverse("questionnaire:mission_change", args=[saved.pk])
            return redirect(with_return(request, url) + "#partners")
        return redirect(_missions_url(request))

    def theirs():
        mission.refresh_from_db()
        return MissionForm.saved(mission)

    def page(form):
        # What the partners part of the form shows (rendered inside the form's layout).
        form.partners = [
            {
                "name": mp.partner.name,
                "type": mp.partner.type.name,
                "role": mp.role,
                "remove_url": with_return(
                    request, reverse("questionnaire:partner_remove", args=[mission.pk, mp.pk])
                ),
            }
            for mp in (
                mission.mission_partners.select_related("partner__type").order_by("pk")
                if mission
                else []
            )
        ]
        form.cancel_url = _missions_url(request)
        form.outcomes = mission_outcomes(request, mission) if mission else []
        if mission:
            url = reverse("questionnaire:outcome_add", args=[mission.pk])
            form.outcome_add_url = with_return(request, url)
        return render(
            request,
            "submissions/questionnaire/mission_form.html",
            {
                "submission": submission,
                "mission": mission,
                "form": form,
                "back_url": form.cancel_url,
            },
        )

    return edit_page(
        request,
        submission,
        form=partial(MissionForm, adding_partner=adding_partner),
        initial=lambda: {
            **MissionForm.saved(mission),
            "version": progress_version(submission, MISSIONS),
        },
        save=save,
        theirs=theirs,
        page=page,
        read_only=_to_missions,
        refused_to=reverse("questionnaire:missions"),
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
        back_to=_missions_url(request),
    )


@officer_required
def partner_remove_page(request, officer, pk, partner_pk):
    mission_partner = get_object_or_404(
        MissionPartner.objects.select_related("partner", "mission").filter(
            mission__submissions=officer.submission, mission_id=pk
        ),
        pk=partner_pk,
    )
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
        back_to=with_return(request, reverse("questionnaire:mission_change", args=[pk])),
    )


def _remove_page(request, officer, *, question, remove, done, back_to):
    submission = officer.submission

    def save(form):
        if form.cleaned_data["confirm"]:
            remove(form.cleaned_data["version"])
            messages.success(request, done)
        return redirect(back_to)

    return edit_page(
        request,
        submission,
        form=partial(RemoveForm, question=question),
        initial=lambda: {"version": progress_version(submission, MISSIONS)},
        save=save,
        page=lambda form: render(
            request,
            "submissions/questionnaire/remove.html",
            {"form": form, "question": question, "back_url": back_to},
        ),
        read_only=_to_missions,
        refused_to=reverse("questionnaire:missions"),
        conflict_message=CONFLICT_ON_REMOVE,
        keeps_typing=False,
    )
