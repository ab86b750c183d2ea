"""The Atom feed of new case studies and /sitemap.xml."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from councils.models import Authority
from instrument.models import Theme
from tests.factories import AuthorityFactory, CaseStudyFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def feed(client):
    response = client.get(reverse("casestudies:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_feed_is_atom_with_published_case_studies_newest_first(client):
    theme = Theme.objects.get(slug="leading-change")
    older = CaseStudyFactory(title="Older", summary="First summary.", themes=[theme])
    newer = CaseStudyFactory(
        title="Newer", summary="Second summary.", authority=AuthorityFactory(name="Camden")
    )
    for state in ["draft", "in_review", "withdrawn"]:
        CaseStudyFactory(title=f"Not public {state}", state=state)

    root = feed(client)

    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "New case studies – Mission-led local government"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Newer", "Older"]
    first, second = entries
    assert first.find(f"{ATOM}link").get("href") == f"http://testserver/case-studies/{newer.slug}/"
    assert first.find(f"{ATOM}summary").text == "Camden. Second summary."
    assert first.find(f"{ATOM}published").text.startswith(newer.published_at.strftime("%Y-%m-%d"))
    assert [c.get("term") for c in second.findall(f"{ATOM}category")] == ["Leading change"]
    # A stable id, not the address (which follows the title).
    assert second.find(f"{ATOM}id").text == f"tag:testserver,2026:case-study:{older.pk}"


def test_feed_names_an_anonymised_case_study_by_type_and_region_only(client):
    authority = AuthorityFactory(
        name="Quillborough", type=Authority.Type.METROPOLITAN, region="Yorkshire and The Humber"
    )
    AuthorityFactory(type=Authority.Type.METROPOLITAN, region="Yorkshire and The Humber")
    CaseStudyFactory(authority=authority, is_anonymised=True, summary="Summary.")
    content = client.get(reverse("casestudies:feed")).content.decode()
    assert "A metropolitan district in Yorkshire and The Humber. Summary." in content
    assert "Quillborough" not in content
    assert authority.slug not in content


def test_feed_query_count_is_fixed(client, django_assert_max_num_queries):
    CaseStudyFactory.create_batch(25, themes=list(Theme.objects.all()[:2]))
    with django_assert_max_num_queries(2):
        root = feed(client)
    assert len(root.findall(f"{ATOM}entry")) == 20


def sitemap_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    return [url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")]


def test_sitemap_lists_pages_themes_authorities_and_published_case_studies(client):
    authority = AuthorityFactory(slug="camden")
    published = CaseStudyFactory(authority=authority)
    drafts = [CaseStudyFactory(state=s) for s in ["draft", "in_review", "withdrawn"]]

    locations = sitemap_locations(client)

    base = "http://testserver"
    for path in [
        "/",
        "/about/",
        "/themes/",
        "/authorities/",
        "/case-studies/",
        "/case-studies/map/",
    ]:
        assert base + path in locations, path
    assert base + "/themes/leading-change/" in locations
    assert base + "/authorities/camden/" in locations
    assert base + published.get_absolute_url() in locations
    for draft in drafts:
        assert base + draft.get_absolute_url() not in locations


def test_sitemap_query_count_is_fixed(client, django_assert_max_num_queries):
    CaseStudyFactory.create_batch(30)
    # A count and a page for each of themes, authorities and case studies.
    with django_assert_max_num_queries(6):
        sitemap_locations(client)


def test_a_retitled_case_study_keeps_its_feed_entry_id(client, lead):
    from casestudies.addresses import case_study_address_update

    case_study = CaseStudyFactory(title="First title")
    first = client.get(reverse("casestudies:feed")).content.decode()
    entry_id = f"tag:testserver,2026:case-study:{case_study.pk}"
    assert f"<id>{entry_id}</id>" in first
    old_address = case_study.get_absolute_url()
    case_study.title = "A better title"
    case_study_address_update(case_study=case_study)
    case_study.save()
    assert case_study.get_absolute_url() != old_address
    second = client.get(reverse("casestudies:feed")).content.decode()
    assert f"<id>{entry_id}</id>" in second
    assert "A better title" in second
