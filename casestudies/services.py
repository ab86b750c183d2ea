"""Writes for case studies: drafting one from a submission, the editorial states (draft → in
review → published → withdrawn), the authority's sign-off, and the upsert demo content uses.

Every refusal raises CaseStudyError with a message a researcher or officer can act on.
Who did what is kept in the admin's history (LogEntry) of each case study.
"""

import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from common.roles import can_publish
from councils.models import Approach, Membership, Mission, NationalMission, Partner
from outbox.services import email_enqueue
from submissions.models import Consent, Submission

from .models import CaseStudy, CaseStudySource, PartnerType

State = CaseStudy.State
SignOff = CaseStudy.SignOff

# Submission.Status gains ACCEPTED (researchers accept a submission) in another issue.
SUBMISSION_ACCEPTED = getattr(Submission.Status, "ACCEPTED", "accepted")


class CaseStudyError(Exception):
    """The case study cannot make this move now. The message says why, in plain English."""


# --- reads the rules depend on ---------------------------------------------------------------


def _submission_ready(submission: Submission) -> bool:
    """The one place that says whether researchers have accepted a submission, so that a case
    study drawn from it may be published."""
    return submission.status == SUBMISSION_ACCEPTED


def latest_consent(submission: Submission) -> Consent | None:
    """The consent that counts: the latest given (ties broken by id)."""
    return submission.consents.order_by("-given_at", "-pk").first()


def partner_type_slug(partner_type: str) -> str:
    """The PartnerType slug for a councils.Partner.Type value (slugified label, as seeded)."""
    labels = dict(Partner.Type.choices)
    return slugify(labels.get(partner_type, Partner.Type.OTHER.label))


def _name(case_study: CaseStudy) -> str:
    return f"“{case_study.title}”"


def _locked(case_study: CaseStudy) -> CaseStudy:
    # Two researchers pressing "Publish" at once must not both publish (and both log it).
    return (
        CaseStudy.objects.select_for_update(of=("self",))
        .select_related("authority", "source_submission")
        .get(pk=case_study.pk)
    )


def _log(*, by, case_study: CaseStudy, message: str, flag: int = CHANGE) -> None:
    if by is None or not getattr(by, "pk", None):
        return
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[case_study],
        action_flag=flag,
        change_message=message,
        single_object=True,
    )


def _refresh(case_study: CaseStudy, locked: CaseStudy) -> CaseStudy:
    """Copy the saved state onto the caller's instance, so it does not save stale values."""
    for field in locked._meta.concrete_fields:
        setattr(case_study, field.attname, getattr(locked, field.attname))
    return case_study


# --- drafting from a submission --------------------------------------------------------------

LANGUAGE_PHRASES = {
    "yes": "uses the language of missions",
    "partly": "uses the language of missions alongside complementary ideas and traditions",
    "no": "draws on ideas and traditions that complement missions, without using the word",
}


def _unique_slug(title: str, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:240] or "case-study"
    slug, n = base, 1
    taken = CaseStudy.objects.exclude(pk=exclude_pk) if exclude_pk else CaseStudy.objects
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _join_names(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _anonymous_place(authority) -> str:
    # The same wording the public pages use for an anonymised case study.
    from .presenters import public_place

    return public_place(CaseStudy(authority=authority, is_anonymised=True))["label"]


def _draft_body(*, submission, place, missions, answers, anonymised, opening) -> str:
    parts = ["## About the approach", opening]
    approaches = list(submission.approaches.all())
    if approaches:
        parts.append("It draws on:\n\n" + "\n".join(f"- {a.name}" for a in approaches))
    if submission.who_leads.strip():
        parts += ["### Who leads the work", submission.who_leads.strip()]

    if missions:
        parts.append("## Missions")
        if anonymised:
            areas = sorted({m.challenge_area for m in missions if m.challenge_area})
            text = (
                f"{len(missions)} mission{'s' if len(missions) != 1 else ''}. Their names and "
                "statements are left out because the authority asked to be anonymised."
            )
            if areas:
                text += f" They address: {_join_names([a.lower() for a in areas])}."
            parts.append(text)
        else:
            for mission in missions:
                parts += [f"### {mission.title}", mission.statement.strip()]
                facts = []
                if mission.target_year:
                    facts.append(f"- Target year: {mission.target_year}")
                facts.append(f"- Stage: {mission.get_stage_display()}")
                if mission.challenge_area:
                    facts.append(f"- Challenge: {mission.challenge_area}")
                partners = [
                    f"{link.partner.name} ({link.role})" if link.role else link.partner.name
                    for link in mission.mission_partners.all()
                ]
                if partners:
                    facts.append(f"- Partners: {'; '.join(partners)}")
                parts.append("\n".join(facts))

    theme = None
    for answer in answers:
        if answer.question.theme_id != getattr(theme, "pk", None):
            theme = answer.question.theme
            parts.append(f"## {theme.title}")
        parts += [f"### {answer.question.text}", answer.text.strip()]

    if submission.national_government.strip():
        parts += ["## The role of national government", submission.national_government.strip()]
    return "\n\n".join(parts) + "\n"


def _lessons(reflections, attr: str) -> str:
    return "\n\n".join(
        f"{r.theme.title}: {getattr(r, attr).strip()}"
        for r in reflections
        if getattr(r, attr).strip()
    )


@transaction.atomic
def case_study_draft_from_submission(*, submission: Submission, by) -> CaseStudy:
    """A new draft case study pre-filled from a submission's answers, for researchers to edit.

    The submission is only read: the case study is a separate text. Refused for a submission
    not yet submitted, or one that already has a case study.
    """
    authority = submission.authority
    if submission.status == Submission.Status.DRAFT:
        raise CaseStudyError(
            f"{authority.name} has not submitted its answers to {submission.round.title} yet, "
            "so there is nothing to draft a case study from."
        )
    existing = CaseStudy.objects.filter(source_submission=submission).first()
    if existing is not None:
        raise CaseStudyError(
            f"{authority.name}'s submission to {submission.round.title} already has a case "
            f"study, {_name(existing)}. Edit that one instead."
        )

    consent = latest_consent(submission)
    anonymised = consent is not None and consent.publication == Consent.Publication.ANONYMISED
    place = _anonymous_place(authority) if anonymised else authority.name
    missions = list(
        Mission.objects.filter(submissions=submission)
        .order_by("pk")
        .prefetch_related("national_missions", "mission_partners__partner")
    )
    answers = list(
        submission.answers.exclude(text="")
        .select_related("question__theme")
        .order_by(
            "question__theme__order", "question__theme__pk", "question__order", "question__pk"
        )
    )
    answers = [a for a in answers if a.text.strip()]
    reflections = list(
        submission.reflections.select_related("theme").order_by("theme__order", "theme__pk")
    )

    language = LANGUAGE_PHRASES.get(submission.uses_mission_language)
    opening = f"{place} {language}." if language else f"{place} works through long-term missions."
    summary = [opening]
    if missions:
        summary.append(f"It has set {len(missions)} mission{'s' if len(missions) != 1 else ''}.")
    title_place = place[0].lower() + place[1:] if anonymised else place

    case_study = CaseStudy.objects.create(
        title=f"How {title_place} works through missions"[:255],
        slug=_unique_slug(f"How {title_place} works through missions"),
        summary=" ".join(summary),
        body=_draft_body(
            submission=submission,
            place=place,
            missions=missions,
            answers=answers,
            anonymised=anonymised,
            opening=opening,
        ),
        authority=authority,
        is_anonymised=anonymised,
        what_worked=_lessons(reflections, "what_worked"),
        what_didnt=_lessons(reflections, "what_didnt"),
        source_submission=submission,
        state=State.DRAFT,
    )
    theme_ids = {a.question.theme_id for a in answers} | {
        r.theme_id for r in reflections if r.what_worked.strip() or r.what_didnt.strip()
    }
    case_study.themes.set(theme_ids)
    case_study.missions.set(missions)
    case_study.national_missions.set({n.pk for m in missions for n in m.national_missions.all()})
    case_study.approaches.set(submission.approaches.all())
    slugs = {
        partner_type_slug(link.partner.type) for m in missions for link in m.mission_partners.all()
    }
    case_study.partner_types.set(PartnerType.objects.filter(slug__in=slugs))
    _log(
        by=by,
        case_study=case_study,
        message=f"Drafted from {authority.name}'s submission to {submission.round.title}",
        flag=ADDITION,
    )
    return case_study


# --- editorial states ------------------------------------------------------------------------


@transaction.atomic
def case_study_submit_for_review(*, case_study: CaseStudy, by) -> CaseStudy:
    """Draft (or withdrawn) → in review."""
    locked = _locked(case_study)
    if locked.state == State.IN_REVIEW:
        raise CaseStudyError(f"{_name(locked)} is already in review.")
    if locked.state == State.PUBLISHED:
        raise CaseStudyError(
            f"{_name(locked)} is published. Withdraw it first if it needs another review."
        )
    locked.state = State.IN_REVIEW
    locked.save(update_fields=["state", "updated_at"])
    _log(by=by, case_study=locked, message="Submitted for review")
    return _refresh(case_study, locked)


@transaction.atomic
def case_study_return_to_draft(*, case_study: CaseStudy, by) -> CaseStudy:
    """In review (or withdrawn) → draft, for more editing."""
    locked = _locked(case_study)
    if locked.state == State.DRAFT:
        raise CaseStudyError(f"{_name(locked)} is already a draft.")
    if locked.state == State.PUBLISHED:
        raise CaseStudyError(
            f"{_name(locked)} is published. Withdraw it before returning it to draft."
        )
    locked.state = State.DRAFT
    locked.save(update_fields=["state", "updated_at"])
    _log(by=by, case_study=locked, message="Returned to draft")
    return _refresh(case_study, locked)


def _word_pattern(text: str) -> re.Pattern:
    # Whole words, any case, any run of spaces: "Camden" but not "wemakecamden".
    words = r"\s+".join(re.escape(w) for w in text.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def _identifying_text(case_study: CaseStudy) -> tuple[str, str] | None:
    """The first (place, name) where an anonymised case study names its authority or one of
    its missions; None when it does not."""
    authority = case_study.authority
    names = {authority.name, authority.official_name}
    missions = set(case_study.missions.all())
    if case_study.source_submission_id:
        missions |= set(Mission.objects.filter(submissions=case_study.source_submission_id))
    names |= {m.title for m in missions} | {m.statement for m in missions}
    patterns = [(name, _word_pattern(name)) for name in names if name and name.strip()]
    texts = [
        ("the title", case_study.title),
        ("the web address (slug)", case_study.slug.replace("-", " ")),
        ("the summary", case_study.summary),
        ("the body", case_study.body),
        ("what worked", case_study.what_worked),
        ("what didn't work", case_study.what_didnt),
        ("the image's alternative text", case_study.image_alt),
    ]
    for source in case_study.sources.all():
        texts.append(("a source's title", source.title))
        texts.append(("a source's web address", source.url))
    for where, text in texts:
        for name, pattern in patterns:
            if pattern.search(text or ""):
                return where, name
    domains = authority.email_domain_list
    for source in case_study.sources.all():
        host = (urlsplit(source.url).hostname or "").lower()
        for domain in domains:
            if host == domain or host.endswith("." + domain):
                return "a source's web address", domain
    return None


@transaction.atomic
def case_study_publish(*, case_study: CaseStudy, by) -> CaseStudy:
    """In review → published.

    A case study drawn from a submission needs the submission accepted by the researchers and
    the authority's latest consent: "do not publish" (or no answer) refuses; "anonymised" sets
    is_anonymised, and the text must not name the authority or its missions. Case studies not
    drawn from a submission (international examples, demo content) need no consent.
    published_at is set the first time only.
    """
    if not can_publish(by):
        raise CaseStudyError(
            "You do not have permission to publish case studies; ask a project lead."
        )
    locked = _locked(case_study)
    refusals = {
        State.DRAFT: f"{_name(locked)} is still a draft. Submit it for review before publishing it.",
        State.PUBLISHED: f"{_name(locked)} is already published.",
        State.WITHDRAWN: f"{_name(locked)} was withdrawn. Submit it for review again before "
        "publishing it.",
    }
    if locked.state in refusals:
        raise CaseStudyError(refusals[locked.state])
    if locked.image and not locked.image_alt.strip():
        raise CaseStudyError(
            f"{_name(locked)} has an image without alternative text. Add a description of the "
            "image, then publish."
        )
    submission = locked.source_submission
    if submission is not None:
        who = locked.authority.name if locked.authority else "The authority"
        if not _submission_ready(submission):
            raise CaseStudyError(
                f"{_name(locked)} cannot be published yet: the researchers have not accepted "
                f"{who}'s submission. Accept the submission first."
            )
        consent = latest_consent(submission)
        if consent is None or not consent.publication:
            raise CaseStudyError(
                f"{_name(locked)} cannot be published: {who} has not said whether its answers "
                "may be published."
            )
        if consent.publication == Consent.Publication.NONE:
            raise CaseStudyError(
                f"{_name(locked)} cannot be published: {who} did not consent to publication."
            )
        locked.is_anonymised = consent.publication == Consent.Publication.ANONYMISED
        if locked.is_anonymised and locked.authority is not None:
            found = _identifying_text(locked)
            if found:
                where, name = found
                raise CaseStudyError(
                    f"{_name(locked)} cannot be published: {who} asked to be anonymised, but "
                    f"“{name}” appears in {where}. Remove it, then publish."
                )
    now = timezone.now()
    locked.state = State.PUBLISHED
    if locked.published_at is None:
        locked.published_at = now
    locked.save(update_fields=["state", "is_anonymised", "published_at", "updated_at"])
    _log(
        by=by,
        case_study=locked,
        message="Published (anonymised)" if locked.is_anonymised else "Published",
    )
    return _refresh(case_study, locked)


@transaction.atomic
def case_study_withdraw(*, case_study: CaseStudy, by) -> CaseStudy:
    """Published → withdrawn: taken off the public site; its published date is kept."""
    locked = _locked(case_study)
    if locked.state == State.WITHDRAWN:
        raise CaseStudyError(f"{_name(locked)} is already withdrawn.")
    if locked.state != State.PUBLISHED:
        raise CaseStudyError(f"{_name(locked)} is not published, so there is nothing to withdraw.")
    locked.state = State.WITHDRAWN
    locked.save(update_fields=["state", "updated_at"])
    _log(by=by, case_study=locked, message="Withdrawn")
    return _refresh(case_study, locked)


# --- the authority's sign-off ----------------------------------------------------------------


def _site_url(path: str) -> str:
    return settings.SITE_URL + path


def _email_context(case_study: CaseStudy) -> dict:
    return {
        "case_study": case_study,
        "authority": case_study.authority,
        "signoff_url": _site_url(reverse("signoff:detail", args=[case_study.pk])),
        "signoff_list_url": _site_url(reverse("signoff:list")),
        "admin_url": _site_url(reverse("admin:casestudies_casestudy_change", args=[case_study.pk])),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "lead_name": settings.PROJECT_LEAD_NAME,
        "lead_role": settings.PROJECT_LEAD_ROLE,
        "lead_email": settings.PROJECT_LEAD_EMAIL,
    }


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
            f"{_name(locked)} is an international example: there is no UK authority to sign it off."
        )
    if locked.state not in (State.DRAFT, State.IN_REVIEW):
        raise CaseStudyError(
            f"{_name(locked)} is {locked.get_state_display().lower()}. Authorities sign off "
            "case studies before they are published."
        )
    officers = _verified_officers(locked.authority)
    if not officers:
        raise CaseStudyError(
            f"{_name(locked)} cannot be sent for sign-off: {locked.authority.name} has no "
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
    _log(
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
    if locked.state not in (State.DRAFT, State.IN_REVIEW):
        raise CaseStudyError(
            f"{_name(locked)} is {locked.get_state_display().lower()}, so it can no longer be "
            "signed off."
        )
    if locked.signoff != SignOff.REQUESTED:
        raise CaseStudyError(
            f"This request has already been answered: {locked.get_signoff_display().lower()}."
            if locked.signoff in (SignOff.APPROVED, SignOff.CHANGES_REQUESTED)
            else f"{authority.name} has not been asked to sign off {_name(locked)}."
        )
    comment = (comment or "").replace("\x00", "").strip()
    if not approved and not comment:
        raise CaseStudyError("Enter what needs to change")
    locked.signoff = SignOff.APPROVED if approved else SignOff.CHANGES_REQUESTED
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
    _log(
        by=by,
        case_study=locked,
        message="Approved by the authority"
        if approved
        else f"The authority asked for changes: {comment}",
    )
    return _refresh(case_study, locked)


# --- upsert (demo content and other loaders) ---------------------------------------------------


@transaction.atomic
def case_study_upsert(
    *,
    slug: str,
    title: str,
    summary: str,
    body: str,
    authority=None,
    place_name: str = "",
    country: str = "",
    what_worked: str = "",
    what_didnt: str = "",
    is_demo: bool = False,
    state: str = State.DRAFT,
    theme_slugs: Iterable[str] = (),
    missions: Iterable[Mission] = (),
    national_mission_slugs: Iterable[str] = (),
    approach_slugs: Iterable[str] = (),
    partner_type_slugs: Iterable[str] = (),
    sources: Sequence[tuple[str, str]] = (),
) -> CaseStudy:
    """Create or update a case study by slug, with its links and sources exactly as given.

    For loaders of content that needs no consent (no source submission). Safe to run twice:
    nothing is written when nothing changed, and published_at is set the first time only.
    """
    from instrument.models import Theme

    fields = {
        "title": title,
        "summary": summary,
        "body": body,
        "authority": authority,
        "place_name": place_name,
        "country": country,
        "what_worked": what_worked,
        "what_didnt": what_didnt,
        "is_demo": is_demo,
        "state": state,
    }
    case_study = CaseStudy.objects.filter(slug=slug).first()
    if case_study is None:
        case_study = CaseStudy(slug=slug, **fields)
        changed = True
    else:
        changed = any(getattr(case_study, f) != v for f, v in fields.items())
        for f, v in fields.items():
            setattr(case_study, f, v)
    if state == State.PUBLISHED and case_study.published_at is None:
        case_study.published_at = timezone.now()
        changed = True
    if changed:
        case_study.save()
    case_study.themes.set(Theme.objects.filter(slug__in=list(theme_slugs)))
    case_study.missions.set(list(missions))
    case_study.national_missions.set(
        NationalMission.objects.filter(slug__in=list(national_mission_slugs))
    )
    case_study.approaches.set(Approach.objects.filter(slug__in=list(approach_slugs)))
    case_study.partner_types.set(PartnerType.objects.filter(slug__in=list(partner_type_slugs)))
    wanted = {url: (order, title) for order, (title, url) in enumerate(sources, start=1)}
    for source in case_study.sources.all():
        if source.url not in wanted:
            source.delete()
            continue
        order, source_title = wanted.pop(source.url)
        if (source.order, source.title) != (order, source_title):
            source.order, source.title = order, source_title
            source.save(update_fields=["order", "title"])
    CaseStudySource.objects.bulk_create(
        CaseStudySource(case_study=case_study, url=url, title=t, order=o)
        for url, (o, t) in wanted.items()
    )
    return case_study
