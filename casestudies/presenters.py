"""What public pages, feeds and open data show about a case study's place.

`public_place` is the one place that decides what the public learns about where a case study
comes from. An anonymised case study shows only "A <type> in <region>": never the authority's
name, slug, link, GSS code or its missions. Every public output goes through it.

Where an authority is the only current one of its type in its region ("a combined authority in
the West Midlands"), that label would still name it, so it widens to the nation.
"""

import math
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import dateformat, timezone

from councils.models import Authority

from .models import CaseStudy

CITATION_AUTHORS = "New Local and Inner Circle Consulting"

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
ANONYMOUS_TYPES = {
    Authority.Type.CITY_OF_LONDON: "Local authority",
    Authority.Type.GLA: "Strategic authority",
}


def region_phrase(region: str) -> str:
    """ "the North West", but "London" and "Yorkshire and The Humber" as they are."""
    if region.split(" ", 1)[0] in {"North", "South", "East", "West"}:
        return f"the {region}"
    return region


# How many current authorities share a type and region (and a type and nation). Authorities
# change rarely (the register import), so a few minutes' staleness is fine; bump the version
# if the cached shape changes.
PEER_COUNTS_CACHE_KEY = "casestudies:authority-peer-counts"
PEER_COUNTS_CACHE_VERSION = 1
PEER_COUNTS_CACHE_SECONDS = 10 * 60


def authority_peer_counts() -> dict:
    """{"region": {(type, nation, region): n}, "nation": {(type, nation): n}} of current
    authorities, from one aggregate query, cached."""
    counts = cache.get(PEER_COUNTS_CACHE_KEY, version=PEER_COUNTS_CACHE_VERSION)
    if counts is None:
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
        counts = {"region": by_region, "nation": dict(by_nation)}
        cache.set(
            PEER_COUNTS_CACHE_KEY,
            counts,
            PEER_COUNTS_CACHE_SECONDS,
            version=PEER_COUNTS_CACHE_VERSION,
        )
    return counts


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


def anonymous_label(authority: Authority) -> str:
    return anonymous_place(authority)["label"]


def region_is_shown() -> Q:
    """Case studies whose public place shows their authority's type and region: every named
    one, and anonymised ones whose label was not widened. The type and region filters use it,
    so they never find a case study whose label had to hide its region."""
    shown = Q(is_anonymised=False)
    for (type_, nation, region), n in authority_peer_counts()["region"].items():
        if n > 1:
            shown |= Q(authority__type=type_, authority__nation=nation, authority__region=region)
    return shown


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


# --- the detail page ------------------------------------------------------------------------


def citation(case_study, *, url: str, accessed) -> str:
    """Harvard-style reference, as the project asks readers to cite its case studies."""
    year = (case_study.published_at or timezone.now()).year
    return (
        f"{CITATION_AUTHORS} ({year}) ‘{case_study.title}’, {settings.SITE_NAME}. "
        f"Available at: {url} (Accessed: {dateformat.format(accessed, 'j F Y')})."
    )


def related_case_studies(case_study, limit: int = 3) -> list:
    """Other published case studies sharing the most themes and approaches, in one query.

    Expects the case study's themes and approaches to be prefetched.
    """
    theme_ids = [theme.pk for theme in case_study.themes.all()]
    approach_ids = [approach.pk for approach in case_study.approaches.all()]
    if not theme_ids and not approach_ids:
        return []

    def shared(relation, ids):
        through = getattr(CaseStudy, relation).through
        target = CaseStudy._meta.get_field(relation).m2m_reverse_field_name()
        counts = (
            through.objects.filter(casestudy_id=OuterRef("pk"), **{f"{target}__in": ids})
            .order_by()
            .values("casestudy_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(counts, output_field=IntegerField()), 0)

    return list(
        CaseStudy.objects.published()
        .exclude(pk=case_study.pk)
        .select_related("authority")
        .annotate(shared=shared("themes", theme_ids) + shared("approaches", approach_ids))
        .filter(shared__gt=0)
        .order_by("-shared", "-published_at", "-pk")[:limit]
    )


# --- the map --------------------------------------------------------------------------------

# An equirectangular projection, squeezed by cos(55°) so Britain keeps its shape, fitted to
# the UK's bounding box (Scilly to Shetland, Fermanagh to Lowestoft).
MAP_WEST, MAP_EAST, MAP_SOUTH, MAP_NORTH = -8.3, 1.9, 49.8, 60.9
MAP_SCALE = 50
MAP_SQUEEZE = math.cos(math.radians(55))
MAP_MARGIN = 10
MAP_WIDTH = round((MAP_EAST - MAP_WEST) * MAP_SQUEEZE * MAP_SCALE) + 2 * MAP_MARGIN
MAP_HEIGHT = round((MAP_NORTH - MAP_SOUTH) * MAP_SCALE) + 2 * MAP_MARGIN


def project(latitude, longitude) -> tuple[float, float] | None:
    """SVG x and y for a point in the UK, or None if it is missing or outside the map."""
    if latitude is None or longitude is None:
        return None
    lat, lon = float(latitude), float(longitude)
    if not (MAP_SOUTH <= lat <= MAP_NORTH and MAP_WEST <= lon <= MAP_EAST):
        return None
    x = (lon - MAP_WEST) * MAP_SQUEEZE * MAP_SCALE + MAP_MARGIN
    y = (MAP_NORTH - lat) * MAP_SCALE + MAP_MARGIN
    return round(x, 1), round(y, 1)


@dataclass
class MapPlace:
    authority: Authority
    count: int
    point: tuple[float, float] | None

    @property
    def url(self) -> str:
        return f"{reverse('casestudies:list')}?{urlencode({'authority': self.authority.slug})}"

    @property
    def radius(self) -> int:
        return 6 + min(self.count, 4)

    @property
    def name(self) -> str:
        n = self.count
        return f"{self.authority.name}: {n} case stud{'y' if n == 1 else 'ies'}"


def map_context() -> dict:
    """Everything the map page draws, in three queries."""
    dots = [
        point
        for point in (
            project(lat, lon)
            for lat, lon in Authority.objects.current()
            .exclude(latitude=None)
            .values_list("latitude", "longitude")
        )
        if point
    ]
    # Only named case studies count: an anonymised one must not light up its authority.
    named = Q(case_studies__state=CaseStudy.State.PUBLISHED, case_studies__is_anonymised=False)
    participating = (
        Authority.objects.annotate(count=Count("case_studies", filter=named))
        .filter(count__gt=0)
        .order_by("name")
    )
    places = [
        MapPlace(authority=a, count=a.count, point=project(a.latitude, a.longitude))
        for a in participating
    ]
    international = list(
        CaseStudy.objects.published().international().order_by("country", "place_name", "title")
    )
    return {
        "dots": dots,
        "places": places,
        "international": international,
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
    }
