"""The public pages in a real browser: axe-core (WCAG 2.2 AA), keyboard use and the mobile menu."""

import importlib

import pytest
from django.apps import apps
from playwright.sync_api import expect

seed_migration = importlib.import_module("instrument.migrations.0004_second_person_questions")


@pytest.fixture(autouse=True)
def seeded_themes(transactional_db):
    """The themes as the data migration seeds them.

    Browser tests run against a live server, so the database is flushed after each one and
    the migration's rows are gone; seeding again (it is idempotent) puts them back.
    """
    seed_migration.seed(apps, schema_editor=None)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Mission-led local government"),
        ("/about/", "About the research"),
        ("/themes/", "Themes and questions"),
        ("/themes/leading-change/", "Leading change"),
        ("/privacy/", "Privacy notice"),
        ("/accessibility/", "Accessibility statement"),
        ("/no-such-page/", "Page not found"),
    ],
)
def test_page_has_no_axe_violations(page, assert_no_axe_violations, path, heading):
    page.goto(path)

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_no_axe_violations(page)


def test_home_lists_the_six_themes_linking_to_their_pages(page):
    page.goto("/")

    page.get_by_role("link", name="Measuring impact").click()

    expect(page).to_have_url("/themes/measuring-impact/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Measuring impact")
    # The article's wording as the research question, and the questions officers are asked.
    expect(
        page.get_by_text(
            "How are local areas developing approaches to accountability, learning and impact "
            "to support progress on missions?"
        )
    ).to_be_visible()
    expect(page.get_by_role("listitem")).to_contain_text(
        [
            "How is your area developing approaches to accountability, to support progress on missions?"
        ]
    )


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/about/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()

    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()
    # The next Tab stop is inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_mobile_menu_toggle_shows_and_hides_the_navigation(page):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/")

    toggle = page.get_by_role("button", name="Menu")
    themes_link = page.get_by_role("navigation", name="Menu").get_by_role("link", name="Themes")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(themes_link).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(themes_link).to_be_visible()

    toggle.click()
    expect(themes_link).to_be_hidden()

    # And by keyboard.
    toggle.focus()
    page.keyboard.press("Enter")
    expect(themes_link).to_be_visible()
    themes_link.click()
    expect(page).to_have_url("/themes/")


def test_on_a_phone_the_menu_is_drawn_closed_before_the_script_runs(browser, live_server):
    """No layout shift: the page looks the same before GOV.UK Frontend's script has set up the
    menu (its download stopped here) as after, so nothing moves when it runs."""
    tops = {}
    for script in ("stopped", "run"):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 375, "height": 812}
        )
        page = context.new_page()
        try:
            if script == "stopped":
                page.route("**/govuk-frontend.min*.js", lambda route: route.abort())
            page.goto("/")
            nav = page.get_by_role("navigation", name="Menu")
            expect(page.get_by_role("button", name="Menu")).to_be_visible()
            expect(nav.get_by_role("link", name="Themes")).to_be_hidden()
            initialised = page.locator(".govuk-service-navigation").get_attribute(
                "data-govuk-service-navigation-init"
            )
            assert (initialised is not None) == (script == "run")
            tops[script] = page.locator("main").bounding_box()["y"]
        finally:
            context.close()
    assert tops["stopped"] == tops["run"]


def test_navigation_shows_without_a_toggle_on_desktop(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Themes")
    ).to_be_visible()


def test_pages_work_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.set_viewport_size({"width": 375, "height": 812})
        page.goto("/")
        # Without JavaScript the menu is a plain list of links, not hidden behind a toggle.
        nav = page.get_by_role("navigation", name="Menu")
        expect(nav.get_by_role("link", name="Themes")).to_be_visible()
        nav.get_by_role("link", name="Themes").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Themes and questions")
    finally:
        context.close()
