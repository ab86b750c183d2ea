"""Public case-study outputs at scale: query counts constant in data size, the open-data files,
sitemap and map built once per change, and the related list bounded.

Signed-in clients are used where the point is the view's own caching, since the anonymous page
cache would otherwise answer before the view runs.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from casestudies import presenters
from casestudies import services as casestudy_services
from tests.factories import AuthorityFactory, CaseStudyFactory, ThemeFactory

pytestmark = pytest.mark.django_db

CSV = reverse("case_studies_csv")
JSON = reverse("case_studies_json")
SITEMAP = reverse("sitemap")
MAP = reverse("casestudies:map")
STORED = [CSV, JSON, SITEMAP, MAP]


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def publish_more(n, theme=None):
    for _ in range(n):
        CaseStudyFactory(
            authority=AuthorityFactory(latitude=52.0, longitude=-1.0),
            themes=[theme] if theme else [],
        )


@pytest.mark.parametrize("url", STORED)
def test_built_once_then_served_with_no_case_study_queries(researcher_client, url):
    publish_more(3)
    first = queries(researcher_client, url)
    again = queries(researcher_client, url)
    publish_more(9)
    rebuilt = queries(researcher_client, url)
    stored = queries(researcher_client, url)
    # Only the signed-in visitor's own session and user remain on a stored answer, at any size.
    assert again == stored < first
    assert rebuilt <= first


@pytest.mark.parametrize("url", [CSV, JSON, SITEMAP, MAP])
def test_stored_outputs_change_at_once_on_publish_edit_and_withdraw(client, lead, url):
    case_study = CaseStudyFactory(
        title="Wayfinding",
        slug="wayfinding",
        authority=AuthorityFactory(name="Anyshire", slug="anyshire", latitude=52, longitude=-1),
        state="in_review",
        published_at=None,
    )
    marker = "Anyshire" if url == MAP else "wayfinding"
    assertNotContains(client.get(url), marker)
    casestudy_services.case_study_publish(case_study=case_study, by=lead)
    assertContains(client.get(url), marker)
    if url in (CSV, JSON):
        case_study.title = "Wayfinding, edited"
        case_study.save()
        assertContains(client.get(url), "Wayfinding, edited")
    casestudy_services.case_study_withdraw(case_study=case_study, by=lead)
    assertNotContains(client.get(url), marker)


def test_the_map_builds_each_place_url_once(client):
    publish_more(4)
    response = client.get(MAP)
    places = response.context["places"]
    assert places and all("authority=" in place.url for place in places)


def test_detail_page_queries_do_not_grow_with_published_case_studies(researcher_client):
    theme = ThemeFactory()
    case_study = CaseStudyFactory(themes=[theme])
    publish_more(3, theme)
    small = queries(researcher_client, case_study.get_absolute_url())
    publish_more(15, theme)
    large = queries(researcher_client, case_study.get_absolute_url())
    assert small == large


def test_the_related_list_ranks_only_the_newest_candidates(monkeypatch):
    theme, other = ThemeFactory(), ThemeFactory()
    case_study = CaseStudyFactory(themes=[theme, other])
    best_but_old = CaseStudyFactory(themes=[theme, other])
    newer = [CaseStudyFactory(themes=[theme]) for _ in range(3)]
    monkeypatch.setattr(presenters, "RELATED_WINDOW", 2)
    related = presenters.related_case_studies(case_study)
    assert best_but_old not in related
    assert set(related) == set(newer[-2:])
    monkeypatch.setattr(presenters, "RELATED_WINDOW", 200)
    assert presenters.related_case_studies(case_study)[0] == best_but_old


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("casestudies:list") + "?q=place&page=1",
        reverse("instrument:theme_list"),
        reverse("councils:authority_list") + "?q=shire",
        reverse("casestudies:feed"),
    ],
)
def test_public_page_queries_do_not_grow_with_data(researcher_client, url):
    theme = ThemeFactory()
    publish_more(3, theme)
    small = queries(researcher_client, url)
    publish_more(15, theme)
    assert queries(researcher_client, url) == small
