"""The research datasets, for R, Stata, SPSS or a spreadsheet:

- wide: one row per submission, every "about", mission, consent and national-government field,
  and the respondent's role; one column per value (approaches and national missions as 0/1
  columns, missions as mission_1_…, mission_2_…), never several values joined in one cell;
- long: one row per answer (and per theme reflection, mission statement and national-government
  text) and one per coding, with database ids, so rows keep their ids from one export to the
  next; answers and codings carry the question's version and the wording answered;
- the data dictionary: every column of both, with its type and meaning.

Both read in chunks, so memory stays flat however many rows there are. Officers' names and
emails are left out unless asked for.
"""

from collections.abc import Iterator

from django.db.models import Count, Max, Prefetch

from councils.models import Approach, Mission, NationalMission
from submissions.models import Consent, Submission

from .long_dataset import LONG_COLUMNS, long_rows  # noqa: F401  (one module for views and tests)

CHUNK_SIZE = 2000

# (column, type, meaning); "{k}" stands for 1, 2, … up to the most missions in the export.
WIDE_FIXED = [
    ("submission_id", "integer", "The submission's database id (stable across exports)"),
    ("reference", "text", "The submission's reference, given when first submitted"),
    ("authority_id", "integer", "The authority's database id"),
    ("authority_code", "text", "The register's code for the authority"),
    ("authority", "text", "The authority's everyday name"),
    ("gss_code", "text", "ONS GSS code"),
    ("authority_type", "text", "Authority type (register value)"),
    ("nation", "text", "Nation"),
    ("region", "text", "Region (England) or blank"),
    ("tier", "text", "Strategic-authority tier, if any"),
    ("round", "text", "The round's slug"),
    ("status", "text", "Workflow state (draft, submitted, in_review, …)"),
    ("created_at", "datetime", "When the submission was started (ISO 8601)"),
    ("submitted_at", "datetime", "When it was first submitted (ISO 8601), blank if never"),
    ("declaration", "0/1", "The submitter confirmed the information is accurate"),
    ("respondent_role", "text", "The submitting officer's job title or role"),
    ("uses_mission_language", "text", "yes / partly / no: uses the language of missions"),
    ("who_leads", "text", "Who leads the mission work"),
    ("national_government", "text", "The role of national government (optional section)"),
    ("consent_publication", "text", "Latest consent: named / anonymised / none / blank"),
    (
        "consent_follow_up_contact",
        "0/1",
        "Latest consent: may be contacted again (blank: no answer)",
    ),
    ("consent_privacy_agreed", "0/1", "Latest consent: agreed to the privacy notice"),
    ("consent_wording_version", "text", "Latest consent: version of the wording agreed to"),
    ("consent_given_at", "datetime", "Latest consent: when given"),
    ("mission_count", "integer", "Number of missions the submission describes"),
]
WIDE_EMAILS = [
    ("submitted_by_name", "text", "The submitting officer's name (only when asked for)"),
    ("submitted_by_email", "text", "The submitting officer's email (only when asked for)"),
]
MISSION_FIELDS = [
    ("mission_{k}_id", "integer", "Mission k: database id (missions ordered by id)"),
    ("mission_{k}_title", "text", "Mission k: title"),
    ("mission_{k}_statement", "text", "Mission k: the mission as the authority states it"),
    ("mission_{k}_stage", "text", "Mission k: stage (exploring, designing, delivering, …)"),
    ("mission_{k}_challenge_area", "text", "Mission k: the challenge it addresses"),
    ("mission_{k}_target_year", "integer", "Mission k: target year"),
    ("mission_{k}_source_url", "text", "Mission k: source"),
    ("mission_{k}_partner_count", "integer", "Mission k: number of partners"),
]


def _flag(value) -> int | str:
    return "" if value is None else int(bool(value))


def _iso(value) -> str:
    return value.isoformat() if value else ""


def wide_columns(*, missions: int, approaches, national_missions, include_emails: bool):
    columns = list(WIDE_FIXED) + (WIDE_EMAILS if include_emails else [])
    columns += [
        (f"approach_{a.slug}", "0/1", f"The submission names the approach “{a.name}”")
        for a in approaches
    ]
    columns += [
        (
            f"national_mission_{m.slug}",
            "0/1",
            f"One of its missions contributes to the national mission “{m.name}”",
        )
        for m in national_missions
    ]
    for k in range(1, missions + 1):
        columns += [(name.format(k=k), kind, meaning) for name, kind, meaning in MISSION_FIELDS]
    return columns


def wide_rows(submissions, *, include_emails: bool = False, chunk_size: int = CHUNK_SIZE):
    """The header, then one row per submission."""
    approaches = list(Approach.objects.order_by("order", "name"))
    national = list(NationalMission.objects.order_by("order", "name"))
    selected = Submission.objects.filter(pk__in=submissions.values("pk"))
    most = selected.annotate(n=Count("missions")).aggregate(most=Max("n"))["most"] or 0
    columns = wide_columns(
        missions=most,
        approaches=approaches,
        national_missions=national,
        include_emails=include_emails,
    )
    yield [name for name, _, _ in columns]
    queryset = (
        selected.order_by("pk")
        .select_related("authority", "round", "submitted_by__membership")
        .prefetch_related(
            "approaches",
            Prefetch("consents", queryset=Consent.objects.order_by("-given_at", "-pk")),
            Prefetch(
                "missions",
                queryset=Mission.objects.order_by("pk")
                .annotate(partner_count=Count("partners"))
                .prefetch_related("national_missions"),
            ),
        )
    )
    for s in queryset.iterator(chunk_size=chunk_size):
        authority, officer = s.authority, s.submitted_by
        membership = getattr(officer, "membership", None) if officer else None
        consent = next(iter(s.consents.all()), None)
        missions = list(s.missions.all())
        row = [
            s.pk,
            s.reference or "",
            authority.pk,
            authority.code,
            authority.name,
            authority.gss_code or "",
            authority.type,
            authority.nation,
            authority.region,
            authority.tier or "",
            s.round.slug,
            s.status,
            _iso(s.created_at),
            _iso(s.submitted_at),
            _flag(s.declaration),
            membership.role if membership else "",
            s.uses_mission_language,
            s.who_leads,
            s.national_government,
            consent.publication if consent else "",
            _flag(consent.follow_up_contact) if consent else "",
            _flag(consent.privacy_agreed) if consent else "",
            consent.wording_version if consent else "",
            _iso(consent.given_at) if consent else "",
            len(missions),
        ]
        if include_emails:
            row += [officer.get_full_name() if officer else "", officer.email if officer else ""]
        chosen = {a.pk for a in s.approaches.all()}
        row += [int(a.pk in chosen) for a in approaches]
        served = {n.pk for m in missions for n in m.national_missions.all()}
        row += [int(n.pk in served) for n in national]
        for k in range(most):
            m = missions[k] if k < len(missions) else None
            row += (
                [
                    m.pk,
                    m.title,
                    m.statement,
                    m.stage,
                    m.challenge_area,
                    m.target_year or "",
                    m.source_url,
                    m.partner_count,
                ]
                if m
                else [""] * len(MISSION_FIELDS)
            )
        yield row


def dictionary_rows(*, include_emails: bool = False) -> Iterator[list]:
    """Every column of the two files: file, column, type, meaning."""
    yield ["file", "column", "type", "meaning"]
    approaches = Approach.objects.order_by("order", "name")
    national = NationalMission.objects.order_by("order", "name")
    wide = wide_columns(
        missions=0, approaches=approaches, national_missions=national, include_emails=include_emails
    )
    for name, kind, meaning in wide + MISSION_FIELDS:
        yield ["wide", name, kind, meaning]
    for name, kind, meaning in LONG_COLUMNS:
        yield ["long", name, kind, meaning]
