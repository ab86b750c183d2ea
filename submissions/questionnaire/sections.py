"""The task list, and the pages of the sections that are one form each: about your authority,
each theme, national government and consent."""

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ..consent import consent_refusal
from ..forms.sections import SECTION_FORMS
from ..presenters import completed_count, section_summaries, task_list
from ..sections import (
    ABOUT,
    CONSENT,
    LEARNING,
    NATIONAL_GOVERNMENT,
    section_after,
    section_by_key,
    section_list,
)
from ..services import SectionConflict, SubmissionLocked, consent_change, section_save
from .access import (
    back_url,
    edit_page,
    officer_required,
    open_changes,
    progress_version,
    refuse,
    returning_to_check,
)


@officer_required
def task_list_page(request, officer):
    tasks = task_list(submission=officer.submission, sections=section_list())
    changes = open_changes(officer.submission)
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
def learning(request, officer):
    return _section_page(request, officer, LEARNING)


@officer_required
def national_government(request, officer):
    return _section_page(request, officer, NATIONAL_GOVERNMENT)


@officer_required
def consent(request, officer):
    if officer.submission.is_editable:
        return _section_page(request, officer, CONSENT)
    return _consent_after_submitting(request, officer.submission)


# What a submitted consent must say: every question answered (withdrawing is "Do not publish").
CONSENT_NEEDED = {
    "publication": "Select how we may publish what you tell us",
    "follow_up_contact": "Select yes if we may contact you",
    "privacy_agreed": "Agree to the privacy notice to keep your consent",
}


def _consent_after_submitting(request, submission):
    """Consent may change or be withdrawn after submitting, until a case study drawn from the
    answers is published; then the page shows it read-only and says why."""
    sections = section_list(round=submission.round, with_questions=True)
    section = section_by_key(sections, CONSENT)
    form_class = SECTION_FORMS[section.kind]
    refusal = consent_refusal(submission)
    if refusal and request.method == "POST":
        return refuse(request, refusal, section.url)
    if refusal:
        return read_only_page(request, submission, section, refusal)
    if request.method == "POST":
        form = form_class(request.POST, section=section)
        if form.is_valid():
            data = form.to_data()
            missing = {
                "publication": not data["publication"],
                "follow_up_contact": data["follow_up_contact"] is None,  # "No" is an answer
                "privacy_agreed": not data["privacy_agreed"],
            }
            for name, message in CONSENT_NEEDED.items():
                if missing[name]:
                    form.add_error(name, message)
        if form.is_valid():
            try:
                consent_change(
                    submission=submission,
                    data=data,
                    version=form.cleaned_data["version"],
                    by=request.user,
                )
            except SectionConflict as conflict:
                submission.refresh_from_db()
                theirs = form_class.saved(submission, section)
                form.show_conflict(theirs=theirs, progress=conflict.latest, message="")
            except SubmissionLocked as locked:
                return refuse(request, str(locked), section.url)
            else:
                messages.success(
                    request, "Your consent has been changed. The research team has been told."
                )
                return redirect("questionnaire:submission_detail", submission.pk)
    else:
        initial = {
            **form_class.saved(submission, section),
            "version": progress_version(submission, CONSENT),
        }
        form = form_class(initial=initial, section=section)
    context = {"submission": submission, "section": section, "total": len(sections), "form": form}
    back = reverse("questionnaire:submission_detail", args=[submission.pk])
    return render(request, "submissions/questionnaire/section.html", {**context, "back_url": back})


def _section_page(request, officer, key):
    submission = officer.submission
    sections = section_list(round=submission.round, with_questions=True)
    section = section_by_key(sections, key)
    if section is None:
        raise Http404("No such section")
    form_class = SECTION_FORMS[section.kind]

    def save(form):
        section_save(
            submission=submission,
            section=section,
            data=form.to_data(),
            version=form.cleaned_data["version"],
            by=request.user,
        )
        return after_save(request, sections, section, submission)

    def theirs():
        submission.refresh_from_db()  # Their answers as saved, not as first loaded.
        return form_class.saved(submission, section)

    def page(form):
        return render(
            request,
            "submissions/questionnaire/section.html",
            {
                "submission": submission,
                "section": section,
                "total": len(sections),
                "form": form,
                "back_url": back_url(request),
                "change_requests": open_changes(submission, key).get(key, []),
            },
        )

    return edit_page(
        request,
        submission,
        form=partial(form_class, section=section),
        initial=lambda: {
            **form_class.saved(submission, section),
            "version": progress_version(submission, key),
        },
        save=save,
        theirs=theirs,
        page=page,
        read_only=partial(read_only_page, request, submission, section),
        refused_to=section.url,
    )


def read_only_page(request, submission, section, refusal):
    """A section's answers when they may not change, and why."""
    [summary] = section_summaries(submission=submission, sections=[section], links=False)
    return render(
        request,
        "submissions/questionnaire/section_read_only.html",
        {"submission": submission, "section": section, "summary": summary, "refusal": refusal},
    )


def after_save(request, sections, section, submission):
    """The task list after "Save and come back later"; otherwise the next section, or back to
    check your answers when that is where the officer came from. While the research team has
    asked for changes, the officer goes back to the list of what to change, not on."""
    if "later" in request.POST:
        messages.success(request, f"Your answers to ‘{section.title}’ have been saved.")
        return redirect("questionnaire:task_list")
    if returning_to_check(request):
        return redirect("questionnaire:check")
    if submission.status == submission.Status.CHANGES_REQUESTED:
        return redirect("questionnaire:task_list")
    following = section_after(sections, section)
    return redirect(following.url if following else reverse("questionnaire:check"))
