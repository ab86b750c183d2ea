"""The map page: authorities with named case studies, drawn on an SVG outline of the UK."""

import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse

from common import pagecache
from councils.models import Authority

from .models import CaseStudy

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
    url: str

    @property
    def radius(self) -> int:
        return 6 + min(self.count, 4)

    @property
    def name(self) -> str:
        n = self.count
        return f"{self.authority.name}: {n} case stud{'y' if n == 1 else 'ies'}"


def map_context() -> dict:
    """The map page's body, drawn once after each change to public data (three queries), then
    served as it is (kept with the page cache's version, so a publish or withdrawal shows at
    once). It holds no per-visitor state: no form, no nonce."""
    return {"body": pagecache.stored_value("casestudies:map-body", _map_body)}


def _map_body() -> str:
    return render_to_string("casestudies/_map_body.html", _map_context())


def _map_context() -> dict:
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
    named = Q(case_studies__in=CaseStudy.objects.published().named())
    participating = (
        Authority.objects.annotate(count=Count("case_studies", filter=named))
        .filter(count__gt=0)
        .order_by("name")
    )
    list_url = reverse("casestudies:list")
    places = [
        MapPlace(
            authority=a,
            count=a.count,
            point=project(a.latitude, a.longitude),
            url=f"{list_url}?{urlencode({'authority': a.slug})}",
        )
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
