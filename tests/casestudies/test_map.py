"""The map of participating authorities: an SVG drawn from the register's coordinates."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse

from casestudies.map import project
from tests.factories import AuthorityFactory, CaseStudyFactory

pytestmark = pytest.mark.django_db

MAP = reverse("casestudies:map")
SVG = "{http://www.w3.org/2000/svg}"


def svg_of(content: str) -> ET.Element:
    match = re.search(r"<svg class=\"app-map__svg\".*?</svg>", content, re.DOTALL)
    assert match, "the map is an inline SVG"
    return ET.fromstring(match.group(0))


@pytest.fixture
def places():
    camden = AuthorityFactory(
        name="Camden",
        slug="camden",
        region="London",
        latitude=Decimal("51.5290"),
        longitude=Decimal("-0.1255"),
    )
    leeds = AuthorityFactory(
        name="Leeds",
        slug="leeds",
        region="Yorkshire and The Humber",
        latitude=Decimal("53.8008"),
        longitude=Decimal("-1.5491"),
    )
    hidden = AuthorityFactory(
        name="Quillborough",
        slug="quillborough",
        latitude=Decimal("52.4862"),
        longitude=Decimal("-1.8904"),
    )
    AuthorityFactory.create_batch(3, latitude=Decimal("55.9533"), longitude=Decimal("-3.1883"))
    AuthorityFactory(is_current=False, latitude=Decimal("54.5"), longitude=Decimal("-3.0"))
    CaseStudyFactory.create_batch(2, authority=camden)
    CaseStudyFactory(authority=leeds)
    CaseStudyFactory(authority=leeds, state="draft")
    CaseStudyFactory(authority=hidden, is_anonymised=True)
    CaseStudyFactory(
        title="Amsterdam food strategy",
        authority=None,
        place_name="Amsterdam",
        country="Netherlands",
    )
    return camden, leeds, hidden


def test_map_draws_current_authorities_as_dots_and_participating_ones_as_links(client, places):
    content = client.get(MAP).content.decode()
    svg = svg_of(content)

    assert svg.get("role") == "group"
    assert svg.find(f"{SVG}title").text == "Map of the UK with 2 participating authorities"
    dots = svg.find(f"{SVG}g[@class='app-map__dots']")
    assert dots.get("aria-hidden") == "true"
    # Six current authorities with coordinates; the abolished one is not drawn.
    assert len(dots.findall(f"{SVG}circle")) == 6

    links = svg.findall(f".//{SVG}a")
    assert [(a.get("href"), a.get("aria-label")) for a in links] == [
        ("/case-studies/?authority=camden", "Camden: 2 case studies"),
        ("/case-studies/?authority=leeds", "Leeds: 1 case study"),
    ]
    for link in links:
        circle = link.find(f"{SVG}circle")
        assert circle.get("class") == "app-map__marker"
        assert int(circle.get("r")) >= 6


def test_map_links_lead_to_the_authoritys_case_studies(client, places):
    camden = places[0]
    response = client.get(reverse("casestudies:list"), {"authority": camden.slug})
    assert response.context["page_obj"].paginator.count == 2


def test_map_has_a_list_alternative_and_lists_international_case_studies_apart(client, places):
    content = client.get(MAP).content.decode()
    assert (
        '<th scope="row" class="govuk-table__header">'
        '<a class="govuk-link" href="/case-studies/?authority=camden">Camden</a></th>'
    ) in content
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in content
    assert '<h2 class="govuk-heading-l" id="outside-the-uk">Outside the UK</h2>' in content
    assert "Amsterdam food strategy" in content
    assert "Amsterdam, Netherlands" in content


def test_map_never_shows_an_anonymised_authority(client, places):
    content = client.get(MAP).content.decode()
    assert "Quillborough" not in content
    assert "quillborough" not in content


def test_map_has_no_inline_styles(client, places):
    content = client.get(MAP).content.decode()
    assert "style=" not in content


def test_projection_puts_north_up_and_east_right():
    london = project(Decimal("51.5"), Decimal("-0.12"))
    edinburgh = project(Decimal("55.95"), Decimal("-3.19"))
    assert edinburgh[1] < london[1]
    assert edinburgh[0] < london[0]
    assert project(None, None) is None
    assert project(Decimal("40.4"), Decimal("-3.7")) is None  # Madrid is off the map


@pytest.mark.parametrize("size", [5, 100])
def test_map_query_count_is_fixed(client, django_assert_max_num_queries, size):
    for authority in AuthorityFactory.create_batch(
        size, latitude=Decimal("53"), longitude=Decimal("-2")
    ):
        CaseStudyFactory(authority=authority)
    CaseStudyFactory.create_batch(3, authority=None, place_name="Lyon", country="France")
    with django_assert_max_num_queries(3):
        response = client.get(MAP)
    assert len(response.context["places"]) == size
