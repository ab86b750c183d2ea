"""Writing a case study's text: a first draft from a submission (the officer's answers,
missions and reflections, for researchers to edit; the submission itself is only read), and
the upsert that loaders of content needing no consent (demo content) use."""

from collections.abc import Iterable, Sequence

from django.contrib.admin.models import ADDITION
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from councils.models import Approach, Mission, NationalMission, PartnerType
from instrument.models import Theme
from submissions.models import Submission

from .addresses import case_study_address_keep, case_study_address_update, title_slug
from .anonymity import anonymous_place, consent_anonymises
from .consent import latest_consent
from .models import CaseStudy, CaseStudySource
from .services import CaseStudyError, case_study_check_public, history_log, quoted

LANGUAGE_PHRASES = {
    "yes": "uses the language of missions",
    "partly": "uses the language of missions alongside complementary ideas and traditions",
    "no": "draws on ideas and traditions that complement missions, without using the word",
}


def _join_names(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _draft_body(*, submission, missions, answers, anonymised, opening) -> str:
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

    heading = None
    for answer in answers:
        # Theme questions under their theme; learning and enablers questions have no theme.
        question = answer.question
        section = question.theme.title if question.theme_id else question.get_section_display()
        if section != heading:
            heading = section
            parts.append(f"## {heading}")
        parts += [f"### {question.text}", answer.text.strip()]

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
            f"study, {quoted(existing)}. Edit that one instead."
        )

    consent = latest_consent(submission)
    anonymised = consent_anonymises(consent)
    # The same wording the public pages use for an anonymised case study.
    place = anonymous_place(authority)["label"] if anonymised else authority.name
    missions = list(
        Mission.objects.filter(submissions=submission)
        .order_by("pk")
        .prefetch_related("national_missions", "mission_partners__partner")
    )
    answers = list(
        submission.answers.exclude(text="")
        .select_related("question__theme")
        .order_by(
            # Learning and enablers (no theme) after the themes, on every database.
            F("question__theme__order").asc(nulls_last=True),
            "question__theme__pk",
            "question__order",
            "question__pk",
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
        slug=title_slug(f"How {title_place} works through missions"),
        summary=" ".join(summary),
        body=_draft_body(
            submission=submission,
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
        state=CaseStudy.State.DRAFT,
    )
    theme_ids = {a.question.theme_id for a in answers} | {
        r.theme_id for r in reflections if r.what_worked.strip() or r.what_didnt.strip()
    }
    case_study.themes.set(theme_ids - {None})  # learning and enablers answers have no theme
    case_study.missions.set(missions)
    case_study.national_missions.set({n.pk for m in missions for n in m.national_missions.all()})
    case_study.approaches.set(submission.approaches.all())
    case_study.partner_types.set(
        {link.partner.type_id for m in missions for link in m.mission_partners.all()}
    )
    history_log(
        by=by,
        case_study=case_study,
        message=f"Drafted from {authority.name}'s submission to {submission.round.title}",
        flag=ADDITION,
    )
    return case_study


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
    publication_basis: str = "",
    state: str = CaseStudy.State.DRAFT,
    theme_slugs: Iterable[str] = (),
    missions: Iterable[Mission] = (),
    national_mission_slugs: Iterable[str] = (),
    approach_slugs: Iterable[str] = (),
    partner_type_slugs: Iterable[str] = (),
    sources: Sequence[tuple[str, str]] = (),
) -> CaseStudy:
    """Create or update a case study by `slug` (its address now or before), with its links and
    sources exactly as given.

    For loaders of content that needs no consent (no source submission): a published one must
    give its publication_basis, and passes the same check as publishing. Safe to run twice:
    nothing is written when nothing changed, and published_at is set the first time only.
    """
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
        "publication_basis": publication_basis,
        "state": state,
    }
    # Keyed on an address: the slug follows the title once published (casestudies.addresses),
    # and the key is kept as an earlier address, so the next run finds the same case study.
    case_study = (
        CaseStudy.objects.filter(slug=slug).first()
        or CaseStudy.objects.filter(previous_slugs__slug=slug).first()
    )
    if case_study is None:
        case_study = CaseStudy(slug=slug, **fields)
        changed = True
    else:
        changed = any(getattr(case_study, f) != v for f, v in fields.items())
        for f, v in fields.items():
            setattr(case_study, f, v)
    if state == CaseStudy.State.PUBLISHED and case_study.published_at is None:
        case_study.published_at = timezone.now()
        changed = True
    if changed:
        case_study_address_update(case_study=case_study)
        case_study.save()
        case_study_address_keep(case_study=case_study, slug=slug)
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
    if state == CaseStudy.State.PUBLISHED:
        # Raises (and so rolls back) if it may not be public.
        anonymised = case_study_check_public(case_study)
        if anonymised != case_study.is_anonymised:
            case_study.is_anonymised = anonymised
            case_study.save(update_fields=["is_anonymised"])
    return case_study
