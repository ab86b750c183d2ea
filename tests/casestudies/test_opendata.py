"""Open data: /case-studies.csv and /case-studies.json of everything published, CC BY 4.0."""

import csv
import io
import json

import pytest
from django.urls import reverse

from councils.models import Approach, Authority
from instrument.models import Theme
from tests.factories import (
    AuthorityFactory,
    CaseStudyFactory,
    CaseStudySourceFactory,
    PartnerTypeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_set():
    theme = Theme.objects.get(slug="leading-change")
    named = CaseStudyFactory(
        title="Named",
        authority=AuthorityFactory(
            name="Camden",
            slug="camden",
            gss_code="E09000007",
            type=Authority.Type.LONDON_BOROUGH,
            region="London",
        ),
        themes=[theme],
        approaches=[Approach.objects.get(slug="place-based-strategy")],
        partner_types=[PartnerTypeFactory(slug="business", name="Business")],
        what_worked="Listening.",
        is_demo=True,
    )
    CaseStudySourceFactory(case_study=named, url="https://example.org/plan")
    anonymous = CaseStudyFactory(
        title="Anonymous",
        authority=AuthorityFactory(
            name="Quillborough",
            slug="quillborough",
            gss_code="E08000099",
            type=Authority.Type.METROPOLITAN,
            region="North West",
        ),
        is_anonymised=True,
    )
    # A second metropolitan district in the North West, so the region can be shown.
    AuthorityFactory(type=Authority.Type.METROPOLITAN, region="North West")
    abroad = CaseStudyFactory(
        title="Abroad", authority=None, place_name="Amsterdam", country="Netherlands"
    )
    for state in ["draft", "in_review", "withdrawn"]:
        CaseStudyFactory(title=f"Not public {state}", state=state)
    return named, anonymous, abroad


def get_json(client):
    response = client.get(reverse("case_studies_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def get_csv(client):
    response = client.get(reverse("case_studies_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_json_matches_the_published_set_and_states_the_licence(client, published_set):
    document = get_json(client)
    assert document["licence"] == {
        "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert document["count"] == 3
    assert {row["title"] for row in document["case_studies"]} == {"Named", "Anonymous", "Abroad"}
    named = next(r for r in document["case_studies"] if r["title"] == "Named")
    assert named["url"] == f"http://testserver/case-studies/{published_set[0].slug}/"
    assert named["authority_name"] == "Camden"
    assert named["authority_slug"] == "camden"
    assert named["gss_code"] == "E09000007"
    assert named["authority_type"] == "London borough"
    assert named["region"] == "London"
    assert named["themes"] == ["Leading change"]
    assert named["approaches"] == ["Place-based strategy"]
    assert named["partner_types"] == ["Business"]
    assert named["what_worked"] == "Listening."
    assert named["demo_content"] is True
    assert named["sources"] == [
        {"title": named["sources"][0]["title"], "url": "https://example.org/plan"}
    ]


def test_json_keeps_anonymised_case_studies_anonymous(client, published_set):
    document = get_json(client)
    row = next(r for r in document["case_studies"] if r["title"] == "Anonymous")
    assert row["place"] == "A metropolitan district in the North West"
    assert row["authority_name"] is None
    assert row["authority_slug"] is None
    assert row["gss_code"] is None
    assert row["authority_type"] == "Metropolitan district"
    assert row["region"] == "North West"
    text = json.dumps(document)
    for secret in ["Quillborough", "quillborough", "E08000099"]:
        assert secret not in text


def test_json_international_case_study(client, published_set):
    row = next(r for r in get_json(client)["case_studies"] if r["title"] == "Abroad")
    assert row["place"] == "Amsterdam, Netherlands"
    assert row["international"] is True
    assert row["authority_name"] is None


def test_csv_matches_the_published_set(client, published_set):
    rows = get_csv(client)
    assert {row["title"] for row in rows} == {"Named", "Anonymous", "Abroad"}
    named = next(r for r in rows if r["title"] == "Named")
    assert named["gss_code"] == "E09000007"
    assert named["themes"] == "Leading change"
    assert named["demo_content"] == "yes"
    anonymous = next(r for r in rows if r["title"] == "Anonymous")
    assert anonymous["authority_name"] == anonymous["authority_slug"] == anonymous["gss_code"] == ""
    assert anonymous["region"] == "North West"


def test_csv_never_names_an_anonymised_authority(client, published_set):
    content = client.get(reverse("case_studies_csv")).content.decode()
    for secret in ["Quillborough", "quillborough", "E08000099"]:
        assert secret not in content


def test_csv_cells_that_look_like_formulas_are_quoted(client):
    CaseStudyFactory(title='=HYPERLINK("http://evil")', body="- a Markdown list")
    row = get_csv(client)[0]
    assert row["title"] == '\'=HYPERLINK("http://evil")'
    assert row["body_markdown"] == "- a Markdown list"


def test_open_data_query_count_is_fixed(client, django_assert_max_num_queries):
    for case_study in CaseStudyFactory.create_batch(30, themes=list(Theme.objects.all()[:2])):
        CaseStudySourceFactory(case_study=case_study)
    with django_assert_max_num_queries(6):
        assert len(get_json(client)["case_studies"]) == 30
    with django_assert_max_num_queries(6):
        assert len(get_csv(client)) == 30
