"""The task list, and the pages of the sections that are one form each: about your authority,
each theme, national government and consent."""

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

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
from ..services import section_save
from .access import (
    back_url,
    edit_page,
    officer_required,
    open_changes,
    progress_version,
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
    return _section_page(request, officer, CONSENT)


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
