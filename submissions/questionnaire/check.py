"""Check your answers, submit them with the declaration, and the confirmation."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from ..forms.declaration import DeclarationForm
from ..presenters import section_summaries
from ..sections import incomplete_sections, section_list
from ..services import (
    DeclarationMissing,
    SubmissionIncomplete,
    SubmissionLocked,
    submission_submit,
)
from .access import officer_required, refuse, take_kept_post


@officer_required
def check(request, officer):
    submission = officer.submission
    if submission.is_sent and not submission.is_editable:
        if request.method == "POST":
            messages.info(request, "Your authority has already submitted its answers.")
        return redirect("questionnaire:confirmation")
    sections = section_list(round=submission.round, with_questions=True)
    refusal = submission.edit_refusal()
    if refusal and request.method == "POST":
        return refuse(request, refusal, reverse("questionnaire:check"))

    incomplete = incomplete_sections(submission=submission, sections=sections)
    show_incomplete = False
    if request.method == "POST":
        form = DeclarationForm(request.POST)
        show_incomplete = bool(incomplete)
        if form.is_valid() and not incomplete:
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
                return refuse(request, str(locked), reverse("questionnaire:check"))
            else:
                return redirect("questionnaire:confirmation")
    else:
        form = DeclarationForm(take_kept_post(request))
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
