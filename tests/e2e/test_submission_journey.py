"""The submission journey in Chromium: sign up, verify, choose the authority, fill in every
section watching the task list, check the answers, submit and see the reference."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from instrument.models import Round, Theme
from outbox.models import OutboxEmail
from submissions.models import Submission
from tests.accounts.conftest import code_in
from tests.factories import PASSWORD, AuthorityFactory, make_officer

EMAIL = "robin@testshire.gov.uk"


SEEDS = [
    ("councils.migrations.0002_seed", "seed"),
    # The partner types officers choose from on the mission page.
    ("councils.migrations.0004_partner_type_model", "seed"),
    # The themes, the first round and its questions as asked now.
    ("instrument.migrations.0004_second_person_questions", "seed"),
]


@pytest.fixture(autouse=True)
def seeded(transactional_db):
    """Browser tests flush the database after each test, taking the data migrations' rows
    with it: seed them again (each seed only creates what is missing), with the round open."""
    for module, function in SEEDS:
        getattr(importlib.import_module(module), function)(apps, None)
    today = timezone.localdate()
    Round.objects.filter(slug="call-for-practice-2026-27").update(
        opens_on=today - timedelta(days=30), closes_on=today + timedelta(days=300)
    )


def status_of(page, number: int):
    return page.locator(f"#task-{number}-status")


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue").click()


def test_an_officer_completes_and_submits_the_questionnaire(page, assert_no_axe_violations):
    AuthorityFactory(name="Testshire", email_domains="testshire.gov.uk")
    themes = list(Theme.objects.with_questions())
    assert len(themes) == 6

    # Sign up and verify with the emailed code.
    page.goto("/accounts/signup/")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    [email] = [m for m in mail.outbox if EMAIL in m.to]
    page.get_by_label("Code").fill(code_in(email.body))
    page.get_by_role("button", name="Continue").click()

    # Choose the authority: the email domain verifies the officer straight away.
    page.goto("/my/")
    page.get_by_role("link", name="Choose your authority").click()
    page.get_by_label("Search for your council or strategic authority").fill("Testshire")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Testshire").check()
    page.get_by_label("What is your job title or role?").fill("Head of policy")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You are now a verified officer of Testshire.")).to_be_visible()

    page.get_by_role("button", name="Start your submission").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your submission to")
    expect(page.get_by_text("You have completed 0 of 11 sections.")).to_be_visible()
    for number in range(1, 11):
        expect(status_of(page, number)).to_have_text("Not started")
    assert_no_axe_violations(page)

    # 1. About: saved part-way first, then completed.
    page.get_by_role("link", name="About your authority and approach").click()
    page.get_by_label("Partly: alongside complementary ideas and traditions").check()
    page.get_by_role("button", name="Save and come back later").click()
    expect(status_of(page, 1)).to_have_text("In progress")
    expect(page.get_by_text(f"Last changed by {EMAIL} on")).to_be_visible()
    page.get_by_role("link", name="About your authority and approach").click()
    expect(
        page.get_by_label("Partly: alongside complementary ideas and traditions")
    ).to_be_checked()
    page.get_by_label("Place-based strategy").check()
    page.get_by_label("Anchor institutions").check()
    page.get_by_label("Who leads this work in your authority?").fill(
        "The chief executive, with the cabinet member for communities."
    )
    save_and_continue(page)

    # 2. Missions: add one with two partners, one at a time, without leaving the mission.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your missions")
    page.get_by_role("button", name="Add a mission").click()
    page.get_by_label("Name of the mission").fill("No child goes hungry")
    page.get_by_label("Mission statement").fill("By 2030 no child in Testshire goes hungry.")
    page.get_by_label("Target year (optional)").fill("2030")
    page.get_by_label("Delivering").check()
    page.get_by_label("Challenge it addresses (optional)").fill("Food poverty")
    page.get_by_label("Break down barriers to opportunity").check()
    page.get_by_label("Partner’s name").fill("Testshire Food Bank")
    page.get_by_label("VCSE organisation").check()
    page.get_by_role("button", name="Save and add this partner").click()
    expect(page.get_by_text("Testshire Food Bank has been added as a partner.")).to_be_visible()
    page.get_by_label("Partner’s name").fill("Testshire Primary Schools Network")
    page.get_by_label("Public sector body").check()
    page.get_by_label("What the partner does in this mission (optional)").fill("Breakfast clubs")
    page.get_by_role("button", name="Save mission").click()
    expect(page.get_by_role("heading", name="No child goes hungry")).to_be_visible()
    expect(
        page.get_by_text("Testshire Primary Schools Network (Public sector body)")
    ).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save and come back later").click()
    # Coming back later to a section that is all there still completes it.
    expect(page.get_by_text("You have completed 2 of 11 sections.")).to_be_visible()
    expect(status_of(page, 1)).to_have_text("Completed")
    expect(status_of(page, 2)).to_have_text("Completed")
    page.get_by_role("link", name="Your missions").click()
    save_and_continue(page)

    # 3–8. One page per theme; one answer too long first, to see the error and fix it.
    for index, theme in enumerate(themes):
        expect(page.get_by_role("heading", level=1)).to_have_text(theme.title)
        answers = page.locator("textarea[name^='answer_']")
        expect(answers).to_have_count(len(theme.questions.all()))
        for n in range(answers.count()):
            answers.nth(n).fill(f"In {theme.title.lower()}, we learned lesson {n + 1}.")
        page.get_by_label("What has worked?").fill("Listening to residents first.")
        if index == 0:
            answers.first.fill("x" * 10_001)
            save_and_continue(page)
            expect(page).to_have_title(re.compile(r"^Error: "))
            summary = page.locator(".govuk-error-summary")
            expect(summary).to_be_focused()
            expect(summary).to_contain_text("must be 10,000 characters or fewer")
            expect(answers.first).to_have_value("x" * 10_001)
            assert_no_axe_violations(page)
            answers.first.fill("We started with a citizens' assembly.")
        save_and_continue(page)

    # 9. Learning and enablers: optional; one question marked "Not yet / not applicable".
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning and enablers (optional)")
    answers = page.locator("textarea[name^='answer_']")
    for n in range(answers.count() - 1):
        answers.nth(n).fill(f"We learned from Bogotá's Care Blocks ({n + 1}).")
    page.get_by_label("Not yet / not applicable").last.check()
    assert_no_axe_violations(page)
    save_and_continue(page)

    # 10. National government: optional, completed even when left empty.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The role of national government (optional)"
    )
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_text("You have completed 9 of 11 sections.")).to_be_visible()
    for number in range(1, 10):
        expect(status_of(page, number)).to_have_text("Completed")
    expect(status_of(page, 10)).to_have_text("Not started")
    page.get_by_role("link", name="The role of national government (optional)").click()
    save_and_continue(page)

    # 11. Consent.
    page.get_by_label("Publish as a named case study").check()
    page.get_by_role("group", name="May we contact you to follow up on your answers?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("I have read the privacy notice").check()
    save_and_continue(page)

    # Check your answers.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before you submit"
    )
    expect(page.get_by_text("We started with a citizens' assembly.")).to_be_visible()
    expect(page.get_by_text("No outcomes added.")).to_be_visible()
    # The mission's outcomes have a Change link of their own: add one, with an indicator.
    page.get_by_role("link", name="Change outcomes and indicators of No child goes hungry").click()
    page.get_by_role("link", name="Add an outcome").click()
    page.get_by_label("What change does the mission seek?").fill("Fewer hungry children")
    page.get_by_role("button", name="Save outcome").click()
    page.get_by_role("link", name="Add an indicator to Fewer hungry children").click()
    page.get_by_label("Name of the indicator").fill("Children eligible for free school meals")
    page.get_by_label("Unit (optional)").fill("%")
    for what, value, day, month, year in (
        ("baseline", "21", "1", "4", "2023"),
        ("target", "10", "31", "3", "2030"),
    ):
        page.get_by_label(f"{what.title()} value (optional)").fill(value)
        date = page.get_by_role("group", name=f"Date of the {what} (optional)")
        for label, part in (("Day", day), ("Month", month), ("Year", year)):
            date.get_by_label(label).fill(part)
    page.get_by_role("button", name="Save indicator").click()
    page.get_by_role("button", name="Save mission").click()
    save_and_continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before you submit"
    )
    expect(page.get_by_text("Outcome: Fewer hungry children")).to_be_visible()
    indicator = page.get_by_role("table", name="Indicator: Children eligible for free school meals")
    expect(indicator).to_contain_text("21%")
    expect(indicator).to_contain_text("No readings yet.")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_text("You have completed 11 of 11 sections.")).to_be_visible()
    for number in range(1, 12):
        expect(status_of(page, number)).to_have_text("Completed")
    page.get_by_role("button", name="Check your answers").click()

    page.get_by_label(
        "I confirm that the information is accurate and that I am authorised to submit it"
    ).check()
    page.get_by_role("button", name="Submit").click()

    submission = Submission.objects.get()
    panel = page.locator(".govuk-panel--confirmation")
    expect(panel).to_contain_text("Submission complete")
    expect(panel).to_contain_text(submission.reference)
    assert submission.status == Submission.Status.SUBMITTED
    assert OutboxEmail.objects.filter(key=f"submission:{submission.pk}:lead").exists()
    assert_no_axe_violations(page)

    # The answers are now read-only.
    page.goto("/my/submission/about/")
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.get_by_text("has already submitted its answers")).to_be_visible()


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text(f"You are signed in as {email}.").first).to_be_visible()


def test_two_officers_saving_the_same_section_see_both_answers(
    page, browser, live_server, assert_no_axe_violations
):
    authority = AuthorityFactory(name="Testshire", email_domains="testshire.gov.uk")
    for email in ("jo@testshire.gov.uk", "alex@testshire.gov.uk"):
        make_officer(authority, email, role="Officer")
    other = browser.new_context(base_url=live_server.url).new_page()
    sign_in(page, "jo@testshire.gov.uk")
    sign_in(other, "alex@testshire.gov.uk")

    page.goto("/my/")
    assert_no_axe_violations(page)
    for officer_page in (page, other):
        officer_page.goto("/my/submission/national-government/")
    label = "What role should national government play"
    page.get_by_label(label).fill("Jo: give us longer-term funding.")
    save_and_continue(page)
    other.get_by_label(label).fill("Alex: devolve more powers.")
    save_and_continue(other)

    expect(other).to_have_title(re.compile(r"^Error: "))
    expect(other.locator(".govuk-error-summary")).to_contain_text(
        "Someone else saved this section while you were editing it"
    )
    expect(other.locator(".app-their-answer")).to_contain_text("Jo: give us longer-term funding.")
    expect(other.get_by_label(label)).to_have_value("Alex: devolve more powers.")
    assert_no_axe_violations(other)

    save_and_continue(other)
    expect(other.get_by_role("heading", level=1)).to_have_text("How we can use your answers")
    assert Submission.objects.get().national_government == "Alex: devolve more powers."

    # The mission pages, and a removal asked about with an error, are accessible too.
    page.goto("/my/submission/missions/add/")
    page.get_by_role("button", name="Save and add this partner").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name of the mission")
    # No stage is chosen for the officer (GOV.UK: no radio option pre-selected).
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the stage the mission is at"
    )
    assert_no_axe_violations(page)
    page.get_by_label("Name of the mission").fill("Net zero by 2040")
    page.get_by_label("Exploring").check()
    page.get_by_role("button", name="Save mission").click()
    page.get_by_role("link", name="Remove Net zero by 2040").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    other.context.close()
