"""What the public can never see: unpublished case studies, and the authority behind an
anonymised one. Checked on every public output."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from casestudies.anonymity import public_place
from casestudies.models import CaseStudy
from councils.models import Authority
from instrument.models import Theme
from tests.factories import AuthorityFactory, CaseStudyFactory, MissionFactory

pytestmark = pytest.mark.django_db


def public_urls(case_study, theme) -> dict[str, str]:
    """Every public URL a case study could appear on, by a short name."""
    list_url = reverse("casestudies:list")
    return {
        "home": reverse("home"),
        "list": list_url,
        "search by title": f"{list_url}?q={case_study.title.replace(' ', '+')}",
        "list by theme": f"{list_url}?theme={theme.slug}",
        "detail": case_study.get_absolute_url(),
        "feed": reverse("casestudies:feed"),
        "sitemap": "/sitemap.xml",
        "csv": reverse("case_studies_csv"),
        "json": reverse("case_studies_json"),
        "map": reverse("casestudies:map"),
        "theme page": theme.get_absolute_url(),
    }


# --- unpublished case studies -----------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "in_review", "withdrawn"])
def test_unpublished_case_studies_are_nowhere_public(client, state):
    theme = Theme.objects.get(slug="leading-change")
    authority = AuthorityFactory(latitude=Decimal("53.8"), longitude=Decimal("-1.55"))
    case_study = CaseStudyFactory(
        state=state,
        title="Unpublishedcasestudy about food",
        slug="unpublished-case-study-about-food",
        authority=authority,
        themes=[theme],
    )

    assert client.get(case_study.get_absolute_url()).status_code == 404
    urls = public_urls(case_study, theme)
    urls["authority page"] = authority.get_absolute_url()
    urls["list by authority"] = f"{reverse('casestudies:list')}?authority={authority.slug}"
    for name, url in urls.items():
        if name == "detail":
            continue
        response = client.get(url)
        assert response.status_code == 200, name
        content = response.content.decode()
        if name == "search by title":
            assert response.context["page_obj"].paginator.count == 0
            # The visitor's own words are echoed back: in the title, search box and tag.
            content = content.replace(case_study.title, "")
        assert "Unpublishedcasestudy" not in content, name
        assert case_study.slug not in content, name
    # Nor does its authority light up on the map.
    assert (
        f"authority={authority.slug}" not in client.get(reverse("casestudies:map")).content.decode()
    )


# --- anonymised case studies ------------------------------------------------------------


@pytest.fixture
def anonymised():
    """A published, anonymised case study about an authority with a distinctive name, code
    and mission, alongside an ordinary named one."""
    theme = Theme.objects.get(slug="leading-change")
    authority = AuthorityFactory(
        name="Zyxwardine",
        official_name="Zyxwardine Metropolitan Borough Council",
        slug="zyxwardine",
        gss_code="E08000987",
        type=Authority.Type.METROPOLITAN,
        region="North West",
        latitude=Decimal("53.48"),
        longitude=Decimal("-2.24"),
    )
    # Another metropolitan district in the North West: the label may name the region.
    AuthorityFactory(type=Authority.Type.METROPOLITAN, region="North West")
    mission = MissionFactory(
        authority=authority, title="Qwertyplex warm homes", statement="Every Qwertyplex home warm."
    )
    case_study = CaseStudyFactory(
        authority=authority,
        is_anonymised=True,
        title="Warmer homes through a mission",
        slug="warmer-homes-through-a-mission",
        summary="How a borough set out to warm every home.",
        themes=[theme],
        missions=[mission],
    )
    CaseStudyFactory(title="A named case study", themes=[theme])
    return case_study, authority, theme


# Everything that would identify the authority.
def secrets(authority) -> list[str]:
    return [
        authority.name,
        authority.official_name,
        authority.slug,
        authority.gss_code,
        "Qwertyplex",
    ]


def test_anonymised_case_study_never_names_its_authority(client, anonymised):
    case_study, authority, theme = anonymised
    urls = public_urls(case_study, theme)
    # Searching for the authority must not find its anonymised case study.
    urls["search by authority name"] = f"{reverse('casestudies:list')}?q=Zyxwardine"

    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        content = response.content.decode()
        if name == "search by authority name":
            assert response.context["page_obj"].paginator.count == 0
            # Only the visitor's own words are echoed back: in the search box and the tag.
            content = content.replace('value="Zyxwardine"', "").replace("“Zyxwardine”", "")
        if name == "sitemap":
            # The sitemap lists every authority's own page (the directory), and nothing more.
            page = f"<loc>http://testserver{authority.get_absolute_url()}</loc>"
            assert content.count(authority.slug) == content.count(page) == 1
            content = content.replace(page, "")
        for secret in secrets(authority):
            assert secret.lower() not in content.lower(), f"{secret!r} on {name} ({url})"

    # The case study does show where it is from, in general terms.
    detail = client.get(case_study.get_absolute_url()).content.decode()
    assert "A metropolitan district in the North West" in detail
    theme_page = client.get(theme.get_absolute_url()).content.decode()
    assert "A metropolitan district in the North West" in theme_page


def test_the_authoritys_own_page_and_the_directory_do_not_list_the_case_study(client, anonymised):
    case_study, authority, _ = anonymised
    for url in [authority.get_absolute_url(), f"{reverse('councils:authority_list')}?q=Zyxwardine"]:
        content = client.get(url).content.decode()
        assert "Zyxwardine" in content  # the authority itself is public
        assert case_study.title not in content
        assert case_study.slug not in content


def test_the_list_filtered_by_the_authority_finds_nothing(client, anonymised):
    _, authority, _ = anonymised
    response = client.get(reverse("casestudies:list"), {"authority": authority.slug})
    assert response.context["page_obj"].paginator.count == 0


@pytest.mark.parametrize("authority_type", ["CC", "GLA"])
def test_filtering_by_a_single_member_type_never_finds_an_anonymised_case_study(
    client, authority_type
):
    """The City of London and the GLA are the only members of their types: the type filter
    (and its tag, which names the type) must not find an anonymised case study about them."""
    authority = AuthorityFactory(type=authority_type, name="Zyxwardine", region="London")
    anonymised = CaseStudyFactory(
        authority=authority, is_anonymised=True, title="Quiet case", state="published"
    )
    named = CaseStudyFactory(
        authority=AuthorityFactory(type=authority_type, region="London"),
        title="Open case",
        state="published",
    )
    response = client.get(reverse("casestudies:list"), {"type": authority_type})
    page = response.content.decode()
    assert named.title in page
    assert anonymised.title not in page


# --- the only authority of its type in its region -----------------------------------------


def list_titles(client, params) -> set[str]:
    response = client.get(reverse("casestudies:list"), params)
    assert response.status_code == 200
    return {case_study.title for case_study in response.context["page_obj"]}


def open_data_rows(client) -> dict[str, dict]:
    """CSV and JSON rows by title, each as {"csv": row, "json": row}."""
    response = client.get(reverse("case_studies_csv"))
    csv_rows = csv.DictReader(io.StringIO(response.content.decode()))
    rows = {row["title"]: {"csv": row} for row in csv_rows}
    for row in json.loads(client.get(reverse("case_studies_json")).content)["case_studies"]:
        rows[row["title"]]["json"] = row
    return rows


@pytest.fixture
def lone_authorities():
    """Anonymised case studies about a combined authority that is the only one in its region
    (but not in England), a district council that is the only one of its type in England, and
    a combined authority that shares its region with another."""
    west_midlands = AuthorityFactory(
        name="Zyxmidlands", slug="zyxmidlands", type=Authority.Type.COMBINED, region="West Midlands"
    )
    lone_district = AuthorityFactory(
        name="Qwertydale", slug="qwertydale", type=Authority.Type.DISTRICT, region="South East"
    )
    north_east = AuthorityFactory(type=Authority.Type.COMBINED, region="North East")
    AuthorityFactory(type=Authority.Type.COMBINED, region="North East")
    # A former authority of the same type and region does not make the region safe to show.
    AuthorityFactory(type=Authority.Type.COMBINED, region="West Midlands", is_current=False)
    case_studies = {
        "lone in region": CaseStudyFactory(
            title="Lone in its region", authority=west_midlands, is_anonymised=True
        ),
        "lone in nation": CaseStudyFactory(
            title="Lone in its nation", authority=lone_district, is_anonymised=True
        ),
        "shared region": CaseStudyFactory(
            title="Shares its region", authority=north_east, is_anonymised=True
        ),
    }
    return case_studies


def test_an_authority_alone_in_its_region_is_placed_only_in_its_nation(client, lone_authorities):
    lone = lone_authorities["lone in region"]
    content = client.get(lone.get_absolute_url()).content.decode()
    assert "A combined authority in England" in content
    assert "West Midlands" not in content
    assert "Zyxmidlands" not in content

    listing = client.get(reverse("casestudies:list")).content.decode()
    feed = client.get(reverse("casestudies:feed")).content.decode()
    for page in (listing, feed):
        assert "A combined authority in England" in page
        assert "A combined authority in the North East" in page
        assert "A district council" not in page
        assert "A local authority in England" in page
        assert "in the West Midlands" not in page
        assert "in the South East" not in page


def test_an_authority_alone_of_its_type_in_its_nation_is_a_local_authority(
    client, lone_authorities
):
    content = client.get(lone_authorities["lone in nation"].get_absolute_url()).content.decode()
    assert "A local authority in England" in content
    assert "district council" not in content.lower()
    assert "South East" not in content


def test_region_and_type_filters_do_not_find_a_widened_case_study(client, lone_authorities):
    assert list_titles(client, {"region": "West Midlands"}) == set()
    assert list_titles(client, {"region": "South East"}) == set()
    assert list_titles(client, {"type": Authority.Type.DISTRICT}) == set()
    # The type filter still finds the combined authority that shares its region, and only it.
    assert list_titles(client, {"type": "COMB"}) == {"Shares its region"}
    assert list_titles(client, {"region": "North East"}) == {"Shares its region"}
    # The nation is what the label shows, so the nation filter finds them all.
    assert list_titles(client, {"nation": "England"}) == {
        "Lone in its region",
        "Lone in its nation",
        "Shares its region",
    }


def test_open_data_carries_no_region_for_a_widened_case_study(client, lone_authorities):
    rows = open_data_rows(client)
    for title, row in rows.items():
        for name in ("Zyxmidlands", "zyxmidlands", "Qwertydale", "qwertydale"):
            assert name not in str(row), title

    lone = rows["Lone in its region"]
    assert lone["csv"]["region"] == "" and lone["json"]["region"] is None
    assert lone["csv"]["place"] == lone["json"]["place"] == "A combined authority in England"
    assert lone["json"]["authority_type"] == "Combined authority"
    assert lone["json"]["nation"] == "England"

    district = rows["Lone in its nation"]
    assert district["csv"]["region"] == "" and district["json"]["region"] is None
    assert district["json"]["place"] == "A local authority in England"
    assert district["json"]["authority_type"] == "Local authority"

    shared = rows["Shares its region"]
    assert shared["json"]["place"] == "A combined authority in the North East"
    assert shared["csv"]["region"] == shared["json"]["region"] == "North East"


def test_anonymous_labels_cost_one_cached_query(lone_authorities, django_assert_num_queries):
    lone = CaseStudy.objects.select_related("authority").get(title="Lone in its region")
    with django_assert_num_queries(1):
        assert public_place(lone)["label"] == "A combined authority in England"
    with django_assert_num_queries(0):
        assert public_place(lone)["region"] == ""
