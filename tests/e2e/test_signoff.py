"""An officer signs off a draft case study about their authority, in the browser."""

import re

import pytest
from playwright.sync_api import expect

from casestudies.models import CaseStudy
from casestudies.services import case_study_request_signoff
from tests.casestudies.editorial_data import camden
from tests.factories import CaseStudyFactory, UserFactory, make_officer


@pytest.fixture
def requested(db):
    authority = camden()
    officer = make_officer(authority, "ana@camden.gov.uk")
    case_study = CaseStudyFactory(
        authority=authority,
        state=CaseStudy.State.IN_REVIEW,
        published_at=None,
        title="Camden’s food mission",
        summary="Everyone in Camden eats well every day by 2030.",
        body="## How it started\n\nWith **residents** and community food groups.",
    )
    case_study_request_signoff(case_study=case_study, by=UserFactory(is_staff=True))
    return officer, case_study


def test_officer_asks_for_changes_after_fixing_an_error(
    page, sign_in_browser, requested, assert_no_axe_violations
):
    officer, case_study = requested
    sign_in_browser(officer)

    page.goto("/my/case-studies/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Case studies to sign off")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Camden’s food mission").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the draft case study")
    expect(page.get_by_role("heading", name="How it started")).to_be_visible()
    assert_no_axe_violations(page)

    # Ask for changes without saying what: the error summary takes focus.
    page.get_by_label("Ask for changes").check()
    page.get_by_role("button", name="Send your answer").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Ask for changes")).to_be_checked()
    assert_no_axe_violations(page)
    summary.get_by_role("link", name="Enter what needs to change").click()
    comment = page.get_by_label("Your comments")
    expect(comment).to_be_focused()

    comment.fill("The mission started in 2022, not 2021.")
    page.get_by_role("button", name="Send your answer").click()

    expect(page).to_have_url(re.compile(r"/my/case-studies/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You asked for changes to “Camden’s food mission”"
    )
    assert_no_axe_violations(page)
    case_study.refresh_from_db()
    assert case_study.signoff == CaseStudy.SignOff.CHANGES_REQUESTED
    assert case_study.signoff_comment == "The mission started in 2022, not 2021."
    assert case_study.signoff_by == officer


def test_officer_approves_without_javascript(browser, live_server, sign_in_browser, requested):
    officer, case_study = requested
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in_browser(officer, target=page)
        page.goto(f"/my/case-studies/{case_study.pk}/")
        page.get_by_label("Approve for publication").check()
        page.get_by_role("button", name="Send your answer").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "You approved “Camden’s food mission” for publication"
        )
    finally:
        context.close()
    case_study.refresh_from_db()
    assert case_study.signoff == CaseStudy.SignOff.APPROVED
