"""Writes for the councils app: loading the authority register, missions with partners, and
officers' memberships of their authority."""

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from common import pagecache

from .models import (
    Approach,
    Authority,
    Mission,
    MissionPartner,
    NationalMission,
    Partner,
    PartnerType,
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

    # Bulk writes send no signals: the public pages' cache must still see the new register.
    pagecache.bump()
    created_codes = {a.code for a in to_create}
    updated = len(changed - created_codes)
    return LoadResult(
        created=len(to_create), updated=updated, unchanged=len(parsed) - len(to_create) - updated
    )


# --- missions ------------------------------------------------------------------------------


def partner_upsert(*, name: str, type_slug: str, website: str = "") -> Partner:
    partner, _ = Partner.objects.update_or_create(
        name=name,
        defaults={"type": PartnerType.objects.get(slug=type_slug), "website": website},
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
