"""An officer finds and chooses their authority in the browser, with no JavaScript needed."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from councils.models import Authority, Membership
from tests.factories import AuthorityFactory, make_person


@pytest.fixture
def sign_in(sign_in_browser):
    """Sign a new verified user in, in the browser."""

    def sign_in(email):
        user = make_person(email)
        sign_in_browser(user)
        return user

    return sign_in


@pytest.fixture
def register(db):
    AuthorityFactory(
        name="Camden",
        official_name="London Borough of Camden",
        type=Authority.Type.LONDON_BOROUGH,
        region="London",
        email_domains="camden.gov.uk",
    )
    AuthorityFactory(name="Camberwick", official_name="Camberwick District Council")
    AuthorityFactory(name="Camden Old", is_current=False)


def test_search_choose_with_errors_and_get_verified_by_domain(
    page, sign_in, register, assert_no_axe_violations
):
    user = sign_in("jo.bloggs@camden.gov.uk")

    page.goto("/my/authority/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your authority")
    assert_no_axe_violations(page)

    page.get_by_label("Search for your council or strategic authority").fill("atlantis")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="No authorities match “atlantis”")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Search for your council or strategic authority").fill("cam")
    page.keyboard.press("Enter")
    radios = page.get_by_role("group", name="Select your authority")
    expect(radios.get_by_role("radio")).to_have_count(2)  # not the abolished one
    expect(page.get_by_text("London borough, London")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(
        f"Error: Search results for “cam”: Choose your authority – {settings.SITE_NAME}"
    )
    assert_no_axe_violations(page)
    summary.get_by_role("link", name="Select your council or strategic authority").click()
    expect(radios.get_by_role("radio").first).to_be_focused()

    page.get_by_label("Camden").check()
    page.get_by_label("What is your job title or role?").fill("Head of Policy")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(r"/my/$"))
    membership = Membership.objects.get(user=user)
    assert membership.state == Membership.State.VERIFIED

    page.goto("/my/authority/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your authority")
    expect(page.locator("main .govuk-tag")).to_have_text("Verified")
    expect(page.get_by_text("Head of Policy")).to_be_visible()
    assert_no_axe_violations(page)


def test_an_officer_at_another_domain_waits_for_approval(page, sign_in, register):
    user = sign_in("jo@gmail.example")

    page.goto("/my/authority/?q=camden")
    page.get_by_label("Camden").check()
    page.get_by_label("What is your job title or role?").fill("Analyst")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(r"/my/$"))
    assert Membership.objects.get(user=user).state == Membership.State.PENDING
    page.goto("/my/authority/")
    expect(page.locator(".govuk-inset-text")).to_contain_text("This is waiting for approval")


def test_autocomplete_suggests_authorities_and_choosing_one_runs_the_search(
    page, sign_in, register, assert_no_axe_violations
):
    """With JavaScript, the search box suggests current authorities as you type; choosing one
    by keyboard shows it ready to select, as the plain search would."""
    sign_in("jo.bloggs@camden.gov.uk")
    page.goto("/my/authority/")
    box = page.get_by_role("combobox", name="Search for your council or strategic authority")
    box.fill("Camd")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option", name="Camden", exact=True)).to_be_visible()
    # The abolished authority is never suggested.
    expect(listbox.get_by_role("option", name="Camden Old")).to_have_count(0)
    assert_no_axe_violations(page)

    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=Camden"))
    expect(page.get_by_role("radio", name="Camden")).to_be_visible()
    assert_no_axe_violations(page)
