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
from django.utils import timezone

from common.emails import absolute_url, email_context
from councils.models import (
    Membership,
    Mission,
    MissionPartner,
    NationalMission,
    Partner,
    PartnerType,
)
from outbox.services import email_enqueue

from . import workflow
from .answers import theme_complete, theme_write
from .consent import consent_record, consent_refusal
from .models import Consent, SectionProgress, Submission
from .notifications import submission_resubmitted_notify
from .presenters import submitted_answers
from .sections import (
    ABOUT,
    CONSENT,
    LEARNING,
    MISSIONS,
    NATIONAL_GOVERNMENT,
    THEME,
    Section,
    incomplete_sections,
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
    consent_record(submission=submission, data=data, by=by)


@transaction.atomic
def consent_change(*, submission: Submission, data: dict, version: int | None, by) -> Consent:
    """Change or withdraw consent after submitting (submissions/consent.py says until when).
    Every answer is needed: a submitted consent is never left half given."""
    locked = Submission.objects.select_for_update(of=("self",)).get(pk=submission.pk)
    refusal = consent_refusal(locked)
    if refusal:
        raise SubmissionLocked(refusal)
    _progress_bump(submission=locked, key=CONSENT, version=version, by=by, status=Status.COMPLETED)
    return consent_record(submission=locked, data=data, by=by)


# kind -> (is the data enough to complete the section?, write the data)
SECTION_WRITERS = {
    ABOUT: (_about_complete, _about_write),
    THEME: (theme_complete, theme_write),
    LEARNING: (theme_complete, theme_write),
    NATIONAL_GOVERNMENT: (lambda **kw: True, _national_government_write),
    CONSENT: (_consent_complete, _consent_write),
    MISSIONS: (None, None),
}


@transaction.atomic
def section_save(
    *, submission: Submission, section: Section, data: dict, version: int | None, by
) -> SectionProgress:
    """Save one section's answers if nobody else has saved it since `version`.

    The section is completed if its required answers are all there, and in progress otherwise,
    whichever button saved it: a fully answered section never blocks submitting.
    `version` None skips the check (for the missions list, which only changes the status).
    Raises SectionConflict (nothing written) or SubmissionLocked.
    """
    submission = _editable(submission)
    is_complete, write = SECTION_WRITERS[section.kind]
    if section.kind == MISSIONS:
        complete = submission.missions.exists()
    else:
        complete = is_complete(section=section, data=data)
    status = Status.COMPLETED if complete else Status.IN_PROGRESS
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


def _partner_for(*, name: str, type: PartnerType) -> Partner:
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
        **{k: data.get(k, "") for k in ("challenge", "challenge_other", "governance")},
        "governance_other": data.get("governance_other", ""),
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
        summaries=submitted_answers(submission),
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
# The table is in workflow.py, the researchers' moves in research/review.py; officers make one.


def _transition_record(*, submission: Submission, to: str, by, comment: str = "") -> None:
    workflow.transition_record(submission=submission, to=to, by=by, comment=comment)


def submission_resubmit(*, submission: Submission, by) -> Submission:
    """The officers send the changed answers back (called by submission_submit, inside its
    transaction, once the usual checks have passed): the open change requests are resolved."""
    locked = workflow.submission_lock(submission)
    workflow.check_move(locked, workflow.S.RESUBMITTED)
    locked.change_requests.open().update(resolved_at=timezone.now())
    workflow.move(submission=locked, to=workflow.S.RESUBMITTED, by=by)
    submission_resubmitted_notify(submission=locked)
    return locked
