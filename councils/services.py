"""Writes for the councils app: loading the authority register, missions with partners, and
officers' memberships of their authority."""

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from outbox.services import email_enqueue

from .models import (
    Approach,
    Authority,
    Membership,
    Mission,
    MissionPartner,
    NationalMission,
    Partner,
)

AUTHORITIES_CSV = Path(__file__).resolve().parent / "data" / "authorities.csv"

# Fields the register owns: a changed CSV row overwrites them. Everything else on Authority is
# the researchers' (email_domains always; tier once the record exists).
REGISTER_FIELDS = [
    "name",
    "official_name",
    "slug",
    "gss_code",
    "former_gss_codes",
    "type",
    "nation",
    "region",
    "population",
    "latitude",
    "longitude",
    "start_date",
    "end_date",
    "replaced_by_codes",
    "is_current",
]


class RegisterError(ValueError):
    """The register file has a row the loader cannot use."""


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


def _optional(value: str, convert):
    value = (value or "").strip()
    return convert(value) if value else None


def _parse_row(row: dict, line: int) -> dict:
    code = row["code"].strip()
    if not code:
        raise RegisterError(f"line {line}: no register code")
    if row["type"] not in Authority.Type.values:
        raise RegisterError(f"{code}: unknown type {row['type']!r}")
    if row["nation"] not in Authority.Nation.values:
        raise RegisterError(f"{code}: unknown nation {row['nation']!r}")
    if row.get("tier") and row["tier"] not in Authority.Tier.values:
        raise RegisterError(f"{code}: unknown tier {row['tier']!r}")
    successors = [c.strip() for c in row.get("replaced_by", "").split(",") if c.strip()]
    return {
        "code": code,
        "name": row["name"].strip(),
        "official_name": row["official_name"].strip(),
        "slug": row["slug"].strip(),
        "gss_code": row["gss_code"].strip() or None,
        "former_gss_codes": row.get("former_gss_codes", "").strip(),
        "type": row["type"],
        "nation": row["nation"],
        "region": row["region"].strip(),
        "tier": row.get("tier", "").strip(),
        "population": _optional(row["population"], int),
        "latitude": _optional(row["latitude"], lambda v: Decimal(v).quantize(Decimal("0.000001"))),
        "longitude": _optional(
            row["longitude"], lambda v: Decimal(v).quantize(Decimal("0.000001"))
        ),
        "start_date": _optional(row["start_date"], date.fromisoformat),
        "end_date": _optional(row["end_date"], date.fromisoformat),
        "replaced_by_codes": ",".join(successors),
        "is_current": row["is_current"].strip().lower() == "true",
        # Register codes, resolved to foreign keys once every row exists.
        "links": {
            "county": row.get("county", "").strip(),
            "strategic_authority": row.get("strategic_authority", "").strip(),
            "replaced_by": successors[0] if successors else "",
        },
    }


def authorities_read_csv(*, path: Path = AUTHORITIES_CSV) -> list[dict]:
    with Path(path).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@transaction.atomic
def authorities_load(*, rows: Iterable[dict]) -> LoadResult:
    """Create or update an Authority for every register row, matched on the register code.

    Idempotent: unchanged rows are not written. Authorities missing from the rows are left
    alone (abolished ones stay in the register, marked not current). The tier comes from the
    register only when a record is created; researchers own it after that, and email_domains.
    """
    parsed = [_parse_row(row, line) for line, row in enumerate(rows, start=2)]
    codes = {p["code"] for p in parsed}
    if len(codes) != len(parsed):
        raise RegisterError("the register lists a code more than once")
    for p in parsed:
        for field, code in p["links"].items():
            if code and code not in codes and not Authority.objects.filter(code=code).exists():
                raise RegisterError(f"{p['code']}: {field} {code} is not in the register")

    existing = {a.code: a for a in Authority.objects.all()}
    to_create, to_update, changed = [], [], set()
    for p in parsed:
        authority = existing.get(p["code"])
        if authority is None:
            values = {f: p[f] for f in REGISTER_FIELDS}
            to_create.append(Authority(code=p["code"], tier=p["tier"], **values))
            continue
        if any(getattr(authority, f) != p[f] for f in REGISTER_FIELDS):
            for f in REGISTER_FIELDS:
                setattr(authority, f, p[f])
            to_update.append(authority)
            changed.add(authority.code)
    Authority.objects.bulk_create(to_create, batch_size=500)
    Authority.objects.bulk_update(to_update, REGISTER_FIELDS, batch_size=500)

    # Second pass: links between authorities, now that every row has a primary key.
    by_code = {p["code"]: p for p in parsed}
    all_authorities = list(
        Authority.objects.only("code", "county", "strategic_authority", "replaced_by")
    )
    pk_by_code = {a.code: a.pk for a in all_authorities}
    to_link = []
    for authority in all_authorities:
        if authority.code not in by_code:
            continue
        links = by_code[authority.code]["links"]
        wanted = {f"{f}_id": pk_by_code[code] if code else None for f, code in links.items()}
        if any(getattr(authority, attr) != pk for attr, pk in wanted.items()):
            for attr, pk in wanted.items():
                setattr(authority, attr, pk)
            to_link.append(authority)
            changed.add(authority.code)
    Authority.objects.bulk_update(
        to_link, ["county", "strategic_authority", "replaced_by"], batch_size=500
    )

    created_codes = {a.code for a in to_create}
    updated = len(changed - created_codes)
    return LoadResult(
        created=len(to_create), updated=updated, unchanged=len(parsed) - len(to_create) - updated
    )


# --- missions ------------------------------------------------------------------------------


def partner_upsert(*, name: str, type: str, website: str = "") -> Partner:
    partner, _ = Partner.objects.update_or_create(
        name=name, defaults={"type": type, "website": website}
    )
    return partner


@transaction.atomic
def mission_upsert(
    *,
    authority: Authority,
    title: str,
    statement: str,
    target_year: int | None = None,
    stage: str = Mission.Stage.EXPLORING,
    challenge_area: str = "",
    source_url: str = "",
    is_public: bool = False,
    is_demo: bool = False,
    national_mission_slugs: Sequence[str] = (),
    approach_slugs: Sequence[str] = (),
    partners: Sequence[tuple[Partner, str]] = (),
) -> Mission:
    """Create or update an authority's mission by title, with its links and partners.

    Safe to run twice: the mission's links and partner list end up exactly as given.
    """
    mission, _ = Mission.objects.update_or_create(
        authority=authority,
        title=title,
        defaults={
            "statement": statement,
            "target_year": target_year,
            "stage": stage,
            "challenge_area": challenge_area,
            "source_url": source_url,
            "is_public": is_public,
            "is_demo": is_demo,
        },
    )
    mission.national_missions.set(NationalMission.objects.filter(slug__in=national_mission_slugs))
    mission.approaches.set(Approach.objects.filter(slug__in=approach_slugs))
    for partner, role in partners:
        MissionPartner.objects.update_or_create(
            mission=mission, partner=partner, defaults={"role": role}
        )
    mission.mission_partners.exclude(partner__in=[p for p, _ in partners]).delete()
    return mission


# --- memberships: officers and their authority ------------------------------------------


class MembershipError(ValueError):
    """The membership cannot change this way (for example, it is already verified)."""


def email_domain_matches(*, address: str, domains: Iterable[str]) -> bool:
    """True when the address is at one of the domains or a subdomain of one of them."""
    domain = address.rpartition("@")[2].strip().lower().rstrip(".")
    if not domain:
        return False
    for allowed in domains:
        allowed = allowed.strip().lower().lstrip("@").rstrip(".")
        # The dot matters: "notcamden.gov.uk" must not pass for "camden.gov.uk".
        if allowed and (domain == allowed or domain.endswith("." + allowed)):
            return True
    return False


def _verified_addresses(user) -> list[str]:
    return list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )


def _user_email(user) -> str:
    if user.email:
        return user.email
    address = EmailAddress.objects.filter(user=user).order_by("-primary", "-verified").first()
    return address.email if address else ""


def _membership_context(membership: Membership) -> dict:
    admin_url = settings.SITE_URL + reverse(
        "admin:councils_membership_change", args=[membership.pk]
    )
    return {
        "membership": membership,
        "authority": membership.authority,
        "user_email": _user_email(membership.user),
        "admin_url": admin_url,
        "pending_url": settings.SITE_URL
        + reverse("admin:councils_membership_changelist")
        + "?state__exact=pending",
        "dashboard_url": settings.SITE_URL + reverse("questionnaire:dashboard"),
        "choose_url": settings.SITE_URL + reverse("membership:choose"),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "lead_name": settings.PROJECT_LEAD_NAME,
        "lead_role": settings.PROJECT_LEAD_ROLE,
        "lead_email": settings.PROJECT_LEAD_EMAIL,
    }


@transaction.atomic
def membership_request(*, user, authority: Authority, role: str) -> Membership:
    """Link the user to their authority with their role.

    Verified at once when one of the user's verified email addresses is at one of the
    authority's email domains (or a subdomain); otherwise pending, and the project lead is
    emailed to approve it. A pending or declined request is replaced; a verified membership
    is not changed here (the project team does that in the admin).
    """
    if not authority.is_current:
        raise MembershipError(f"{authority} is no longer a current authority")
    role = role.replace("\x00", "").strip()
    by_domain = any(
        email_domain_matches(address=address, domains=authority.email_domain_list)
        for address in _verified_addresses(user)
    )
    now = timezone.now()
    membership = Membership.objects.select_for_update().filter(user=user).first()
    if membership is not None and membership.is_verified:
        raise MembershipError("You are already a verified officer of an authority")
    # Asking again for the same authority while waiting is only a change of role: the
    # project lead has already been asked, so no second email.
    already_asked = (
        membership is not None
        and membership.state == Membership.State.PENDING
        and membership.authority_id == authority.pk
        and not by_domain
    )
    if membership is None:
        membership = Membership(user=user)
    membership.authority = authority
    membership.role = role
    membership.verified_by_domain = by_domain
    membership.state = Membership.State.VERIFIED if by_domain else Membership.State.PENDING
    membership.decided_by = None
    membership.decided_at = now if by_domain else None
    membership.decline_reason = ""
    membership.save()
    if membership.state == Membership.State.PENDING and not already_asked:
        context = _membership_context(membership)
        email_enqueue(
            # One email per request: a new request (after a decline or a change of authority)
            # gets a new key, a retry of the same call cannot send twice.
            key=f"membership:{membership.pk}:requested:{now:%Y%m%d%H%M%S%f}",
            to=[settings.PROJECT_LEAD_EMAIL],
            reply_to=[context["user_email"]] if context["user_email"] else None,
            template="membership_requested",
            context=context,
            related_admin_url=context["admin_url"],
        )
    return membership


def _locked(membership: Membership) -> Membership:
    # Locks the row so two researchers acting at once cannot both decide (and both email).
    return (
        Membership.objects.select_for_update()
        .select_related("user", "authority")
        .get(pk=membership.pk)
    )


@transaction.atomic
def membership_approve(*, membership: Membership, by) -> bool:
    """Verify a pending (or declined) membership and email the officer.

    Returns False, changing nothing, when it is already verified.
    """
    locked = _locked(membership)
    if locked.is_verified:
        return False
    locked.state = Membership.State.VERIFIED
    locked.verified_by_domain = False
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.decline_reason = ""
    locked.save()
    context = _membership_context(locked)
    email_enqueue(
        key=f"membership:{locked.pk}:approved",
        to=[context["user_email"]],
        reply_to=[settings.PROJECT_LEAD_EMAIL],
        template="membership_approved",
        context=context,
        related_admin_url=context["admin_url"],
    )
    membership.refresh_from_db()
    return True


@transaction.atomic
def membership_decline(*, membership: Membership, by, reason: str = "") -> bool:
    """Decline a pending membership, with the reason, and email the officer.

    Returns False, changing nothing, unless it is pending: a declined one is already
    declined, and a verified officer is removed by deleting the membership instead.
    """
    locked = _locked(membership)
    if locked.state != Membership.State.PENDING:
        return False
    now = timezone.now()
    locked.state = Membership.State.DECLINED
    locked.decided_by = by
    locked.decided_at = now
    locked.decline_reason = reason.replace("\x00", "").strip()
    locked.save()
    context = _membership_context(locked)
    email_enqueue(
        # The decision time is in the key: a later request can be declined (and emailed) again.
        key=f"membership:{locked.pk}:declined:{now:%Y%m%d%H%M%S%f}",
        to=[context["user_email"]],
        reply_to=[settings.PROJECT_LEAD_EMAIL],
        template="membership_declined",
        context=context,
        related_admin_url=context["admin_url"],
    )
    membership.refresh_from_db()
    return True
