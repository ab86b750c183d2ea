import re
from decimal import Decimal

from django.urls import reverse
from playwright.sync_api import expect

from councils.models import Approach, Authority
from instrument.models import Theme
from tests.factories import AuthorityFactory, CaseStudyFactory, CaseStudySourceFactory


def make_case_studies():
    # Browser tests run in a database flushed between tests, so seeded rows may be gone.
    leading, _ = Theme.objects.get_or_create(
        slug="leading-change", defaults={"title": "Leading change", "order": 3}
    )
    impact, _ = Theme.objects.get_or_create(
        slug="measuring-impact", defaults={"title": "Measuring impact", "order": 6}
    )
    approach, _ = Approach.objects.get_or_create(
        slug="place-based-strategy", defaults={"name": "Place-based strategy"}
    )
    cardiff = AuthorityFactory(
        name="Cardiff",
        nation=Authority.Nation.WALES,
        region="Wales",
        type=Authority.Type.WELSH,
        latitude=Decimal("51.48"),
        longitude=Decimal("-3.18"),
    )
    camden = AuthorityFactory(
        name="Camden",
        region="London",
        type=Authority.Type.LONDON_BOROUGH,
        latitude=Decimal("51.53"),
        longitude=Decimal("-0.13"),
    )
    allotments = CaseStudyFactory(
        title="Allotments for every street",
        summary="Cardiff's mission to grow food together.",
        body="## How it started\n\nResidents asked for land.",
        what_worked="Working with **community groups**.",
        authority=cardiff,
        themes=[leading, impact],
        approaches=[approach],
    )
    CaseStudySourceFactory(case_study=allotments, title="Cardiff food plan")
    CaseStudyFactory(
        title="Warm homes in Wales",
        body="Insulation, and allotments on the side.",
        authority=cardiff,
        themes=[leading],
    )
    CaseStudyFactory(title="Camden food mission", authority=camden, themes=[leading])
    CaseStudyFactory(title="Measuring Welsh progress", authority=cardiff, themes=[impact])
    CaseStudyFactory(
        title="Anonymous borough", authority=camden, is_anonymised=True, themes=[leading]
    )
    CaseStudyFactory(
        title="Amsterdam food strategy",
        authority=None,
        place_name="Amsterdam",
        country="Netherlands",
    )


def test_filter_search_open_and_follow_a_theme_back(page, assert_no_axe_violations):
    make_case_studies()

    page.goto("/case-studies/")
    expect(page.get_by_role("heading", name="6 case studies")).to_be_visible()

    # Two facets: a theme (open by default) and a nation (inside its closed section).
    page.get_by_role("checkbox", name="Leading change").check()
    page.locator("summary").filter(has_text=re.compile(r"^Nation$")).click()
    page.get_by_role("checkbox", name="Wales").check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"theme=leading-change"))
    expect(page).to_have_url(re.compile(r"nation=Wales"))
    expect(page.get_by_role("heading", name="2 case studies")).to_be_visible()
    expect(page.get_by_role("link", name="Remove filter Theme: Leading change")).to_be_visible()
    expect(page.get_by_role("link", name="Remove filter Nation: Wales")).to_be_visible()
    expect(page.get_by_role("link", name="Camden food mission")).to_have_count(0)
    assert_no_axe_violations(page)

    # Search within the filters: the title match comes before the body match.
    page.get_by_label("Search case studies").fill("allotments")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=allotments"))
    expect(page.get_by_role("heading", name="2 case studies")).to_be_visible()
    results = page.locator(".app-results h3 a")
    expect(results).to_have_text(["Allotments for every street", "Warm homes in Wales"])
    expect(page.get_by_label("Sort by")).to_have_value("relevance")
    assert_no_axe_violations(page)

    # Removing a tag keeps the rest.
    page.get_by_role("link", name="Remove filter Nation: Wales").click()
    expect(page).to_have_url(re.compile(r"theme=leading-change"))
    expect(page).not_to_have_url(re.compile(r"nation="))
    expect(page.get_by_label("Search case studies")).to_have_value("allotments")

    page.get_by_role("link", name="Allotments for every street").click()
    expect(page.get_by_role("heading", level=1, name="Allotments for every street")).to_be_visible()
    expect(page.get_by_role("heading", name="How to cite this case study")).to_be_visible()
    expect(page.get_by_role("link", name="Cardiff").first).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Measuring impact").click()
    expect(page).to_have_url(re.compile(r"/case-studies/\?theme=measuring-impact$"))
    expect(page.get_by_role("checkbox", name="Measuring impact")).to_be_checked()
    expect(page.get_by_role("heading", name="2 case studies")).to_be_visible()


def test_map_page_is_accessible_and_its_links_work_by_keyboard(page, assert_no_axe_violations):
    make_case_studies()
    AuthorityFactory.create_batch(5, latitude=Decimal("54.5"), longitude=Decimal("-2.5"))

    page.goto("/case-studies/map/")
    expect(
        page.get_by_role("heading", level=1, name="Map of participating authorities")
    ).to_be_visible()
    cardiff = page.get_by_role("link", name="Cardiff: 3 case studies")
    expect(cardiff).to_have_count(1)
    expect(page.get_by_role("heading", name="Outside the UK")).to_be_visible()
    expect(page.get_by_text("Anonymous borough")).to_have_count(0)
    assert_no_axe_violations(page)

    cardiff.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/case-studies/\?authority="))
    expect(page.get_by_role("heading", name="3 case studies")).to_be_visible()
    expect(page.get_by_role("link", name="Remove filter Authority: Cardiff")).to_be_visible()


def test_filters_and_search_work_without_javascript(browser, live_server):
    make_case_studies()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/case-studies/")
        page.locator("summary").filter(has_text=re.compile(r"^UK or international$")).click()
        page.get_by_role("checkbox", name="Outside the UK").check()
        page.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(re.compile(r"location=international"))
        expect(page.get_by_role("heading", name="1 case study")).to_be_visible()
        expect(page.get_by_role("link", name="Amsterdam food strategy")).to_be_visible()

        page.get_by_role("link", name="Remove filter UK or international: Outside the UK").click()
        page.get_by_label("Search case studies").fill("food")
        page.get_by_role("button", name="Search", exact=True).click()
        expect(page).to_have_url(re.compile(r"q=food"))
        page.get_by_label("Sort by").select_option("newest")
        page.get_by_role("button", name="Sort").click()
        expect(page).to_have_url(re.compile(r"sort=newest"))
        expect(page.get_by_label("Sort by")).to_have_value("newest")
    finally:
        context.close()


def test_a_retitled_case_study_is_found_at_its_old_address(
    browser, live_server, roles, lead, sign_in_browser, assert_no_axe_violations
):
    """The project lead retitles a published case study in the admin; a visitor with the old
    address (a bookmark, a link elsewhere) lands on the new one."""
    case_study = CaseStudyFactory(
        title="Care blocks",
        slug="care-blocks",
        authority=None,
        place_name="Bogotá",
        country="Colombia",
    )
    contexts = [browser.new_context(base_url=live_server.url) for _ in range(2)]
    visitor, staff = (context.new_page() for context in contexts)
    try:
        visitor.goto("/case-studies/care-blocks/")
        expect(visitor.get_by_role("heading", level=1)).to_have_text("Care blocks")

        sign_in_browser(lead, staff)
        staff.goto(reverse("admin:casestudies_casestudy_change", args=[case_study.pk]))
        expect(staff.get_by_text("/case-studies/care-blocks/ (follows the title")).to_be_visible()
        staff.get_by_label("Title:").fill("Bogotá’s care blocks")
        staff.get_by_role("button", name="Save", exact=True).click()
        expect(staff.locator(".messagelist")).to_contain_text("was changed successfully")

        visitor.goto("/case-studies/care-blocks/")
        expect(visitor).to_have_url(re.compile(r"/case-studies/bogotas-care-blocks/$"))
        expect(visitor.get_by_role("heading", level=1)).to_have_text("Bogotá’s care blocks")
        assert_no_axe_violations(visitor)
    finally:
        for context in contexts:
            context.close()
