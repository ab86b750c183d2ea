"""Writes for the questionnaire: saving sections (with optimistic locking), missions and their
partners, and submitting.

Every save checks, inside its transaction, that the submission may still change (a draft in an
open round) and that the section has not moved on since the officer loaded it: the
SectionProgress row is updated with `WHERE version = <the version the form was loaded with>`,
so of two officers saving the same section from the same starting point only the first wins;
the second gets SectionConflict and nothing of theirs is written.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from common import roles as permissions
from common.emails import absolute_url, email_context
from councils.models import Membership, Mission, MissionPartner, NationalMission, Partner
from outbox.services import email_enqueue

from .models import (
    Answer,
    ChangeRequest,
    Consent,
    SectionProgress,
    Submission,
    SubmissionNote,
    SubmissionTransition,
    ThemeReflection,
)
from .sections import (
    ABOUT,
    CONSENT,
    CONSENT_WORDING_VERSION,
    MISSIONS,
    NATIONAL_GOVERNMENT,
    THEME,
    Section,
    incomplete_sections,
    section_list,
)

Status = SectionProgress.Status


class SectionConflict(Exception):
    """Someone else saved the section after this form was loaded. Nothing was written."""

    def __init__(self, latest: SectionProgress):
        super().__init__(f"section {latest.key} is at version {latest.version}")
        self.latest = latest


class SubmissionLocked(Exception):
    """The submission cannot change: it has been submitted, or its round has closed."""


class SubmissionIncomplete(Exception):
    def __init__(self, sections: list[Section]):
        super().__init__(", ".join(s.title for s in sections))
        self.sections = sections


class DeclarationMissing(Exception):
    pass


def submission_get_or_create(*, authority, round) -> Submission:
    submission, _ = Submission.objects.get_or_create(authority=authority, round=round)
    return submission


# --- sections ----------------------------------------------------------------------------


def _editable(submission: Submission) -> Submission:
    """The submission row, locked until the transaction ends; SubmissionLocked if it is
    submitted or its round has closed (so a save cannot race a submit)."""
    locked = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("round", "authority")
        .get(pk=submission.pk)
    )
    refusal = locked.edit_refusal()
    if refusal:
        raise SubmissionLocked(refusal)
    return locked


def _progress_bump(
    *, submission: Submission, key: str, version: int | None, by, status: str | None = None
) -> SectionProgress:
    """Move the section on a version, recording who changed it, if it is still at `version`
    (any version when None). Raises SectionConflict if someone else got there first."""
    progress, _ = SectionProgress.objects.get_or_create(submission=submission, key=key)
    changes = {"version": F("version") + 1, "updated_by": by, "updated_at": timezone.now()}
    if status is not None:
        changes["status"] = status
    rows = SectionProgress.objects.filter(pk=progress.pk)
    if version is not None:
        rows = rows.filter(version=version)
    if not rows.update(**changes):
        raise SectionConflict(
            SectionProgress.objects.select_related("updated_by").get(pk=progress.pk)
        )
    return SectionProgress.objects.get(pk=progress.pk)


def _about_complete(*, section, data) -> bool:
    return bool(data["uses_mission_language"]) and bool(data["who_leads"].strip())


def _about_write(*, submission, section, data, by) -> None:
    submission.uses_mission_language = data["uses_mission_language"]
    submission.who_leads = data["who_leads"]
    submission.save(update_fields=["uses_mission_language", "who_leads", "updated_at"])
    submission.approaches.set(data["approaches"])


def _theme_complete(*, section, data) -> bool:
    answers = data["answers"]
    return all(answers.get(q.pk, "").strip() for q in section.theme.questions.all())


def _theme_write(*, submission, section, data, by) -> None:
    questions = {q.pk for q in section.theme.questions.all()}
    texts = {pk: text for pk, text in data["answers"].items() if pk in questions}
    existing = {
        a.question_id: a
        for a in Answer.objects.filter(submission=submission, question_id__in=texts)
    }
    changed = []
    for pk, text in texts.items():
        answer = existing.get(pk)
        if answer is None:
            if text:
                Answer.objects.create(submission=submission, question_id=pk, text=text)
        elif answer.text != text:
            answer.text = text
            changed.append(answer)
    for answer in changed:
        answer.save(update_fields=["text", "updated_at"])
    ThemeReflection.objects.update_or_create(
        submission=submission,
        theme=section.theme,
        defaults={"what_worked": data["what_worked"], "what_didnt": data["what_didnt"]},
    )


def _national_government_write(*, submission, section, data, by) -> None:
    submission.national_government = data["national_government"]
    submission.save(update_fields=["national_government", "updated_at"])


def _consent_complete(*, section, data) -> bool:
    return (
        bool(data["publication"])
        and data["follow_up_contact"] is not None
        and bool(data["privacy_agreed"])
    )


def _consent_write(*, submission, section, data, by) -> None:
    # Append-only: each save is a record of what was agreed to, in which wording, by whom.
    Consent.objects.create(
        submission=submission,
        publication=data["publication"],
        follow_up_contact=data["follow_up_contact"],
        privacy_agreed=bool(data["privacy_agreed"]),
        wording_version=CONSENT_WORDING_VERSION,
        given_by=by,
    )


# kind -> (is the data enough to complete the section?, write the data)
SECTION_WRITERS = {
    ABOUT: (_about_complete, _about_write),
    THEME: (_theme_complete, _theme_write),
    NATIONAL_GOVERNMENT: (lambda **kw: True, _national_government_write),
    CONSENT: (_consent_complete, _consent_write),
    MISSIONS: (None, None),
}


@transaction.atomic
def section_save(
    *, submission: Submission, section: Section, data: dict, version: int | None, by, finished: bool
) -> SectionProgress:
    """Save one section's answers if nobody else has saved it since `version`.

    `finished` is "Save and continue": the section is completed if its required answers are
    all there, and in progress otherwise; "Save and come back later" leaves it in progress.
    `version` None skips the check (for the missions list, which only changes the status).
    Raises SectionConflict (nothing written) or SubmissionLocked.
    """
    submission = _editable(submission)
    is_complete, write = SECTION_WRITERS[section.kind]
    if section.kind == MISSIONS:
        complete = submission.missions.exists()
    else:
        complete = is_complete(section=section, data=data)
    status = Status.COMPLETED if finished and complete else Status.IN_PROGRESS
    progress = _progress_bump(
        submission=submission, key=section.key, version=version, by=by, status=status
    )
    if write is not None:
        write(submission=submission, section=section, data=data, by=by)
    return progress


# --- missions and partners ---------------------------------------------------------------


def _missions_progress_after_change(*, submission: Submission, progress: SectionProgress) -> None:
    """Started once a mission is added; no longer complete once the last one is removed."""
    last_removed = progress.status == Status.COMPLETED and not submission.missions.exists()
    if progress.status == Status.NOT_STARTED or last_removed:
        SectionProgress.objects.filter(pk=progress.pk).update(status=Status.IN_PROGRESS)


def _partner_for(*, name: str, type: str) -> Partner:
    # Partners are shared across the register: reuse one with the same name and type rather
    # than change someone else's.
    partner = Partner.objects.filter(name__iexact=name, type=type).order_by("pk").first()
    return partner or Partner.objects.create(name=name, type=type)


@transaction.atomic
def mission_save(
    *,
    submission: Submission,
    mission: Mission | None,
    data: dict,
    version: int | None,
    by,
    partner: dict | None = None,
) -> Mission:
    """Add a mission to the submission (mission=None) or change one, and optionally add a
    partner to it ({"name", "type", "role"}). A change is refused with SectionConflict if the
    missions section moved on since `version`; adding never overwrites anything, so it is not."""
    submission = _editable(submission)
    progress = _progress_bump(
        submission=submission, key=MISSIONS, version=version if mission else None, by=by
    )
    fields = {
        "title": data["title"],
        "statement": data["statement"],
        "target_year": data["target_year"],
        "stage": data["stage"],
        "challenge_area": data["challenge_area"],
    }
    if mission is None:
        mission = Mission.objects.create(authority=submission.authority, **fields)
        submission.missions.add(mission)
    else:
        for name, value in fields.items():
            setattr(mission, name, value)
        mission.save(update_fields=[*fields, "updated_at"])
    mission.national_missions.set(
        NationalMission.objects.filter(pk__in=[m.pk for m in data["national_missions"]])
    )
    if partner:
        MissionPartner.objects.update_or_create(
            mission=mission,
            partner=_partner_for(name=partner["name"], type=partner["type"]),
            defaults={"role": partner["role"]},
        )
    _missions_progress_after_change(submission=submission, progress=progress)
    return mission


@transaction.atomic
def mission_remove(*, submission: Submission, mission: Mission, version: int, by) -> None:
    submission = _editable(submission)
    progress = _progress_bump(submission=submission, key=MISSIONS, version=version, by=by)
    mission.delete()
    _missions_progress_after_change(submission=submission, progress=progress)


@transaction.atomic
def mission_partner_remove(
    *, submission: Submission, mission_partner: MissionPartner, version: int, by
) -> None:
    submission = _editable(submission)
    _progress_bump(submission=submission, key=MISSIONS, version=version, by=by)
    mission_partner.delete()


# --- submitting --------------------------------------------------------------------------


def submission_reference(submission: Submission) -> str:
    return f"MLG-{submission.round.opens_on.year}-{submission.pk:06d}"


@transaction.atomic
def submission_submit(
    *, submission: Submission, sections: list[Section], by, declaration: bool
) -> Submission:
    """Submit the authority's answers, and in the same transaction write the receipt to
    every verified officer and the notification to the project lead to the outbox.

    Submitting what is already submitted returns it unchanged and sends nothing new.
    Raises SubmissionLocked (round closed), SubmissionIncomplete or DeclarationMissing.
    """
    locked = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("round", "authority")
        .get(pk=submission.pk)
    )
    if locked.is_sent and not locked.is_editable:
        return locked
    refusal = locked.edit_refusal()
    if refusal:
        raise SubmissionLocked(refusal)
    incomplete = incomplete_sections(submission=locked, sections=sections)
    if incomplete:
        raise SubmissionIncomplete(incomplete)
    if not declaration:
        raise DeclarationMissing()
    if locked.status == Submission.Status.CHANGES_REQUESTED:
        return submission_resubmit(submission=locked, by=by)

    _transition_record(submission=locked, to=Submission.Status.SUBMITTED, by=by)
    locked.status = Submission.Status.SUBMITTED
    locked.reference = submission_reference(locked)
    locked.submitted_at = timezone.now()
    locked.submitted_by = by
    locked.declaration = True
    locked.save(
        update_fields=[
            "status",
            "reference",
            "submitted_at",
            "submitted_by",
            "declaration",
            "updated_at",
        ]
    )
    _submission_emails_enqueue(submission=locked, by=by)
    return locked


def _submission_emails_enqueue(*, submission: Submission, by) -> None:
    admin_url = absolute_url("admin:submissions_submission_change", submission.pk)
    context = email_context(
        submission=submission,
        authority=submission.authority,
        round=submission.round,
        submitted_by_email=by.email,
        dashboard_url=absolute_url("questionnaire:dashboard"),
        admin_url=admin_url,
        lead_name=settings.PROJECT_LEAD_NAME,
        lead_role=settings.PROJECT_LEAD_ROLE,
        lead_email=settings.PROJECT_LEAD_EMAIL,
    )
    officers = (
        Membership.objects.verified()
        .for_authority(submission.authority)
        .select_related("user")
        .order_by("pk")
    )
    for membership in officers:
        if not membership.user.email:
            continue
        email_enqueue(
            key=f"submission:{submission.pk}:receipt:{membership.user_id}",
            to=[membership.user.email],
            template="submission_receipt",
            context={**context, "recipient_email": membership.user.email},
            related_admin_url=admin_url,
        )
    email_enqueue(
        key=f"submission:{submission.pk}:lead",
        to=[settings.PROJECT_LEAD_EMAIL],
        reply_to=[by.email] if by.email else None,
        template="submission_lead",
        context=context,
        related_admin_url=admin_url,
    )


# --- the researchers' review -------------------------------------------------------------
#
#   draft → submitted → in review → changes requested → resubmitted → in review → …
#                                 ↘ accepted / declined ↙ (from in review or resubmitted)
#
# A resubmission waits as "resubmitted" until a researcher starts reviewing it again, so the
# changelist shows which submissions have come back. While changes are requested the whole
# submission is editable (simpler for officers and for us); only the flagged sections are
# reopened ("In progress") and show the researchers' comments.

S = Submission.Status


class SubmissionTransitionError(Exception):
    """A move the workflow does not allow, or the user may not make; the message says why."""


# to status -> (the statuses it may come from, the verb for refusals)
TRANSITIONS = {
    S.IN_REVIEW: ({S.SUBMITTED, S.RESUBMITTED}, "start reviewing"),
    S.CHANGES_REQUESTED: ({S.IN_REVIEW}, "ask for changes to"),
    S.RESUBMITTED: ({S.CHANGES_REQUESTED}, "resubmit"),
    S.ACCEPTED: ({S.IN_REVIEW, S.RESUBMITTED}, "accept"),
    S.DECLINED: ({S.IN_REVIEW, S.RESUBMITTED}, "decline"),
}


def _locked_for_review(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("round", "authority")
        .get(pk=submission.pk)
    )


def _check_move(submission: Submission, to: str) -> None:
    allowed_from, verb = TRANSITIONS[to]
    if submission.status not in allowed_from:
        raise SubmissionTransitionError(
            f"You cannot {verb} {submission.authority.name}’s submission because it is "
            f"{submission.get_status_display().lower()}."
        )


def _check_allowed(allowed: bool, what: str) -> None:
    if not allowed:
        raise SubmissionTransitionError(f"You do not have permission to {what}.")


def _transition_record(*, submission: Submission, to: str, by, comment: str = "") -> None:
    SubmissionTransition.objects.create(
        submission=submission, from_status=submission.status, to_status=to, by=by, comment=comment
    )


def _move(*, submission: Submission, to: str, by, comment: str = "") -> Submission:
    _transition_record(submission=submission, to=to, by=by, comment=comment)
    submission.status = to
    submission.save(update_fields=["status", "updated_at"])
    return submission


@transaction.atomic
def submission_start_review(*, submission: Submission, by, comment: str = "") -> Submission:
    _check_allowed(permissions.can_review(by), "review submissions")
    locked = _locked_for_review(submission)
    _check_move(locked, S.IN_REVIEW)
    return _move(submission=locked, to=S.IN_REVIEW, by=by, comment=comment)


@transaction.atomic
def submission_accept(*, submission: Submission, by, comment: str = "") -> Submission:
    _check_allowed(permissions.can_decide(by), "accept submissions; ask a project lead")
    locked = _locked_for_review(submission)
    _check_move(locked, S.ACCEPTED)
    return _move(submission=locked, to=S.ACCEPTED, by=by, comment=comment)


@transaction.atomic
def submission_decline(*, submission: Submission, by, comment: str = "") -> Submission:
    _check_allowed(permissions.can_decide(by), "decline submissions; ask a project lead")
    locked = _locked_for_review(submission)
    _check_move(locked, S.DECLINED)
    return _move(submission=locked, to=S.DECLINED, by=by, comment=comment)


@transaction.atomic
def submission_request_changes(
    *, submission: Submission, by, changes: dict[str, str], comment: str = ""
) -> Submission:
    """Ask the authority to change the sections in `changes` ({section key: what to change}).

    The flagged sections go back to "In progress"; every verified officer is emailed the list
    once (outbox key submission:<id>:changes:<n>, n counting the requests for changes).
    """
    _check_allowed(permissions.can_request_changes(by), "ask for changes to submissions")
    locked = _locked_for_review(submission)
    _check_move(locked, S.CHANGES_REQUESTED)
    sections = {s.key: s for s in section_list()}
    changes = {key: text.strip() for key, text in changes.items() if text and text.strip()}
    if not changes:
        raise SubmissionTransitionError(
            "Say which sections the authority should change, and what to change."
        )
    unknown = sorted(set(changes) - set(sections))
    if unknown:
        raise SubmissionTransitionError(f"There is no section called {', '.join(unknown)}.")
    now = timezone.now()
    requests = ChangeRequest.objects.bulk_create(
        ChangeRequest(
            submission=locked, section_key=key, comment=text, created_by=by, created_at=now
        )
        for key, text in changes.items()
    )
    for key in changes:
        progress, _ = SectionProgress.objects.get_or_create(submission=locked, key=key)
        SectionProgress.objects.filter(pk=progress.pk).update(
            status=Status.IN_PROGRESS, version=F("version") + 1, updated_by=by, updated_at=now
        )
    _move(submission=locked, to=S.CHANGES_REQUESTED, by=by, comment=comment)
    number = locked.transitions.filter(to_status=S.CHANGES_REQUESTED).count()
    _changes_email_enqueue(
        submission=locked,
        number=number,
        items=[(sections[r.section_key].title, r.comment) for r in requests],
        comment=comment,
    )
    return locked


def submission_resubmit(*, submission: Submission, by) -> Submission:
    """The officers send the changed answers back (called by submission_submit, inside its
    transaction, once the usual checks have passed): the open change requests are resolved."""
    locked = _locked_for_review(submission)
    _check_move(locked, S.RESUBMITTED)
    locked.change_requests.open().update(resolved_at=timezone.now())
    _move(submission=locked, to=S.RESUBMITTED, by=by)
    return locked


def _changes_email_enqueue(*, submission: Submission, number: int, items, comment: str) -> None:
    context = {
        "submission": submission,
        "authority": submission.authority,
        "round": submission.round,
        "items": items,
        "comment": comment,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "task_list_url": settings.SITE_URL + reverse("questionnaire:task_list"),
        "lead_name": settings.PROJECT_LEAD_NAME,
        "lead_email": settings.PROJECT_LEAD_EMAIL,
    }
    emails = [
        m.user.email
        for m in Membership.objects.verified()
        .for_authority(submission.authority)
        .select_related("user")
        .order_by("pk")
        if m.user.email
    ]
    if emails:
        email_enqueue(
            key=f"submission:{submission.pk}:changes:{number}",
            to=emails,
            template="review_changes_requested",
            context=context,
            related_admin_url=_admin_url(submission),
        )


def _admin_url(submission: Submission) -> str:
    return settings.SITE_URL + reverse("admin:submissions_submission_change", args=[submission.pk])


@transaction.atomic
def submission_assign(*, submission: Submission, assignees, by) -> list:
    """Add researchers to the submission; each newly assigned one is emailed once.
    Returns the users newly assigned."""
    _check_allowed(permissions.can_assign(by), "assign submissions")
    already = set(submission.assignees.values_list("pk", flat=True))
    added = [user for user in assignees if user.pk not in already]
    not_staff = [user for user in added if not user.is_staff]
    if not_staff:
        raise SubmissionTransitionError(
            f"{not_staff[0].get_username()} is not a researcher, so cannot be assigned."
        )
    submission.assignees.add(*added)
    for user in added:
        if user.email:
            email_enqueue(
                key=f"submission:{submission.pk}:assigned:{user.pk}",
                to=[user.email],
                template="review_assigned",
                context={
                    "submission": submission,
                    "authority": submission.authority,
                    "round": submission.round,
                    "assignee": user,
                    "by": by,
                    "admin_url": _admin_url(submission),
                    "site_name": settings.SITE_NAME,
                },
                related_admin_url=_admin_url(submission),
            )
    return added


@transaction.atomic
def submission_unassign(*, submission: Submission, assignees, by) -> None:
    _check_allowed(permissions.can_assign(by), "assign submissions")
    submission.assignees.remove(*assignees)


def submission_note_add(*, submission: Submission, author, text: str) -> SubmissionNote:
    _check_allowed(permissions.can_review(author), "write notes on submissions")
    if not text.strip():
        raise SubmissionTransitionError("Enter the note.")
    return SubmissionNote.objects.create(submission=submission, author=author, text=text.strip())
