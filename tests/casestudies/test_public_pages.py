"""The public case study pages: list, detail, staff preview, and case studies on theme and
authority pages."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from casestudies import anonymity
from casestudies.models import CaseStudy
from councils.models import Approach, Authority, NationalMission
from instrument.models import Theme
from tests.factories import (
    AuthorityFactory,
    CaseStudyFactory,
    CaseStudySourceFactory,
    MissionFactory,
    PartnerTypeFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("casestudies:list")


def detail_url(case_study):
    return reverse("casestudies:detail", kwargs={"slug": case_study.slug})


# --- list -------------------------------------------------------------------------------


def test_list_shows_published_case_studies_newest_first_with_a_count(client):
    older = CaseStudyFactory(title="Older work")
    newer = CaseStudyFactory(title="Newer work")
    CaseStudyFactory(title="Still a draft", state=CaseStudy.State.DRAFT)

    response = client.get(LIST)

    assert [c.pk for c in response.context["page_obj"]] == [newer.pk, older.pk]
    assertContains(response, "2 case studies")
    assertContains(response, f'href="{detail_url(newer)}"')
    assertNotContains(response, "Still a draft")


def test_list_says_one_case_study_in_the_singular(client):
    CaseStudyFactory()
    assertContains(client.get(LIST), "1 case study<")


def test_filter_panel_is_a_get_form_of_gov_uk_checkboxes_with_legends(client):
    theme = Theme.objects.get(slug="leading-change")
    CaseStudyFactory(themes=[theme])
    content = client.get(LIST).content.decode()

    form = re.search(r'<form id="filters" method="get"[^>]*>', content)
    assert form, "the filters are a plain GET form"
    assert '<legend class="govuk-fieldset__legend govuk-visually-hidden">Theme</legend>' in content
    assert re.search(
        r'<input class="govuk-checkboxes__input" id="(id_theme_\d+)" name="theme" '
        r'type="checkbox" value="leading-change">\s*'
        r'<label class="govuk-label govuk-checkboxes__label" for="\1">Leading change</label>',
        content,
    )
    for legend in [
        "Nation",
        "Region",
        "Type of authority",
        "Strategic authority tier",
        "National mission",
        "Adjacent approach",
        "Partners involved",
        "UK or international",
    ]:
        assert f">{legend}</legend>" in content, legend


def test_chosen_filters_are_checked_and_shown_as_removable_tags(client):
    theme = Theme.objects.get(slug="leading-change")
    CaseStudyFactory(themes=[theme], authority=AuthorityFactory(nation=Authority.Nation.WALES))

    response = client.get(LIST, {"theme": "leading-change", "nation": "Wales", "q": "place"})
    content = response.content.decode()

    assert 'value="leading-change" checked>' in content
    assert 'value="Wales" checked>' in content
    # Each tag links to the same list without that one value (and back to page 1).
    assert (
        '<a class="app-filter-tag" href="?nation=Wales&amp;q=place">'
        '<span class="govuk-visually-hidden">Remove filter </span>Theme: Leading change'
    ) in content
    assert (
        '<a class="app-filter-tag" href="?theme=leading-change&amp;q=place">'
        '<span class="govuk-visually-hidden">Remove filter </span>Nation: Wales'
    ) in content
    assert (
        '<a class="app-filter-tag" href="?theme=leading-change&amp;nation=Wales">'
        '<span class="govuk-visually-hidden">Remove filter </span>Search: “place”'
    ) in content


def test_removing_one_of_two_values_keeps_the_other(client):
    ThemeFactory(title="One", slug="one")
    ThemeFactory(title="Two", slug="two")
    content = client.get(LIST, {"theme": ["one", "two"], "page": "1"}).content.decode()
    assert (
        'href="?theme=two"><span class="govuk-visually-hidden">Remove filter </span>Theme: One'
        in content
    )
    assert (
        'href="?theme=one"><span class="govuk-visually-hidden">Remove filter </span>Theme: Two'
        in content
    )


def test_an_invalid_filter_value_is_ignored_not_an_error(client):
    CaseStudyFactory()
    response = client.get(LIST, {"theme": "no-such-theme", "nation": "Atlantis", "page": "x"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1


def test_pagination_keeps_the_search_and_filters(client):
    theme = Theme.objects.get(slug="leading-change")
    CaseStudyFactory.create_batch(21, themes=[theme], summary="A place-based mission.")

    response = client.get(LIST, {"theme": "leading-change", "q": "mission"})

    assertContains(response, "21 case studies")
    assert len(response.context["page_obj"]) == 20
    assertContains(response, 'aria-label="Pages of case studies"')
    assertContains(response, 'href="?theme=leading-change&amp;q=mission&amp;page=2" rel="next"')
    page_two = client.get(LIST, {"theme": "leading-change", "q": "mission", "page": 2})
    assert len(page_two.context["page_obj"]) == 1


def test_sort_is_offered_only_when_searching(client):
    CaseStudyFactory.create_batch(2, title="Food mission")
    assertNotContains(client.get(LIST), 'name="sort"')
    response = client.get(LIST, {"q": "food"})
    assertContains(
        response, '<select class="govuk-select" id="id_sort" name="sort" form="filters">'
    )
    assertContains(response, '<option value="relevance" selected>Relevance</option>')


def test_sort_by_newest_while_searching(client):
    title_match = CaseStudyFactory(
        title="Food mission", published_at=timezone.now() - datetime.timedelta(days=9)
    )
    body_match = CaseStudyFactory(body="Our food strategy.", published_at=timezone.now())

    relevance = client.get(LIST, {"q": "food"}).context["page_obj"]
    newest = client.get(LIST, {"q": "food", "sort": "newest"}).context["page_obj"]

    assert [c.pk for c in relevance] == [title_match.pk, body_match.pk]
    assert [c.pk for c in newest] == [body_match.pk, title_match.pk]


def test_list_explains_open_data_licence_and_links_the_downloads_and_feed(client):
    content = client.get(LIST).content.decode()
    assert (
        '<h2 class="govuk-heading-m govuk-!-margin-top-8" id="open-data">Open data</h2>' in content
    )
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in content
    assert "CC BY 4.0" in content
    assert f'href="{reverse("case_studies_csv")}"' in content
    assert f'href="{reverse("case_studies_json")}"' in content
    assert f'href="{reverse("casestudies:feed")}"' in content
    assert 'type="application/atom+xml"' in content


def test_demo_case_studies_are_labelled_in_the_list(client):
    CaseStudyFactory(is_demo=True)
    assertContains(
        client.get(LIST), '<strong class="govuk-tag govuk-tag--yellow">Demo content</strong>'
    )


def test_header_links_to_case_studies_and_marks_the_section(client):
    CaseStudyFactory()
    home = client.get(reverse("home")).content.decode()
    assert (
        '<a class="govuk-service-navigation__link" href="/case-studies/">Case studies</a>' in home
    )
    case_studies = client.get(LIST).content.decode()
    assert (
        '<a class="govuk-service-navigation__link" href="/case-studies/" aria-current="page">'
        '<strong class="govuk-service-navigation__active-fallback">Case studies</strong></a>'
    ) in case_studies


# --- detail -----------------------------------------------------------------------------


def test_detail_shows_the_case_study_in_full(client):
    authority = AuthorityFactory(name="Camden", slug="camden", type=Authority.Type.LONDON_BOROUGH)
    theme = Theme.objects.get(slug="leading-change")
    approach = Approach.objects.get(slug="place-based-strategy")
    national = NationalMission.objects.get(slug="clean-energy-superpower")
    partner_type = PartnerTypeFactory(slug="business", name="Business")
    mission = MissionFactory(authority=authority, title="Warm homes for all")
    case_study = CaseStudyFactory(
        authority=authority,
        title="Camden's food mission",
        summary="A summary of the work.",
        body="## How it started\n\nWith **residents**.",
        what_worked="Working *together*.",
        what_didnt="Short-term funding.",
        themes=[theme],
        approaches=[approach],
        national_missions=[national],
        partner_types=[partner_type],
        missions=[mission],
    )
    CaseStudySourceFactory(
        case_study=case_study, title="Camden plan", url="https://example.org/plan"
    )

    response = client.get(detail_url(case_study))
    content = response.content.decode()

    assert '<h1 class="govuk-heading-xl">Camden&#x27;s food mission</h1>' in content
    assert '<a class="govuk-link" href="/authorities/camden/">Camden</a>' in content
    assert '<h2 class="govuk-heading-l">How it started</h2>' in content
    assert "<strong>residents</strong>" in content
    assert '<h2 class="govuk-heading-l">What worked</h2>' in content
    assert "<em>together</em>" in content
    assert "What didn’t work" in content and "Short-term funding." in content
    assert (
        '<a class="govuk-link" href="https://example.org/plan" rel="noopener">Camden plan</a>'
        in content
    )
    # Themes, approaches, national missions and partner types link back to the filtered list.
    assert (
        '<a class="govuk-link" href="/case-studies/?theme=leading-change">Leading change</a>'
        in content
    )
    assert 'href="/case-studies/?approach=place-based-strategy"' in content
    assert 'href="/case-studies/?national_mission=clean-energy-superpower"' in content
    assert (
        '<a class="govuk-link" href="/case-studies/?partner_type=business">Business</a>' in content
    )
    assert "Warm homes for all" in content
    assert "Demo content" not in content


def test_detail_shows_how_to_cite_it(client, settings):
    case_study = CaseStudyFactory(
        title="Food mission", published_at=datetime.datetime(2026, 3, 4, tzinfo=datetime.UTC)
    )
    content = client.get(detail_url(case_study)).content.decode()
    accessed = timezone.localdate().strftime("%-d %B %Y")
    assert "How to cite this case study" in content
    assert (
        "New Local and Inner Circle Consulting (2026) ‘Food mission’, Mission-led local government. "
        f"Available at: http://testserver/case-studies/{case_study.slug}/ (Accessed: {accessed})."
    ) in content


def test_detail_sanitises_the_markdown(client):
    case_study = CaseStudyFactory(
        body='Hello <script>alert("x")</script><img src=x onerror="alert(1)"> [link](javascript:alert(1))'
    )
    content = client.get(detail_url(case_study)).content.decode()
    assert 'alert("x")' not in content
    assert "onerror" not in content
    assert "javascript:" not in content


def test_detail_shows_the_image_with_its_alt_text(client):
    case_study = CaseStudyFactory(image="case-studies/market.jpg", image_alt="Stalls at the market")
    assertContains(
        client.get(detail_url(case_study)),
        '<img class="app-case-study__image" src="/media/case-studies/market.jpg" alt="Stalls at the market">',
    )


def test_demo_case_study_is_labelled_on_its_page(client):
    case_study = CaseStudyFactory(is_demo=True)
    assertContains(
        client.get(detail_url(case_study)),
        '<strong class="govuk-tag govuk-tag--yellow">Demo content</strong>',
    )


def test_international_case_study_shows_its_place(client):
    case_study = CaseStudyFactory(authority=None, place_name="Amsterdam", country="Netherlands")
    assertContains(client.get(detail_url(case_study)), "Amsterdam, Netherlands")


def test_related_case_studies_share_themes_and_approaches(client):
    theme, other_theme = ThemeFactory(), ThemeFactory()
    approach = Approach.objects.first()
    case_study = CaseStudyFactory(themes=[theme], approaches=[approach])
    closest = CaseStudyFactory(title="Closest", themes=[theme], approaches=[approach])
    close = CaseStudyFactory(title="Close", themes=[theme])
    CaseStudyFactory(title="Unrelated", themes=[other_theme])
    CaseStudyFactory(title="Related draft", themes=[theme], state=CaseStudy.State.DRAFT)
    also = CaseStudyFactory.create_batch(3, themes=[theme])

    related = client.get(detail_url(case_study)).context["related"]

    assert len(related) == 3
    assert related[0] == closest
    # Then by newest: the three latest single-theme matches outrank "Close".
    assert related[1:] == [also[2], also[1]]
    assert close not in related


@pytest.mark.parametrize("state", ["draft", "in_review", "withdrawn"])
def test_unpublished_case_study_is_404(client, state):
    case_study = CaseStudyFactory(state=state)
    assert client.get(detail_url(case_study)).status_code == 404


# --- staff preview ----------------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "in_review", "published", "withdrawn"])
def test_staff_preview_any_case_study_as_the_public_will_see_it(researcher_client, state):
    case_study = CaseStudyFactory(state=state, title="A draft about food", is_anonymised=True)

    response = researcher_client.get(reverse("casestudies:preview", kwargs={"pk": case_study.pk}))

    assert response.status_code == 200
    assert response.templates[0].name == "casestudies/detail.html"
    assertContains(response, "Preview – not published")
    assertContains(response, '<meta name="robots" content="noindex, nofollow">')
    assertContains(response, '<h1 class="govuk-heading-xl">A draft about food</h1>')
    # Exactly as the public will see it: anonymised, so no name.
    assertNotContains(response, case_study.authority.name)


def test_preview_is_404_to_the_public_and_to_staff_without_permission(client):
    case_study = CaseStudyFactory(state=CaseStudy.State.DRAFT)
    url = reverse("casestudies:preview", kwargs={"pk": case_study.pk})
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(is_staff=True))  # staff, but in no role
    assert client.get(url).status_code == 404


def test_published_page_is_not_marked_noindex(client):
    assertNotContains(client.get(detail_url(CaseStudyFactory())), "noindex")


# --- theme and authority pages ----------------------------------------------------------


def test_theme_page_lists_its_published_case_studies_anonymised_ones_by_label(client):
    theme = Theme.objects.get(slug="leading-change")
    named = CaseStudyFactory(themes=[theme], title="Named one")
    hidden = CaseStudyFactory(
        themes=[theme],
        title="Anonymous one",
        is_anonymised=True,
        authority=AuthorityFactory(
            name="Secretshire", type=Authority.Type.LONDON_BOROUGH, region="London"
        ),
    )
    AuthorityFactory(type=Authority.Type.LONDON_BOROUGH, region="London")
    CaseStudyFactory(themes=[theme], title="Draft one", state=CaseStudy.State.DRAFT)
    CaseStudyFactory(title="Not in this theme")

    content = client.get(
        reverse("instrument:theme_detail", args=["leading-change"])
    ).content.decode()

    assert f'href="{detail_url(named)}">Named one</a>' in content
    assert f'href="{detail_url(hidden)}">Anonymous one</a>' in content
    assert "A London borough in London" in content
    assert "Secretshire" not in content
    assert "Draft one" not in content and "Not in this theme" not in content
    assert (
        'href="/case-studies/?theme=leading-change">All case studies about leading change</a>'
        in content
    )


def test_authority_page_lists_its_named_case_studies_only(client):
    authority = AuthorityFactory(name="Camden")
    named = CaseStudyFactory(authority=authority, title="Named one")
    CaseStudyFactory(authority=authority, title="Anonymous one", is_anonymised=True)
    CaseStudyFactory(authority=authority, title="Draft one", state=CaseStudy.State.DRAFT)

    content = client.get(authority.get_absolute_url()).content.decode()

    assert f'href="{detail_url(named)}">Named one</a>' in content
    assert "Anonymous one" not in content
    assert "Draft one" not in content


def test_authority_without_case_studies_has_no_case_study_section(client):
    content = client.get(AuthorityFactory().get_absolute_url()).content.decode()
    assert '<h2 class="govuk-heading-l">Case studies</h2>' not in content


# --- query budgets ----------------------------------------------------------------------


def many_case_studies(size):
    """`size` published case studies with every relation set, quickly."""
    authorities = AuthorityFactory.create_batch(5)
    themes = list(Theme.objects.all()[:3])
    partner_type = PartnerTypeFactory()
    approaches = list(Approach.objects.all()[:2])
    national = list(NationalMission.objects.all()[:2])
    now = timezone.now()
    case_studies = CaseStudy.objects.bulk_create(
        CaseStudy(
            title=f"Bulk case study {i}",
            slug=f"bulk-{i}",
            summary="A mission summary.",
            body="Body text about the mission.",
            authority=authorities[i % 5] if i % 7 else None,
            place_name="" if i % 7 else "Amsterdam",
            country="" if i % 7 else "Netherlands",
            is_anonymised=i % 3 == 0,
            state=CaseStudy.State.PUBLISHED,
            published_at=now - datetime.timedelta(minutes=i),
        )
        for i in range(size)
    )
    links = {
        "themes": ("theme_id", themes),
        "approaches": ("approach_id", approaches),
        "national_missions": ("nationalmission_id", national),
        "partner_types": ("partnertype_id", [partner_type]),
    }
    for relation, (column, targets) in links.items():
        through = getattr(CaseStudy, relation).through
        through.objects.bulk_create(
            through(casestudy_id=cs.pk, **{column: target.pk})
            for cs in case_studies
            for target in targets
        )
    CaseStudySourceFactory.create_batch(3, case_study=case_studies[0])
    # The budgets are for a warm cache: the authority peer counts behind anonymised labels are
    # one more query every ten minutes (test_anonymous_labels_cost_one_cached_query).
    anonymity.authority_peer_counts()
    return case_studies


@pytest.mark.parametrize("size", [10, 500])
def test_list_query_count_is_fixed(client, django_assert_max_num_queries, size):
    many_case_studies(size)
    params = {"theme": "leading-change", "nation": "England", "q": "mission"}
    # Checking the chosen theme, the count, four facets' options, the page, its themes.
    with django_assert_max_num_queries(8):
        response = client.get(LIST, params)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count > 0
    with django_assert_max_num_queries(7):
        assert client.get(LIST).status_code == 200


@pytest.mark.parametrize("size", [10, 500])
def test_detail_query_count_is_fixed(client, django_assert_max_num_queries, size):
    case_studies = many_case_studies(size)
    with django_assert_max_num_queries(8):
        response = client.get(detail_url(case_studies[0]))
    assert response.status_code == 200
    assert len(response.context["related"]) == 3


@pytest.mark.parametrize("size", [10, 500])
def test_theme_and_authority_page_query_counts_are_fixed(
    client, django_assert_max_num_queries, size
):
    case_studies = many_case_studies(size)
    theme = case_studies[0].themes.first()
    # + the round whose questions the theme page shows
    with django_assert_max_num_queries(5):
        assert client.get(theme.get_absolute_url()).status_code == 200
    authority = case_studies[1].authority
    with django_assert_max_num_queries(8):
        assert client.get(authority.get_absolute_url()).status_code == 200
