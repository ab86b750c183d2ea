"""The whole loop in Chromium, by clicking what each person clicks.

The public finds a case study and writes to the project lead; two officers of one authority
sign up, join, fill in and submit; researchers review, ask for a change, code (double-coded,
blind), compare, read the agreement and export; the lead accepts, drafts a case study, asks
the authority to sign it off and publishes it; the public finds it. axe checks every page on
the way, error states included, and every email the journey causes is read and its links
followed. Setup only creates what an administrator would: the register's authority, the open
round, the staff with their authenticator apps and one case study already published.

It runs twice: "eager", with Celery sending email in the web process (SQLite in `make test`),
and "real-stack", with a real Celery worker sending the outbox through Redis to an SMTP sink
(PostgreSQL and Redis, as `.ci/run` sets them; skipped with a one-line reason without them)."""

import importlib
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import expect

from casestudies.models import CaseStudy
from common.roles import PROJECT_LEAD, RESEARCHER
from instrument.models import Round, Theme
from submissions.models import Submission
from tests.factories import PASSWORD, AuthorityFactory, CaseStudyFactory

from .journey import (
    Mailbox,
    Person,
    admin_action,
    sign_in,
    sign_out,
    smtp_mailbox,
    staff_with_authenticator,
)
from .test_admin_accessibility import SELECT2, TABULAR_INLINE_FIELDS

SEEDS = [
    ("councils.migrations.0002_seed", "seed"),
    # The partner types officers choose from on the mission page.
    ("councils.migrations.0004_partner_type_model", "seed"),
    ("instrument.migrations.0004_second_person_questions", "seed"),
]
LEAD_INBOX = django_settings.PROJECT_LEAD_EMAIL
JO = "jo@testshire.gov.uk"  # joins by the authority's email domain
SAM = "sam@testshire-partners.example"  # joins with a researcher's approval
TOO_LONG = "x" * 10_001


@pytest.fixture
def world(transactional_db, roles, settings):
    """What exists before anyone clicks: the register (seeded), an open round, Testshire, the
    research team with authenticator apps, and one published case study."""
    settings.ADMIN_REQUIRES_SECOND_FACTOR = True
    for module, function in SEEDS:
        getattr(importlib.import_module(module), function)(apps, None)
    today = timezone.localdate()
    Round.objects.filter(slug="call-for-practice-2026-27").update(
        opens_on=today - timedelta(days=30), closes_on=today + timedelta(days=300)
    )
    testshire = AuthorityFactory(name="Testshire", email_domains="testshire.gov.uk")
    leading = Theme.objects.get(slug="leading-change")
    CaseStudyFactory(
        title="Allotments for every street",
        summary="Cardiff's mission to grow food together.",
        body="## How it started\n\nResidents asked for land.",
        authority=AuthorityFactory(name="Cardiff"),
        themes=[leading],
    )
    return {
        "testshire": testshire,
        "rosa": staff_with_authenticator(RESEARCHER, "rosa", "Rosa", "JBSWY3DPEHPK3PXP"),
        "bo": staff_with_authenticator(RESEARCHER, "bo", "Bo", "KRSXG5CTMVRXEZLU"),
        "lee": staff_with_authenticator(PROJECT_LEAD, "lee", "Lee", "MFRGGZDFMZTWQ2LK"),
    }


@pytest.fixture(params=["eager", "real-stack"])
def mailbox(request, transactional_db):
    """Where the journey's email arrives. Real stack: this process publishes to Redis, the worker
    (tests/integration/fixtures.py) reads the live server's database and sends to the sink."""
    if request.param == "eager":
        return Mailbox()
    request.getfixturevalue("outbox_stack")
    return smtp_mailbox(request.getfixturevalue("smtp_sink"))


def test_the_whole_loop(mailbox, world, browser, live_server, assert_no_axe_violations):
    axe = assert_no_axe_violations

    contexts = []

    def window():
        context = browser.new_context(base_url=live_server.url, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    try:
        walk(world, window, mailbox, axe)
    finally:
        for context in contexts:
            context.close()


def walk(world, window, mailbox, axe):

    public = window()
    jo = Person(JO, window())
    sam = Person(SAM, window())
    rosa = Person(world["rosa"].email, window(), secret="JBSWY3DPEHPK3PXP")
    bo = Person(world["bo"].email, window(), secret="KRSXG5CTMVRXEZLU")
    lee = Person(world["lee"].email, window(), secret="MFRGGZDFMZTWQ2LK")

    to_lead = public_finds_a_case_study_and_writes(public, mailbox, axe)
    mailbox.assert_all_read()

    sign_up(jo, mailbox, axe)
    sign_up(sam, mailbox, axe)
    join(jo, axe, verified=True)
    join(sam, axe, verified=False)
    sign_in(rosa, totp=True, check=axe)
    # The project lead's inbox heard from the public first; its link opens in a researcher's
    # window (the lead signs in only at the end).
    follow_links(rosa.page, to_lead, axe, expect_some=True)
    approve_membership(rosa, sam, mailbox, axe)
    mailbox.assert_all_read()

    fill_in_and_submit(jo, sam, rosa, mailbox, axe)
    mailbox.assert_all_read()

    submission = Submission.objects.get()
    review_and_ask_for_a_change(rosa, jo, sam, submission, mailbox, axe)
    mailbox.assert_all_read()
    change_and_resubmit(jo, rosa, submission, mailbox, axe)
    mailbox.assert_all_read()

    code_double_code_compare_and_export(rosa, bo, submission, axe)
    mailbox.assert_all_read()

    accept_draft_sign_off_and_publish(lee, jo, sam, public, submission, mailbox, axe)

    # Publishing tells each of the authority's verified officers, with a link to the page
    # (take() waits for a real worker).
    for officer in (jo, sam):
        follow_links(officer.page, mailbox.take(officer.email), axe, expect_some=True)
    mailbox.assert_all_read()


# --- the public ---------------------------------------------------------------------------


def public_finds_a_case_study_and_writes(page, mailbox, axe):
    page.goto("/")
    axe(page)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Case studies").click()
    expect(page.get_by_role("heading", name="1 case study")).to_be_visible()
    axe(page)
    page.get_by_role("checkbox", name="Leading change").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"theme=leading-change"))
    axe(page)
    page.get_by_role("link", name="Allotments for every street").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Allotments for every street")
    axe(page)

    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Join the conversation"
    ).click()
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email address").fill("ada@example")  # a mistake
    page.get_by_label("Your message").fill("How did Cardiff find the land for allotments?")
    page.get_by_label("I agree that New Local").check()
    page.get_by_role("button", name="Send message").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    axe(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Email address")).to_be_focused()
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_role("button", name="Send message").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Message sent")
    axe(page)

    to_lead = mailbox.take(LEAD_INBOX, "")
    assert "How did Cardiff find the land for allotments?" in to_lead.body
    to_ada = mailbox.take("ada@example.org", "")
    follow_links(page, to_ada, axe)
    return to_lead  # its link is to the admin: followed once a researcher has signed in


def follow_links(page, message, axe, expect_some=False, exclude=()):
    """Open each link in an email, in the recipient's window; each page loads with a heading
    (no error: an error page answers 4xx or 5xx) and passes axe."""
    links = [path for path in message.links if not path.startswith("/static/")]
    assert links or not expect_some, f"no link in:\n{message.body}"
    for path in links:
        response = page.goto(path)
        assert response.ok, (path, response.status)
        expect(page.get_by_role("heading", level=1).first).to_be_visible()  # a page, not a stub
        axe(page, exclude=exclude)
    return links


# --- officers: sign up and join -----------------------------------------------------------


def sign_up(person, mailbox, axe):
    page = person.page
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="create an account").click()
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD[::-1])  # a mistake
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    axe(page)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    axe(page)
    code_email = mailbox.take(person.email, "")
    page.get_by_label("Code").fill(code_email.code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text(f"You are signed in as {person.email}.").first).to_be_visible()
    axe(page)
    follow_links(page, code_email, axe)


def join(person, axe, *, verified):
    page = person.page
    page.goto("/my/")
    axe(page)
    page.get_by_role("link", name="Choose your authority").click()
    page.get_by_role("button", name="Search").click()  # nothing typed: a mistake
    axe(page)
    page.get_by_label("Search for your council or strategic authority").fill("Testshire")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Testshire").check()
    page.get_by_label("What is your job title or role?").fill("Policy officer")
    page.get_by_role("button", name="Continue").click()
    if verified:
        expect(page.get_by_text("You are now a verified officer of Testshire.")).to_be_visible()
    else:
        page.get_by_role("link", name="Your authority").first.click()
        expect(page.locator(".govuk-inset-text")).to_contain_text("waiting for approval")
    axe(page)


def approve_membership(rosa, sam, mailbox, axe):
    page = rosa.page
    # The project lead's inbox is told; its link opens in a researcher's window.
    follow_links(page, mailbox.take(LEAD_INBOX, f"{SAM} asked to join Testshire"), axe)
    page.goto("/admin/")
    axe(page)
    page.get_by_role("link", name="Memberships").first.click()
    page.get_by_role("link", name="Waiting for approval").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    axe(page)
    admin_action(page, "Approve selected memberships", SAM)
    messages = page.locator(".messagelist")
    expect(messages).to_contain_text("approved")
    expect(messages).not_to_contain_text("-1")
    axe(page)
    follow_links(sam.page, mailbox.take(SAM, ""), axe)


# --- officers: the questionnaire -----------------------------------------------------------


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue").click()


def a_mistake(page, axe, text=None):
    """The page shows an error summary, focused, and passes axe; with `text` it says so."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    if text:
        expect(summary).to_contain_text(text)
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe(page)


def fill_in_and_submit(jo, sam, rosa, mailbox, axe):
    page = jo.page
    page.goto("/my/")
    page.get_by_role("button", name="Start your submission").click()
    expect(page.get_by_text("You have completed 0 of 11 sections.")).to_be_visible()
    axe(page)

    # 1. About.
    page.get_by_role("link", name="About your authority and approach").click()
    page.get_by_label("Partly: alongside complementary ideas and traditions").check()
    page.get_by_label("Place-based strategy").check()
    page.get_by_label("Who leads this work in your authority?").fill(TOO_LONG)
    save_and_continue(page)
    a_mistake(page, axe)
    page.get_by_label("Who leads this work in your authority?").fill("The chief executive.")
    save_and_continue(page)

    # 2. Missions: a mission without a name first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your missions")
    axe(page)
    page.get_by_role("button", name="Add a mission").click()
    page.get_by_role("button", name="Save mission").click()
    a_mistake(page, axe, "Enter the name of the mission")
    page.get_by_label("Name of the mission").fill("No child goes hungry")
    page.get_by_label("Mission statement").fill("By 2030 no child in Testshire goes hungry.")
    page.get_by_label("Delivering").check()
    page.get_by_label("Partner’s name").fill("Testshire Food Bank")
    page.get_by_label("VCSE organisation").check()
    page.get_by_role("button", name="Save mission").click()
    expect(page.get_by_role("heading", name="No child goes hungry")).to_be_visible()
    axe(page)
    save_and_continue(page)

    # 3–8. The themes: Jo does the first three, one answer too long on each, and leaves.
    themes = list(Theme.objects.with_questions())
    for theme in themes[:3]:
        answer_theme(page, theme, axe)
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_text("You have completed 5 of 11 sections.")).to_be_visible()
    sign_out(page)

    # Sam comes in and carries on from the task list.
    page = sam.page
    page.goto("/my/")
    page.get_by_role("button", name="Continue your submission").click()
    expect(page.get_by_text("You have completed 5 of 11 sections.")).to_be_visible()
    expect(page.get_by_text(f"Last changed by {JO}").first).to_be_visible()
    axe(page)
    page.get_by_role("link", name=themes[3].title).click()
    for theme in themes[3:]:
        answer_theme(page, theme, axe)

    # 9. Learning and enablers (optional): too long, then corrected.
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning and enablers (optional)")
    answers = page.locator("textarea[name^='answer_']")
    answers.first.fill(TOO_LONG)
    save_and_continue(page)
    a_mistake(page, axe)
    answers.first.fill("We learned from Bogotá's Care Blocks.")
    save_and_continue(page)

    # 10. National government (optional): too long, then corrected.
    label = "What role should national government play"
    page.get_by_label(label).fill(TOO_LONG)
    save_and_continue(page)
    a_mistake(page, axe)
    page.get_by_label(label).fill("Longer-term funding.")
    save_and_continue(page)

    # 11. Consent: nothing chosen first.
    expect(page.get_by_role("heading", level=1)).to_have_text("How we can use your answers")
    save_and_continue(page)
    a_mistake(page, axe)
    page.get_by_label("Publish as a named case study").check()
    page.get_by_role("group", name="May we contact you to follow up on your answers?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("I have read the privacy notice").check()
    save_and_continue(page)

    # Check, with the declaration forgotten once, and submit.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before you submit"
    )
    axe(page)
    page.get_by_role("button", name="Submit").click()
    a_mistake(page, axe)
    page.get_by_label(
        "I confirm that the information is accurate and that I am authorised to submit it"
    ).check()
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".govuk-panel--confirmation")).to_contain_text("Submission complete")
    axe(page)

    # The lead's inbox: its link to the admin opens in a researcher's window.
    follow_links(
        rosa.page,
        mailbox.take(LEAD_INBOX, ""),
        axe,
        expect_some=True,
        exclude=[TABULAR_INLINE_FIELDS],
    )
    for officer in (jo, sam):
        follow_links(officer.page, mailbox.take(officer.email, ""), axe, expect_some=True)


def answer_theme(page, theme, axe):
    expect(page.get_by_role("heading", level=1)).to_have_text(theme.title)
    answers = page.locator("textarea[name^='answer_']")
    for n in range(answers.count()):
        answers.nth(n).fill(f"In {theme.title.lower()}, we learned lesson {n + 1}.")
    page.get_by_label("What has worked?").fill("Listening to residents first.")
    answers.first.fill(TOO_LONG)
    save_and_continue(page)
    a_mistake(page, axe, "must be 10,000 characters or fewer")
    answers.first.fill(f"In {theme.title.lower()}, we started with a citizens' assembly.")
    save_and_continue(page)


# --- researchers: review and a change --------------------------------------------------------


def open_submission(page):
    page.goto("/admin/")
    page.get_by_role("link", name="Submissions", exact=True).first.click()
    page.get_by_role("link", name="Testshire").first.click()
    expect(page.locator("#content h1")).to_have_text("Change submission")


def status_shown(page):
    return page.locator(".field-status .readonly")


def review_and_ask_for_a_change(rosa, jo, sam, submission, mailbox, axe):
    page = rosa.page
    open_submission(page)
    axe(page, exclude=[TABULAR_INLINE_FIELDS])
    expect(page.get_by_text("No child goes hungry").first).to_be_visible()  # missions shown

    page.get_by_label("Researchers").select_option(label="Rosa")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Assignees updated.")
    expect(page.locator(".field-assignee_list")).to_contain_text(re.compile("rosa", re.I))
    follow_links(
        page,
        mailbox.take(rosa.email, "You have been assigned"),
        axe,
        expect_some=True,
        exclude=[TABULAR_INLINE_FIELDS],
    )
    open_submission(page)

    page.locator(".inline-group textarea").first.fill("Strong on partners; check section 1.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("Strong on partners; check section 1.").first).to_be_visible()

    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_text("Review started: Testshire.")).to_be_visible()
    expect(status_shown(page)).to_have_text("In review")
    axe(page, exclude=[TABULAR_INLINE_FIELDS])

    page.get_by_role("link", name="Ask the authority for changes").click()
    page.get_by_role("button", name="Ask for changes").click()  # nothing written: a mistake
    expect(page.get_by_role("alert")).to_be_visible()
    axe(page)
    page.get_by_label("1. About your authority and approach").fill(
        "Please say which cabinet member leads the work."
    )
    page.get_by_role("button", name="Ask for changes").click()
    expect(status_shown(page)).to_have_text("Changes requested")

    for officer in (jo, sam):
        message = mailbox.take(officer.email)
        assert "cabinet member" in message.body
        follow_links(officer.page, message, axe, expect_some=True)


def change_and_resubmit(jo, rosa, submission, mailbox, axe):
    page = jo.page
    sign_in(jo)
    page.goto("/my/")
    axe(page)
    page.get_by_role("button", name="See what to change").click()
    expect(page.get_by_text("Change requested by the research team")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="About your authority and approach").click()
    page.get_by_label("Who leads this work in your authority?").fill(
        "The chief executive, with the cabinet member for communities."
    )
    save_and_continue(page)
    # After a change request, back to the task list or the check page, not the next section.
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Your missions")
    axe(page)
    if page.get_by_role("button", name="Check your answers").count():
        page.get_by_role("button", name="Check your answers").click()
    page.get_by_label(
        "I confirm that the information is accurate and that I am authorised to submit it"
    ).check()
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".govuk-panel--confirmation")).to_be_visible()
    axe(page)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RESUBMITTED

    # The assignee and the lead hear of it; their links open in the researcher's window.
    for inbox in (rosa.email, LEAD_INBOX):
        message = mailbox.take(inbox, "Testshire has sent its changed answers")
        follow_links(rosa.page, message, axe, expect_some=True, exclude=[TABULAR_INLINE_FIELDS])


# --- researchers: coding, agreement, comparison, export ---------------------------------------


def code_answer(page, answer_text, code_name, axe, seen=None):
    page.get_by_role("link", name="Answers to code").first.click()
    page.locator("#result_list tbody tr").filter(has_text=answer_text).get_by_role(
        "link"
    ).first.click()
    axe(page, exclude=[TABULAR_INLINE_FIELDS])
    if seen is not None:
        expect(page.locator(".inline-group tbody tr.has_original")).to_have_count(seen)
    new_row = page.locator(".inline-group tbody tr:not(.has_original):not(.empty-form)").first
    new_row.locator("select[name$='-code']").select_option(label=code_name)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


def code_double_code_compare_and_export(rosa, bo, submission, axe):
    page = rosa.page
    theme = Theme.objects.with_questions().first()

    # A code for the codebook, with a missing name first.
    page.goto("/admin/")
    page.get_by_role("link", name="Codes").first.click()
    page.get_by_role("link", name=re.compile("Add code", re.I)).click()
    # The theme box is the admin's Select2 autocomplete: type, then pick the suggestion.
    page.locator("#id_theme + .select2-container").click()
    page.locator(".select2-search__field").fill(theme.title)
    page.get_by_role("option", name=theme.title).click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errornote")).to_be_visible()
    axe(page, exclude=[SELECT2])
    page.get_by_label("Name").fill("Citizens' assembly")
    page.get_by_role("button", name="Save", exact=True).click()

    page.goto("/admin/")
    first = theme.title.lower()
    code_answer(page, f"In {first}, we started with", "Citizens' assembly", axe)
    double = f"In {first}, we learned lesson 2."

    # Another answer marked for double coding: Rosa and Bo code it blind.
    page.goto("/admin/")
    page.get_by_role("link", name="Answers to code").first.click()
    admin_action(page, "Mark for double coding", double)
    page.get_by_label("First coder").select_option(label="Rosa")
    page.get_by_label("Second coder").select_option(label="Bo")
    page.get_by_role("button", name="Mark for double coding").click()
    expect(page.locator(".messagelist")).to_contain_text("Marked 1 answer for double coding.")
    axe(page)

    sign_in(bo, totp=True, check=axe)
    for person in (rosa, bo):
        person.page.goto("/admin/")
        # Blind: Bo, coding second, does not see Rosa's coding while it is open.
        code_answer(person.page, double, "Citizens' assembly", axe, seen=0)
    for person in (rosa, bo):
        person.page.goto("/admin/")
        person.page.get_by_role("link", name="Answers to code").first.click()
        admin_action(person.page, "Mark my double coding of these answers as done", double)
        expect(person.page.locator(".messagelist")).to_contain_text("Marked your coding")

    page.get_by_role("link", name="Coder agreement").click()
    expect(page.locator("#content")).to_contain_text("Citizens' assembly")
    axe(page)
    page.go_back()
    page.get_by_role("link", name="Compare answers by theme").click()
    expect(page.locator("#content h1")).to_have_text("Compare answers by theme")
    axe(page)

    page.goto("/admin/")
    page.get_by_role("link", name="Submissions", exact=True).first.click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export these answers as CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    assert f"In {first}, we started with a citizens' assembly." in content


# --- the lead: accept, draft, sign-off, publish ----------------------------------------------


def accept_draft_sign_off_and_publish(lee, jo, sam, public, submission, mailbox, axe):
    page = lee.page
    sign_in(lee, totp=True, check=axe)
    open_submission(page)
    page.get_by_role("button", name="Start review").click()
    expect(status_shown(page)).to_have_text("In review")
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.get_by_text("Accepted: Testshire.")).to_be_visible()
    axe(page, exclude=[TABULAR_INLINE_FIELDS])
    for officer in (jo, sam):
        follow_links(officer.page, mailbox.take(officer.email, ""), axe, expect_some=True)

    page.goto("/admin/")
    page.get_by_role("link", name="Submissions", exact=True).first.click()
    admin_action(page, "Draft a case study from this submission", "Testshire")
    expect(page.locator("#content h1")).to_have_text("Change case study")
    axe(page, exclude=[TABULAR_INLINE_FIELDS, SELECT2])
    case_study = CaseStudy.objects.get(authority__name="Testshire")

    page.goto("/admin/")
    # The row for the model, not the heading for its app.
    page.locator("#casestudies-casestudy").get_by_role("link", name="Case studies").click()
    admin_action(page, "Send to the authority for sign-off", case_study.title)
    expect(page.locator(".messagelist")).to_contain_text("for sign-off")
    axe(page)
    for officer in (jo, sam):
        followed = follow_links(
            officer.page, mailbox.take(officer.email, ""), axe, expect_some=True
        )
        if officer is jo:
            links = followed

    # Jo signs off from the email's link (the list at /my/case-studies/).
    page_jo = jo.page
    page_jo.goto(links[0])
    if page_jo.get_by_role("heading", level=1).inner_text() == "Case studies to sign off":
        page_jo.get_by_role("link", name=case_study.title).click()
    page_jo.get_by_role("button", name="Send your answer").click()  # no choice: a mistake
    a_mistake(page_jo, axe)
    page_jo.get_by_label("Approve for publication").check()
    page_jo.get_by_role("button", name="Send your answer").click()
    expect(page_jo.locator(".govuk-notification-banner")).to_contain_text("You approved")
    axe(page_jo)
    follow_links(
        page,
        mailbox.take(LEAD_INBOX, "Approved: Testshire answered"),
        axe,
        exclude=[TABULAR_INLINE_FIELDS, SELECT2],
    )
    page.goto("/admin/")
    page.locator("#casestudies-casestudy").get_by_role("link", name="Case studies").click()

    admin_action(page, "Submit for review", case_study.title)
    admin_action(page, "Publish", case_study.title)
    expect(page.locator(".messagelist")).to_contain_text("published")
    axe(page)

    # The public finds it.
    public.goto("/")
    public.get_by_role("navigation", name="Menu").get_by_role("link", name="Case studies").click()
    expect(public.get_by_role("heading", name="2 case studies")).to_be_visible()
    case_study.refresh_from_db()
    public.get_by_role("link", name=case_study.title).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(case_study.title)
    axe(public)
