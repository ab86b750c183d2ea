"""Each filter on /case-studies/, their combinations, and the ranked search (PostgreSQL
full-text search in CI; the plain fallback on SQLite)."""

import pytest
from django.db import connection
from django.urls import reverse

from casestudies.models import CaseStudy
from casestudies.search import search
from councils.models import Approach, Authority, NationalMission
from instrument.models import Theme
from tests.factories import AuthorityFactory, CaseStudyFactory, PartnerTypeFactory

pytestmark = pytest.mark.django_db

LIST = reverse("casestudies:list")


def found(client, params) -> set[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return {case_study.title for case_study in response.context["page_obj"]}


def ordered(client, params) -> list[str]:
    return [case_study.title for case_study in client.get(LIST, params).context["page_obj"]]


@pytest.fixture
def corpus():
    """A small set of case studies that differ in every facet."""
    theme_a = Theme.objects.get(slug="leading-change")
    theme_b = Theme.objects.get(slug="measuring-impact")
    place_based = Approach.objects.get(slug="place-based-strategy")
    growth = NationalMission.objects.get(slug="kickstart-economic-growth")
    business = PartnerTypeFactory(slug="business", name="Business")
    community = PartnerTypeFactory(slug="community-group", name="Community group")

    camden = AuthorityFactory(
        name="Camden", nation="England", region="London", type=Authority.Type.LONDON_BOROUGH
    )
    cardiff = AuthorityFactory(
        name="Cardiff", nation="Wales", region="Wales", type=Authority.Type.WELSH
    )
    gmca = AuthorityFactory(
        name="Greater Manchester",
        nation="England",
        region="North West",
        type=Authority.Type.COMBINED,
        tier=Authority.Tier.ESTABLISHED_MAYORAL,
    )
    hidden_ca = AuthorityFactory(
        name="Hiddenshire",
        nation="England",
        region="North East",
        type=Authority.Type.COMBINED,
        tier=Authority.Tier.ESTABLISHED_MAYORAL,
    )
    # Not the only combined authority in its region, so its anonymised label names the region.
    AuthorityFactory(nation="England", region="North East", type=Authority.Type.COMBINED)
    CaseStudyFactory(
        title="London",
        authority=camden,
        themes=[theme_a],
        approaches=[place_based],
        partner_types=[community],
    )
    CaseStudyFactory(
        title="Wales",
        authority=cardiff,
        themes=[theme_b],
        national_missions=[growth],
        partner_types=[business],
    )
    CaseStudyFactory(
        title="Manchester",
        authority=gmca,
        themes=[theme_a, theme_b],
        approaches=[place_based],
        national_missions=[growth],
        partner_types=[business, community],
    )
    CaseStudyFactory(
        title="Anonymous",
        authority=hidden_ca,
        is_anonymised=True,
        themes=[theme_a],
        national_missions=[growth],
    )
    CaseStudyFactory(
        title="Amsterdam",
        authority=None,
        place_name="Amsterdam",
        country="Netherlands",
        themes=[theme_b],
        approaches=[place_based],
    )
    CaseStudyFactory(title="Draft", authority=camden, themes=[theme_a], state="draft")
    CaseStudyFactory(title="Withdrawn", authority=cardiff, themes=[theme_b], state="withdrawn")


ALL = {"London", "Wales", "Manchester", "Anonymous", "Amsterdam"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ALL),
        ({"theme": "leading-change"}, {"London", "Manchester", "Anonymous"}),
        ({"theme": "measuring-impact"}, {"Wales", "Manchester", "Amsterdam"}),
        ({"nation": "Wales"}, {"Wales"}),
        ({"nation": "England"}, {"London", "Manchester", "Anonymous"}),
        ({"region": "London"}, {"London"}),
        ({"region": "North East"}, {"Anonymous"}),
        ({"type": "LBO"}, {"London"}),
        ({"type": "COMB"}, {"Manchester", "Anonymous"}),
        # The tier is not part of what an anonymised case study shows, so it cannot find one.
        ({"tier": "established_mayoral"}, {"Manchester"}),
        ({"national_mission": "kickstart-economic-growth"}, {"Wales", "Manchester", "Anonymous"}),
        ({"approach": "place-based-strategy"}, {"London", "Manchester", "Amsterdam"}),
        ({"partner_type": "business"}, {"Wales", "Manchester"}),
        ({"partner_type": "community-group"}, {"London", "Manchester"}),
        ({"location": "uk"}, {"London", "Wales", "Manchester", "Anonymous"}),
        ({"location": "international"}, {"Amsterdam"}),
        ({"location": ["uk", "international"]}, ALL),
    ],
)
def test_each_filter(client, corpus, params, expected):
    assert found(client, params) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # Within a facet: any of the values.
        ({"theme": ["leading-change", "measuring-impact"]}, ALL),
        ({"nation": ["Wales", "England"]}, {"London", "Wales", "Manchester", "Anonymous"}),
        ({"partner_type": ["business", "community-group"]}, {"London", "Wales", "Manchester"}),
        # Across facets: all of them.
        ({"theme": "leading-change", "nation": "England"}, {"London", "Manchester", "Anonymous"}),
        ({"theme": "leading-change", "approach": "place-based-strategy"}, {"London", "Manchester"}),
        ({"theme": "measuring-impact", "location": "uk"}, {"Wales", "Manchester"}),
        (
            {"theme": ["leading-change", "measuring-impact"], "partner_type": "business"},
            {"Wales", "Manchester"},
        ),
        (
            {
                "theme": "leading-change",
                "national_mission": "kickstart-economic-growth",
                "type": "COMB",
            },
            {"Manchester", "Anonymous"},
        ),
        ({"nation": "Wales", "approach": "place-based-strategy"}, set()),
        ({"theme": "measuring-impact", "q": "Manchester"}, {"Manchester"}),
    ],
)
def test_filter_combinations(client, corpus, params, expected):
    assert found(client, params) == expected


def test_a_case_study_with_several_matching_values_is_listed_once(client, corpus):
    response = client.get(
        LIST,
        {
            "theme": ["leading-change", "measuring-impact"],
            "partner_type": ["business", "community-group"],
        },
    )
    titles = [case_study.title for case_study in response.context["page_obj"]]
    assert sorted(titles) == ["London", "Manchester", "Wales"]
    assert response.context["page_obj"].paginator.count == 3


def test_authority_filter_lists_its_named_case_studies(client, corpus):
    assert found(client, {"authority": Authority.objects.get(name="Camden").slug}) == {"London"}


def test_authority_filter_never_finds_an_anonymised_case_study(client, corpus):
    hidden = Authority.objects.get(name="Hiddenshire")
    assert found(client, {"authority": hidden.slug}) == set()


def test_authority_filter_is_a_tag_and_kept_by_the_form_but_not_a_checkbox(client, corpus):
    slug = Authority.objects.get(name="Camden").slug
    content = client.get(LIST, {"authority": slug}).content.decode()
    assert f'<input type="hidden" name="authority" value="{slug}">' in content
    assert "Remove filter </span>Authority: Camden" in content
    assert 'name="authority" type="checkbox"' not in content


# --- search -----------------------------------------------------------------------------


@pytest.fixture
def ranked():
    """The same word in the body, the summary and the title of three case studies, with the
    body match newest so that only relevance can put the title match first."""
    CaseStudyFactory(title="Allotments in Leeds", summary="Growing.", body="Greenhouses.")
    CaseStudyFactory(title="Growing together", summary="Community allotments.", body="Plots.")
    CaseStudyFactory(title="Parks", summary="Green space.", body="New allotments were opened.")
    CaseStudyFactory(title="Unrelated", summary="Buses.", body="Bus routes.")


def test_search_ranks_a_title_match_above_a_summary_match_above_a_body_match(client, ranked):
    assert ordered(client, {"q": "allotments"}) == [
        "Allotments in Leeds",
        "Growing together",
        "Parks",
    ]


def test_search_ranks_the_title_match_first_whichever_is_newer(client):
    CaseStudyFactory(title="Food partnership")
    CaseStudyFactory(title="Towns", body="A food partnership in every town.")
    assert ordered(client, {"q": "food partnership"}) == ["Food partnership", "Towns"]


def test_search_matches_every_word(client, ranked):
    assert found(client, {"q": "allotments greenhouses"}) == {"Allotments in Leeds"}


def test_search_with_no_match_finds_nothing(client, ranked):
    response = client.get(LIST, {"q": "tramways"})
    assert response.context["page_obj"].paginator.count == 0
    assert "No published case studies match" in response.content.decode()


def test_search_never_finds_unpublished_case_studies(client):
    for state in ["draft", "in_review", "withdrawn"]:
        CaseStudyFactory(title=f"Allotments {state}", state=state)
    assert found(client, {"q": "allotments"}) == set()


def test_search_does_not_look_in_authority_names(client):
    """Otherwise searching for an authority would find its anonymised case studies."""
    CaseStudyFactory(authority=AuthorityFactory(name="Zedborough"), is_anonymised=True)
    assert found(client, {"q": "Zedborough"}) == set()


def test_search_copes_with_punctuation_and_quotes(client, ranked):
    for text in ['"allotments"', "allotments -parks", "allotments OR buses", "'", '"', "&|!():*"]:
        assert client.get(LIST, {"q": text}).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_postgres_search_uses_english_stemming(client):
    CaseStudyFactory(title="Growing communities")
    assert found(client, {"q": "grow community"}) == {"Growing communities"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_postgres_search_can_use_the_gin_index(ranked):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'casestudy_search_document_gin'"
        )
        (definition,) = cursor.fetchone()
        cursor.execute(
            "SELECT generation_expression FROM information_schema.columns "
            "WHERE table_name = 'casestudies_casestudy' AND column_name = 'search_document'"
        )
        (expression,) = cursor.fetchone()
    assert "USING gin" in definition
    assert "setweight(to_tsvector('english'::regconfig" in expression

    # Without the state filter, whose own index the planner may prefer on a tiny table.
    queryset = search(CaseStudy.objects.all(), "allotments")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # With sequential scans priced out, a usable index must show up in the plan.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "casestudy_search_document_gin" in plan, plan


@pytest.mark.parametrize("param", ["q", "theme", "authority", "nation", "approach", "sort", "page"])
def test_a_nul_character_in_the_url_is_ignored_not_a_server_error(client, param):
    # PostgreSQL text cannot hold NUL: it must never reach a query.
    CaseStudyFactory()
    response = client.get(LIST, {param: "a\x00b"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1
