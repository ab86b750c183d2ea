def test_home_page_renders_with_styles_and_no_axe_violations(page, assert_no_axe_violations):
    page.goto("/")
    assert page.locator("link[rel=stylesheet]").count() == 1
    assert_no_axe_violations(page)
