"""What the public can never see: unpublished case studies, and the authority behind an
anonymised one. Checked on every public output."""

from decimal import Decimal

import pytest
from django.urls import reverse

from councils.models import Authority
from submissions.models import Theme
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
