from playwright.sync_api import expect


def test_home_page_renders_with_styles_and_no_axe_violations(page, assert_no_axe_violations):
    page.goto("/")
    assert page.locator("link[rel=stylesheet]").count() == 1
    assert_no_axe_violations(page)


def test_layout_uses_the_system_font_and_the_projects_own_name(page):
    page.goto("/")

    # GOV.UK Frontend sets the font on its typography classes, not on <body>.
    font = page.locator("h1").evaluate("el => getComputedStyle(el).fontFamily")
    assert "system-ui" in font
    assert "Transport" not in font
    # The stylesheet loaded: GOV.UK Frontend's service navigation is styled, not a bare list.
    service_name = page.locator(".govuk-service-navigation__service-name")
    assert service_name.inner_text() == "Mission-led local government"
    weight = service_name.evaluate("el => getComputedStyle(el).fontWeight")
    assert weight == "700"
    assert page.locator(".govuk-header").count() == 0


def test_govuk_frontend_javascript_initialises(page):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/")

    body_class = page.evaluate("document.body.className")
    assert "js-enabled" in body_class
    assert "govuk-frontend-supported" in body_class
    # initAll() ran: on a narrow screen the service navigation's toggle is wired up.
    expect(page.locator(".govuk-service-navigation__toggle")).to_have_attribute(
        "aria-expanded", "false"
    )
