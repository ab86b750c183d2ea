"""The review buttons on a submission's admin page, clicked in Chromium by the real roles.

They once sat in a <form> nested inside the admin's change form: the browser dropped the inner
form, "Start review" saved the change form instead, and nothing moved. Posting to the review
URL directly could not see that; clicking can."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from common.roles import PROJECT_LEAD, RESEARCHER
from instrument.models import Round
from outbox.models import OutboxEmail
from submissions.models import Submission
from tests.factories import PASSWORD, AuthorityFactory, make_officer, make_staff
from tests.research.review_helpers import sent_submission

from .test_admin_accessibility import TABULAR_INLINE_FIELDS


@pytest.fixture
def submission(roles):
    """A sent submission from Testshire, which has one verified officer."""
    authority = AuthorityFactory(name="Testshire")
    make_officer(authority, "jo@testshire.gov.uk")
    a_round = Round.objects.create(
        title="Call for practice 2030",
        slug="cfp-2030",
        opens_on="2030-01-01",
        closes_on="2030-12-31",
    )
    return sent_submission(a_round, authority=authority)


def staff(group: str, username: str):
    user = make_staff(group, username, email=f"{username}@newlocal.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(page, user) -> None:
    """Through the sign-in form, as a person would (the tests' settings turn off the admin's
    second factor)."""
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text(f"You are signed in as {user.email}.").first).to_be_visible()


def open_submission(page, submission) -> None:
    page.goto("/admin/")
    page.get_by_role("link", name="Submissions", exact=True).first.click()
    page.get_by_role("link", name=str(submission.authority)).first.click()
    expect(page.locator("#content h1")).to_have_text("Change submission")


def status_shown(page):
    return page.locator(".field-status .readonly")


def test_a_researcher_starts_the_review_and_the_lead_accepts_by_clicking(
    page, browser, live_server, submission, assert_no_axe_violations
):
    researcher = staff(RESEARCHER, "rosa")
    lead = staff(PROJECT_LEAD, "lee")

    sign_in(page, researcher)
    open_submission(page, submission)
    expect(status_shown(page)).to_have_text("Submitted")
    assert_no_axe_violations(page, exclude=[TABULAR_INLINE_FIELDS])
    expect(page.get_by_role("button", name="Accept", exact=True)).to_have_count(
        0
    )  # the lead's to press
    page.get_by_label("Start review: comment (optional)").fill("Reading it this week.")
    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_text("Review started: Testshire.")).to_be_visible()
    expect(status_shown(page)).to_have_text("In review")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.IN_REVIEW
    assert submission.transitions.get().comment == "Reading it this week."

    as_lead = browser.new_context(base_url=live_server.url).new_page()
    sign_in(as_lead, lead)
    open_submission(as_lead, submission)
    expect(as_lead.get_by_text("Reading it this week.")).to_be_visible()  # in the history
    assert_no_axe_violations(as_lead, exclude=[TABULAR_INLINE_FIELDS])
    as_lead.get_by_role("button", name="Accept", exact=True).click()
    expect(as_lead.get_by_text("Accepted: Testshire.")).to_be_visible()
    expect(status_shown(as_lead)).to_have_text("Accepted")
    expect(as_lead.get_by_role("button", name="Accept", exact=True)).to_have_count(0)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED
    assert OutboxEmail.objects.get(key=f"submission:{submission.pk}:accepted").to == [
        "jo@testshire.gov.uk"
    ]
    as_lead.context.close()
