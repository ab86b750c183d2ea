"""Writes for case studies: the editorial states (draft → in review → published → withdrawn)
and the authority's sign-off. Writing the text (from a submission, or demo content) is
casestudies.drafting; what anonymity forbids is casestudies.anonymity.

Every refusal raises CaseStudyError with a message a researcher or officer can act on.
Who did what is kept in the admin's history (LogEntry) of each case study.
"""

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from common.emails import absolute_url, email_context
from common.roles import can_publish
from common.states import Workflow
from common.text import clean_text
from councils.models import Membership
from outbox.services import email_enqueue

from .addresses import case_study_address_update
from .consent import PublicationRefused, publication_check
from .models import CaseStudy

State = CaseStudy.State
SignOff = CaseStudy.SignOff


class CaseStudyError(Exception):
    """The case study cannot make this move now. The message says why, in plain English."""


# The editorial states: to state -> (the states it may come from, the verb).
WORKFLOW = Workflow(
    {
        State.IN_REVIEW: ({State.DRAFT, State.WITHDRAWN}, "submit for review"),
        State.DRAFT: ({State.IN_REVIEW, State.WITHDRAWN}, "return to draft"),
        State.PUBLISHED: ({State.IN_REVIEW}, "publish"),
        State.WITHDRAWN: ({State.PUBLISHED}, "withdraw"),
    },
    error=CaseStudyError,
)
# What a refused move says, by (to, from): more helpful than the workflow's general sentence.
REFUSALS = {
    (State.IN_REVIEW, State.IN_REVIEW): "{name} is already in review.",
    (State.IN_REVIEW, State.PUBLISHED): "{name} is published. Withdraw it first if it needs "
    "another review.",
    (State.DRAFT, State.DRAFT): "{name} is already a draft.",
    (State.DRAFT, State.PUBLISHED): "{name} is published. Withdraw it before returning it to "
    "draft.",
    (State.PUBLISHED, State.DRAFT): "{name} is still a draft. Submit it for review before "
    "publishing it.",
    (State.PUBLISHED, State.PUBLISHED): "{name} is already published.",
    (State.PUBLISHED, State.WITHDRAWN): "{name} was withdrawn. Submit it for review again "
    "before publishing it.",
    (State.WITHDRAWN, State.WITHDRAWN): "{name} is already withdrawn.",
    (State.WITHDRAWN, State.DRAFT): "{name} is not published, so there is nothing to withdraw.",
    (State.WITHDRAWN, State.IN_REVIEW): "{name} is not published, so there is nothing to withdraw.",
}
# The authority's answer to a sign-off request; requests are asked of these editorial states.
SIGNOFF_WORKFLOW = Workflow(
    {
        SignOff.APPROVED: ({SignOff.REQUESTED}, "approve"),
        SignOff.CHANGES_REQUESTED: ({SignOff.REQUESTED}, "ask for changes to"),
    },
    error=CaseStudyError,
)
SIGNOFF_STATES = {State.DRAFT, State.IN_REVIEW}


# --- reads the rules depend on ---------------------------------------------------------------


def quoted(case_study: CaseStudy) -> str:
    return f"“{case_study.title}”"


def history_log(*, by, case_study: CaseStudy, message: str, flag: int = CHANGE) -> None:
    """A line in the case study's admin history."""
    if by is None or not getattr(by, "pk", None):
        return
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[case_study],
        action_flag=flag,
        change_message=message,
        single_object=True,
    )


def _locked(case_study: CaseStudy) -> CaseStudy:
    # Two researchers pressing "Publish" at once must not both publish (and both log it).
    return (
        CaseStudy.objects.select_for_update(of=("self",))
        .select_related("authority", "source_submission")
        .get(pk=case_study.pk)
    )


def _refresh(case_study: CaseStudy, locked: CaseStudy) -> CaseStudy:
    """Copy the saved state onto the caller's instance, so it does not save stale values."""
    for field in locked._meta.concrete_fields:
        setattr(case_study, field.attname, getattr(locked, field.attname))
    return case_study


def _check_move(locked: CaseStudy, to: str) -> None:
    if not WORKFLOW.allows(current=locked.state, to=to):
        refusal = REFUSALS.get((to, locked.state))
        if refusal:
            raise CaseStudyError(refusal.format(name=quoted(locked)))
        WORKFLOW.check(
            current=locked.state,
            to=to,
            subject=quoted(locked),
            state_label=locked.get_state_display(),
        )


def _move(*, case_study: CaseStudy, to: str, by, message: str) -> CaseStudy:
    """A move that needs nothing but the workflow's permission."""
    locked = _locked(case_study)
    _check_move(locked, to)
    locked.state = to
    locked.save(update_fields=["state", "updated_at"])
    history_log(by=by, case_study=locked, message=message)
    return _refresh(case_study, locked)


# --- editorial states ------------------------------------------------------------------------


@transaction.atomic
def case_study_submit_for_review(*, case_study: CaseStudy, by) -> CaseStudy:
    """Draft (or withdrawn) → in review."""
    return _move(case_study=case_study, to=State.IN_REVIEW, by=by, message="Submitted for review")


@transaction.atomic
def case_study_return_to_draft(*, case_study: CaseStudy, by) -> CaseStudy:
    """In review (or withdrawn) → draft, for more editing."""
    return _move(case_study=case_study, to=State.DRAFT, by=by, message="Returned to draft")


@transaction.atomic
def case_study_withdraw(*, case_study: CaseStudy, by) -> CaseStudy:
    """Published → withdrawn: taken off the public site; its published date is kept."""
    return _move(case_study=case_study, to=State.WITHDRAWN, by=by, message="Withdrawn")


@transaction.atomic
def case_study_publish(*, case_study: CaseStudy, by) -> CaseStudy:
    """In review → published.

    What may be public is casestudies.consent.publication_check: the authority's consent for a
    case study drawn from a submission (which sets is_anonymised), else a basis recorded by a
    project lead. published_at is set the first time only; the slug follows the title
    (casestudies.addresses).
    """
    if not can_publish(by):
        raise CaseStudyError(
            "You do not have permission to publish case studies; ask a project lead."
        )
    locked = _locked(case_study)
    _check_move(locked, State.PUBLISHED)
    locked.state = State.PUBLISHED
    case_study_address_update(case_study=locked)  # the slug follows the published title
    locked.is_anonymised = case_study_check_public(locked)
    if locked.published_at is None:
        locked.published_at = timezone.now()
    locked.save(update_fields=["state", "slug", "is_anonymised", "published_at", "updated_at"])
    history_log(
        by=by,
        case_study=locked,
        message="Published (anonymised)" if locked.is_anonymised else "Published",
    )
    _published_notify(locked)
    return _refresh(case_study, locked)


def _published_notify(case_study: CaseStudy) -> None:
    """Tell the authority's verified officers that a case study about it is public (once per
    case study: publishing again after a withdrawal is not news to them)."""
    if case_study.authority_id is None:
        return
    context = {
        **_email_context(case_study),
        "public_url": absolute_url(case_study.get_absolute_url()),
        "lead_name": settings.PROJECT_LEAD_NAME,
        "lead_email": settings.PROJECT_LEAD_EMAIL,
    }
    for officer in _verified_officers(case_study.authority):
        email_enqueue(
            key=f"casestudy:{case_study.pk}:published:{officer.pk}",
            to=[officer.email],
            reply_to=[settings.PROJECT_LEAD_EMAIL],
            template="casestudy_published",
            context={**context, "officer": officer},
            related_admin_url=context["admin_url"],
        )


def case_study_check_public(case_study: CaseStudy, *, missions=None, sources=None) -> bool:
    """casestudies.consent.publication_check, refusing with CaseStudyError; whether the case
    study must be anonymised."""
    try:
        return publication_check(case_study, missions=missions, sources=sources)
    except PublicationRefused as refused:
        raise CaseStudyError(str(refused)) from refused


# --- the authority's sign-off ----------------------------------------------------------------


def _email_context(case_study: CaseStudy) -> dict:
    return email_context(
        case_study=case_study,
        authority=case_study.authority,
        signoff_url=absolute_url("signoff:detail", case_study.pk),
        signoff_list_url=absolute_url("signoff:list"),
        admin_url=absolute_url("admin:casestudies_casestudy_change", case_study.pk),
        lead_name=settings.PROJECT_LEAD_NAME,
        lead_role=settings.PROJECT_LEAD_ROLE,
        lead_email=settings.PROJECT_LEAD_EMAIL,
    )


def _verified_officers(authority) -> list:
    return list(
        get_user_model()
        .objects.filter(
            membership__authority=authority,
            membership__state=Membership.State.VERIFIED,
            is_active=True,
        )
        .exclude(email="")
        .order_by("pk")
    )


@transaction.atomic
def case_study_request_signoff(*, case_study: CaseStudy, by) -> int:
    """Ask the authority's verified officers to approve the draft, or ask for changes.

    Emails each of them once per request, through the outbox. Asking again (a reminder, or
    after changes) is a new request and clears the last answer. Returns how many were emailed.
    """
    locked = _locked(case_study)
    if locked.authority is None:
        raise CaseStudyError(
            f"{quoted(locked)} is an international example: there is no UK authority to sign it off."
        )
    if locked.state not in SIGNOFF_STATES:
        raise CaseStudyError(
            f"{quoted(locked)} is {locked.get_state_display().lower()}. Authorities sign off "
            "case studies before they are published."
        )
    officers = _verified_officers(locked.authority)
    if not officers:
        raise CaseStudyError(
            f"{quoted(locked)} cannot be sent for sign-off: {locked.authority.name} has no "
            "verified officers on the site yet."
        )
    now = timezone.now()
    locked.signoff_requests += 1
    locked.signoff = SignOff.REQUESTED
    locked.signoff_requested_at = now
    locked.signoff_comment = ""
    locked.signoff_by = None
    locked.signoff_at = None
    # Not an edit of the text: updated_at (shown to the public) stays as it was.
    locked.save(
        update_fields=[
            "signoff_requests",
            "signoff",
            "signoff_requested_at",
            "signoff_comment",
            "signoff_by",
            "signoff_at",
        ]
    )
    context = _email_context(locked)
    for officer in officers:
        email_enqueue(
            key=f"casestudy:{locked.pk}:signoff:{locked.signoff_requests}:{officer.pk}",
            to=[officer.email],
            reply_to=[settings.PROJECT_LEAD_EMAIL],
            template="casestudy_signoff_request",
            context={**context, "officer": officer},
            related_admin_url=context["admin_url"],
        )
    history_log(
        by=by,
        case_study=locked,
        message=f"Sent to {locked.authority.name} for sign-off ({len(officers)} officer"
        f"{'s' if len(officers) != 1 else ''} emailed)",
    )
    _refresh(case_study, locked)
    return len(officers)


@transaction.atomic
def case_study_signoff(
    *, case_study: CaseStudy, by, approved: bool, comment: str = ""
) -> CaseStudy:
    """A verified officer of the case study's authority approves it or asks for changes
    (with a comment saying what). The project lead is emailed either way."""
    locked = _locked(case_study)
    authority = locked.authority
    if (
        authority is None
        or not Membership.objects.verified().filter(user=by, authority=authority).exists()
    ):
        raise CaseStudyError(
            "Only verified officers of the authority can sign off this case study."
        )
    if locked.state not in SIGNOFF_STATES:
        raise CaseStudyError(
            f"{quoted(locked)} is {locked.get_state_display().lower()}, so it can no longer be "
            "signed off."
        )
    answer = SignOff.APPROVED if approved else SignOff.CHANGES_REQUESTED
    if not SIGNOFF_WORKFLOW.allows(current=locked.signoff, to=answer):
        raise CaseStudyError(
            f"This request has already been answered: {locked.get_signoff_display().lower()}."
            if locked.signoff in (SignOff.APPROVED, SignOff.CHANGES_REQUESTED)
            else f"{authority.name} has not been asked to sign off {quoted(locked)}."
        )
    comment = clean_text(comment or "").strip()
    if not approved and not comment:
        raise CaseStudyError("Enter what needs to change")
    locked.signoff = answer
    locked.signoff_comment = comment
    locked.signoff_by = by
    locked.signoff_at = timezone.now()
    locked.save(update_fields=["signoff", "signoff_comment", "signoff_by", "signoff_at"])
    context = _email_context(locked)
    email_enqueue(
        key=f"casestudy:{locked.pk}:signoff:{locked.signoff_requests}:response",
        to=[settings.PROJECT_LEAD_EMAIL],
        reply_to=[by.email] if by.email else None,
        template="casestudy_signoff_response",
        context={**context, "officer": by, "approved": approved, "comment": comment},
        related_admin_url=context["admin_url"],
    )
    history_log(
        by=by,
        case_study=locked,
        message="Approved by the authority"
        if approved
        else f"The authority asked for changes: {comment}",
    )
    return _refresh(case_study, locked)
