"""An officer invites a colleague who has no account yet: the colleague follows the emailed
link, creates an account, confirms their address with the emailed code, and joins the
inviter's authority verified, without waiting for a researcher. By clicking, in two browsers."""

import re

import pytest
from playwright.sync_api import expect

from councils.models import Invitation, Membership
from tests.factories import PASSWORD, AuthorityFactory, make_officer

from .journey import Mailbox, Person, sign_in

# Not the authority's email domain: only the invitation can make Sam a verified officer.
SAM = "sam@testshire-partners.example"


@pytest.fixture
def jo(transactional_db):
    testshire = AuthorityFactory(name="Testshire", email_domains="testshire.gov.uk")
    return make_officer(testshire, "jo@testshire.gov.uk")


def test_a_colleague_without_an_account_signs_up_from_the_invitation_and_joins_verified(
    jo, browser, live_server, assert_no_axe_violations
):
    axe = assert_no_axe_violations
    mailbox = Mailbox()
    windows = [browser.new_context(base_url=live_server.url) for _ in range(2)]
    try:
        inviter = Person(jo.email, windows[0].new_page())
        sam = Person(SAM, windows[1].new_page())
        invite(inviter, axe)
        sign_up_from_the_invitation(sam, mailbox, axe)
        join(sam, axe)
    finally:
        for window in windows:
            window.close()

    membership = Membership.objects.get(user__email=SAM)
    assert membership.authority.name == "Testshire"
    assert membership.state == Membership.State.VERIFIED
    assert membership.decided_by == jo
    assert Invitation.objects.get().used_by == membership.user
    mailbox.assert_all_read()


def invite(jo, axe):
    page = jo.page
    sign_in(jo)
    page.goto("/my/")
    axe(page)
    # A slip first: the address typed stays, with the error beside it.
    page.get_by_label("Your colleague’s email address").fill("sam@testshire")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite a colleague")
    expect(page.locator(".govuk-error-summary")).to_contain_text("correct format")
    expect(page.get_by_label("Your colleague’s email address")).to_have_value("sam@testshire")
    axe(page)
    page.get_by_label("Your colleague’s email address").fill(SAM)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text(f"We have emailed an invitation to {SAM}.")).to_be_visible()
    axe(page)


def sign_up_from_the_invitation(sam, mailbox, axe):
    page = sam.page
    invitation = mailbox.take(SAM, "")
    assert "Testshire" in invitation.body
    [link] = [path for path in invitation.links if "/invitations/" in path]

    # Not signed in: the link asks them to sign in, or to create an account.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    axe(page)
    page.get_by_role("link", name="create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    axe(page)
    page.get_by_label("Email address").fill(SAM)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    axe(page)
    page.get_by_label("Code").fill(mailbox.take(SAM, "").code)
    page.get_by_role("button", name="Continue").click()


def join(sam, axe):
    page = sam.page
    # Back at the invitation, signed in, with the invited address confirmed.
    expect(page.get_by_text(f"Your email address {SAM} is confirmed.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Testshire")
    # Nothing of the templates' own comments shows on the page.
    expect(page.locator("main")).not_to_contain_text("{#")
    axe(page)
    page.get_by_role("button", name="Join Testshire").click()  # no role yet: a mistake
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    axe(page)
    page.get_by_label(re.compile("job title or role", re.I)).fill("Partnerships lead")
    page.get_by_role("button", name="Join Testshire").click()

    expect(page).to_have_url(re.compile(r"/my/$"))
    expect(page.get_by_text("You are now a verified officer of Testshire.")).to_be_visible()
    axe(page)
    page.goto("/my/authority/")
    expect(page.locator("main .govuk-tag")).to_have_text("Verified")
    expect(page.get_by_text("Partnerships lead")).to_be_visible()
    axe(page)
