"""The one anonymity policy: an anonymised case study is never tied to its authority in public.

Everything that decides what the public may learn about where a case study comes from lives
here, and every public output calls it:

- `AnonymityQuerySet` (CaseStudy's manager): `named()` may be tied to its authority,
  `anonymised()` may not; `of_authority`, `in_regions`, `of_types` and `in_tiers` are the only
  ways public pages select case studies by their authority's details.
- `public_place`: the place a case study shows. An anonymised one shows only "A <kind> in
  <region>", never the authority's name, slug, link, GSS code or its missions. Where the
  authority is the only current one of its type in its region, that label would still name it,
  so it widens to the nation and carries no region (`region_is_shown`).
- `moved_from` and `address_was_named`: an address a case study had while named never leads
  to it once it is anonymised.
- `consent_anonymises`: whether the authority's consent asks for anonymity (publishing sets
  is_anonymised from it), and `identifying_text`: where a case study's text names its
  authority or missions, which publishing refuses and the admin warns about on every save.
"""

import re
import unicodedata
from collections import Counter
from typing import NamedTuple
from urllib.parse import urlsplit

from django.db import models
from django.db.models import Count, Q

from common import pagecache
from councils.models import Authority, Mission
from submissions.models import Consent

# How an authority type reads inside "A … in …". Types with a single member (the City of
# London, the GLA) would name the authority, so they get a generic kind instead.
ANONYMOUS_KINDS = {
    Authority.Type.COUNTY: "county council",
    Authority.Type.DISTRICT: "district council",
    Authority.Type.UNITARY: "unitary authority",
    Authority.Type.METROPOLITAN: "metropolitan district",
    Authority.Type.LONDON_BOROUGH: "London borough",
    Authority.Type.CITY_OF_LONDON: "local authority",
    Authority.Type.SCOTTISH: "Scottish council",
    Authority.Type.WELSH: "Welsh principal area",
    Authority.Type.NI_DISTRICT: "Northern Ireland district council",
    Authority.Type.COMBINED: "combined authority",
    Authority.Type.COMBINED_COUNTY: "combined county authority",
    Authority.Type.GLA: "strategic authority",
}
# The type shown for the single-member types; filtering by them would name the authority.
ANONYMOUS_TYPES = {
    Authority.Type.CITY_OF_LONDON: "Local authority",
    Authority.Type.GLA: "Strategic authority",
}
SINGLE_MEMBER_TYPES = set(ANONYMOUS_TYPES)

# How many current authorities share a type and region (and a type and nation), kept under the
# page-cache version (common/pagecache.py): any change to the register makes a new version, so a
# label is never widened or narrowed on stale counts. Change the suffix if the shape changes.
PEER_COUNTS_CACHE_NAME = "casestudies:authority-peer-counts:v2"


# --- which case studies public pages may select -------------------------------------------


class AnonymityQuerySet(models.QuerySet):
    """The reads that depend on anonymity; CaseStudyQuerySet builds on it."""

    def named(self):
        """Case studies that may be tied to their authority (and international ones)."""
        return self.filter(is_anonymised=False)

    def anonymised(self):
        return self.filter(is_anonymised=True)

    def of_authority(self, authority):
        """The case studies public pages list under an authority: never anonymised ones."""
        return self.named().filter(authority=authority)

    def in_regions(self, regions):
        # An anonymised case study whose label was widened to the nation must not be found by
        # region: that would narrow it to one authority.
        return self.filter(authority__region__in=regions).filter(region_is_shown())

    def of_types(self, types):
        # A single-member type names the authority, and anonymised case studies show a generic
        # kind for it, so those types never find them; nor does a widened label.
        single = set(types) & SINGLE_MEMBER_TYPES
        return (
            self.filter(authority__type__in=types)
            .exclude(authority__type__in=single, is_anonymised=True)
            .filter(region_is_shown())
        )

    def in_tiers(self, tiers):
        # Anonymised case studies show only type and region, so the tier must not find them.
        return self.named().filter(authority__tier__in=tiers)

    def moved_from(self, slug):
        """The case studies an earlier address leads to (casestudies/addresses.py): never an
        anonymised one from an address it had while named, which would tie the two together."""
        return self.filter(
            Q(previous_slugs__slug=slug) & (Q(is_anonymised=False) | Q(previous_slugs__named=False))
        )


def address_was_named(case_study, slug: str) -> bool:
    """Whether `slug` was ever the address of `case_study` while it was named (or may have been:
    an unrecorded past counts as named). Its saved history says; so does its saved state."""
    saved = type(case_study).objects.filter(pk=case_study.pk).values("slug", "is_anonymised")
    saved = saved.first()
    if saved is None or (saved["slug"] == slug and not saved["is_anonymised"]):
        return True
    return case_study.history.filter(slug=slug, is_anonymised=False).exists() or not (
        case_study.history.filter(slug=slug).exists()
    )


def region_is_shown() -> Q:
    """Case studies whose public place shows their authority's type and region: every named
    one, and anonymised ones whose label was not widened."""
    shown = Q(is_anonymised=False)
    for (type_, nation, region), n in authority_peer_counts()["region"].items():
        if n > 1:
            shown |= Q(authority__type=type_, authority__nation=nation, authority__region=region)
    return shown


# --- the public place ---------------------------------------------------------------------


def authority_peer_counts() -> dict:
    """{"region": {(type, nation, region): n}, "nation": {(type, nation): n}} of current
    authorities, from one aggregate query, cached."""
    return pagecache.stored_value(PEER_COUNTS_CACHE_NAME, _count_peers)


def _count_peers() -> dict:
    rows = (
        Authority.objects.current()
        .order_by()
        .values_list("type", "nation", "region")
        .annotate(n=Count("pk"))
    )
    by_region = {(type_, nation, region): n for type_, nation, region, n in rows}
    by_nation = Counter()
    for (type_, nation, _), n in by_region.items():
        by_nation[type_, nation] += n
    return {"region": by_region, "nation": dict(by_nation)}


def region_phrase(region: str) -> str:
    """ "the North West", but "London" and "Yorkshire and The Humber" as they are."""
    if region.split(" ", 1)[0] in {"North", "South", "East", "West"}:
        return f"the {region}"
    return region


def _article(kind: str) -> str:
    return "An" if kind[0].lower() in "aeio" else "A"


def anonymous_place(authority: Authority) -> dict:
    """label, type and region for an anonymised case study's authority.

    "A <kind> in <region>" only if another current authority shares the type and region
    (otherwise it would name it); else "A <kind> in <nation>" if the type has company in the
    nation; else "A local authority in <nation>". A widened label carries no region.
    """
    counts = authority_peer_counts()
    kind = ANONYMOUS_KINDS.get(authority.type, "local authority")
    type_shown = ANONYMOUS_TYPES.get(authority.type, authority.get_type_display())
    if counts["region"].get((authority.type, authority.nation, authority.region), 0) > 1:
        region = authority.region or authority.nation
        return {
            "label": f"{_article(kind)} {kind} in {region_phrase(region)}",
            "type": type_shown,
            "region": region,
        }
    if counts["nation"].get((authority.type, authority.nation), 0) > 1:
        return {
            "label": f"{_article(kind)} {kind} in {authority.nation}",
            "type": type_shown,
            "region": "",
        }
    return {
        "label": f"A local authority in {authority.nation}",
        "type": "Local authority",
        "region": "",
    }


def public_place(case_study) -> dict:
    """Where a case study is from, as the public may see it.

    Keys: label (text to show), url (the authority's page, or None), type, region, nation,
    slug and gss_code (both None unless the authority may be named).
    """
    authority = case_study.authority
    if authority is None:
        label = ", ".join(part for part in (case_study.place_name, case_study.country) if part)
        return {
            "label": label or "Outside the UK",
            "url": None,
            "type": "",
            "region": "",
            "nation": case_study.country,
            "slug": None,
            "gss_code": None,
        }
    if case_study.is_anonymised:
        return {
            **anonymous_place(authority),
            "url": None,
            "nation": authority.nation,
            "slug": None,
            "gss_code": None,
        }
    return {
        "label": authority.name,
        "url": authority.get_absolute_url(),
        "type": authority.get_type_display(),
        "region": authority.region or authority.nation,
        "nation": authority.nation,
        "slug": authority.slug,
        "gss_code": authority.gss_code,
    }


# --- consent and identifying text ---------------------------------------------------------


def consent_anonymises(consent: Consent | None) -> bool:
    """Whether the authority's consent asks for its case study to be anonymised."""
    return consent is not None and consent.publication == Consent.Publication.ANONYMISED


# A county or strategic authority with fewer current members than this is treated as naming
# them: "a district in <county>" then leaves a reader only a handful to choose from.
FEW_MEMBERS = 10

# Separators a name may be written with or without: "Tower Hamlets", "Tower-Hamlets",
# "TowerHamlets", "Tower. Hamlets".
_BETWEEN_WORDS = r"[\W_]{0,3}"
# Letters written one at a time ("T o w e r", "C-A-M-D-E-N") are joined before matching.
_SPACED_LETTERS = re.compile(r"(?<!\w)\w(?:[ \-.·]\w){2,}(?!\w)")


class Identifying(NamedTuple):
    """Where a case study names its authority: the field, the name, and how it was written."""

    where: str
    name: str
    written: str

    def __str__(self) -> str:
        shown = f"“{self.name}”"
        if _fold(self.written) != _fold(self.name):
            shown += f" (written “{self.written}”)"
        return f"{shown} appears in {self.where}"


def _fold(text: str) -> str:
    return re.sub(r"[\W_]", "", text).casefold()


def normalise(text: str) -> str:
    """Text as matched: compatibility forms folded (NFKC, so full-width letters are letters),
    invisible format characters (soft hyphens, zero-width spaces: category Cf) dropped, and
    letters written one at a time joined."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _SPACED_LETTERS.sub(lambda m: re.sub(r"[ \-.·]", "", m.group()), text)


def _name_pattern(name: str) -> re.Pattern:
    # Whole words, any case, with or without separators between them: "Camden" but not
    # "wemakecamden".
    words = _BETWEEN_WORDS.join(re.escape(w) for w in re.findall(r"[^\W_]+", normalise(name)))
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def _code_pattern(code: str) -> re.Pattern:
    # Codes are matched as written (upper case): "CMD" is a code, "cmd" may be a word.
    return re.compile(rf"(?<!\w){re.escape(code.strip())}(?!\w)")


def identifying_names(authority, missions) -> list[tuple[str, re.Pattern]]:
    """(name, pattern) for everything that would identify `authority`: its names, GSS codes
    (current and former) and register code, its missions' titles and statements, and the
    names of its county and strategic authority when they have fewer than FEW_MEMBERS current
    members."""
    names = {authority.name, authority.official_name}
    names |= {m.title for m in missions} | {m.statement for m in missions}
    for parent, members in (
        (authority.county, "county"),
        (authority.strategic_authority, "strategic_authority"),
    ):
        if parent is not None:
            count = Authority.objects.current().filter(**{members: parent}).count()
            if count < FEW_MEMBERS:
                names |= {parent.name, parent.official_name}
    patterns = [(n, _name_pattern(n)) for n in names if n and re.search(r"[^\W_]", n)]
    codes = {authority.gss_code, authority.code, *authority.former_gss_code_list}
    patterns += [(c, _code_pattern(c)) for c in codes if c and c.strip()]
    return patterns


def identifying_text(
    case_study, *, missions=None, sources=None, only_sources: bool = False
) -> Identifying | None:
    """The first place at which a case study names its authority (see identifying_names),
    including its source submission's missions; None when it does not.

    `missions` and `sources` (objects with title and url) are what an unsaved edit would
    save; by default the saved ones are read. `only_sources` checks the sources alone."""
    authority = case_study.authority
    if authority is None:
        return None
    missions = set(case_study.missions.all() if missions is None else missions)
    if case_study.source_submission_id:
        missions |= set(Mission.objects.filter(submissions=case_study.source_submission_id))
    patterns = identifying_names(authority, missions)
    sources = list(case_study.sources.all() if sources is None else sources)
    texts = (
        []
        if only_sources
        else [
            ("the title", case_study.title),
            ("the web address (slug)", case_study.slug.replace("-", " ")),
            ("the summary", case_study.summary),
            ("the body", case_study.body),
            ("what worked", case_study.what_worked),
            ("what didn't work", case_study.what_didnt),
            ("the image's alternative text", case_study.image_alt),
            ("the image's file name", case_study.image.name if case_study.image else ""),
        ]
    )
    for source in sources:
        texts.append(("a source's title", source.title))
        texts.append(("a source's web address", source.url))
    for where, text in texts:
        text = normalise(text)
        for name, pattern in patterns:
            match = pattern.search(text)
            if match:
                return Identifying(where, name, match.group())
    for source in sources:
        host = (urlsplit(source.url).hostname or "").lower()
        for domain in authority.email_domain_list:
            if host == domain or host.endswith("." + domain):
                return Identifying("a source's web address", domain, domain)
    return None
