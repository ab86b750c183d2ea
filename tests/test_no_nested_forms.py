"""No page nests one <form> inside another.

A browser drops an inner <form> tag, so the inner form's button submits the outer form
instead: on the submission page "Start review" once saved the admin's change form and moved
nothing. This walks every admin and officer page reachable by links, as each real role, and
parses the HTML.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from casestudies.drafting import case_study_draft_from_submission
from casestudies.services import case_study_request_signoff
from research import review
from research.models import Code, Coding
from submissions.models import Submission
from tests.factories import (
    AuthorityFactory,
    CaseStudyFactory,
    ContactMessageFactory,
    OutboxEmailFactory,
    make_officer,
)
from tests.submissions.conftest import complete_every_section

# Downloads and sign-out are not pages to read.
SKIP = re.compile(r"export|\.csv|\.xlsx|\.json|logout|/admin/r/|jsi18n|autocomplete")


class FormNesting(HTMLParser):
    """Records each <form> opened while another is still open."""

    def __init__(self):
        super().__init__()
        self.open_forms = 0
        self.nested = []
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            if self.open_forms:
                self.nested.append(self.getpos())
            self.open_forms += 1
        elif tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag == "form" and self.open_forms:
            self.open_forms -= 1


def nested_forms(html: str) -> list:
    parser = FormNesting()
    parser.feed(html)
    return parser.nested


def walk(client, start: list[str], prefix: str) -> dict[str, str]:
    """GET every page under `prefix` reachable by links from `start` (query strings dropped,
    one object per URL pattern); returns {path: html}."""
    pages, queue, seen_patterns = {}, list(start), set()
    while queue:
        path = urlsplit(queue.pop(0)).path
        pattern = re.sub(r"/\d+/", "/<id>/", path)
        if not path.startswith(prefix) or SKIP.search(path) or pattern in seen_patterns:
            continue
        seen_patterns.add(pattern)
        response = client.get(path)
        if response.status_code in (301, 302):
            queue.append(urljoin(path, response["Location"]))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        parser = FormNesting()
        parser.feed(html)
        queue.extend(urljoin(path, href) for href in parser.links if not href.startswith("#"))
    return pages


@pytest.fixture
def code(db):
    from instrument.models import Theme

    return Code.objects.create(theme=Theme.objects.order_by("order").first(), name="Assemblies")


def assert_no_nesting(pages: dict[str, str]) -> None:
    found = {path: spots for path, html in pages.items() if (spots := nested_forms(html))}
    assert not found, f"forms nested at (line, column): {found}"


def test_the_checker_sees_a_nested_form():
    assert nested_forms("<form><p><form></form></p></form>") == [(1, 9)]
    assert nested_forms("<form></form><form><button form='x'></button></form>") == []


def test_no_page_nests_forms_for_any_role(
    officer,
    officer_client,
    researcher,
    researcher_client,
    lead,
    lead_client,
    authority,
    current_round,  # noqa: F811
    code,
):
    make_officer(AuthorityFactory(name="Elsewhere"), "pat@elsewhere.example", state="pending")
    ContactMessageFactory()
    OutboxEmailFactory()
    CaseStudyFactory(authority=AuthorityFactory(name="Otherton"))

    # The officer, while the questionnaire is editable.
    complete_every_section(officer_client)
    officer_pages = walk(officer_client, [reverse("questionnaire:dashboard")], "/my/")
    assert reverse("questionnaire:check") in officer_pages
    assert_no_nesting(officer_pages)

    officer_client.post(reverse("questionnaire:check"), {"declaration": "on"})
    submission = Submission.objects.get()
    review.submission_note_add(submission=submission, author=researcher, text="Check tier.")
    review.submission_assign(submission=submission, assignees=[researcher], by=lead)
    Coding.objects.create(answer=submission.answers.first(), code=code, coder=researcher)
    change_page = reverse("admin:submissions_submission_change", args=[submission.pk])

    # A researcher, who may start the review.
    pages = walk(researcher_client, [reverse("admin:index"), change_page], "/admin/")
    assert "Start review" in pages[change_page]
    assert len(pages) > 20
    assert_no_nesting(pages)

    # The lead, who may accept, decline and ask for changes.
    review.submission_start_review(submission=submission, by=researcher)
    pages = walk(lead_client, [reverse("admin:index"), change_page], "/admin/")
    assert "Accept" in pages[change_page]
    assert_no_nesting(pages)

    # The officer again, once submitted and asked to sign off a case study.
    review.submission_accept(submission=submission, by=lead)
    case_study = case_study_draft_from_submission(submission=submission, by=lead)
    case_study_request_signoff(case_study=case_study, by=lead)
    officer_pages = walk(officer_client, [reverse("questionnaire:dashboard")], "/my/")
    assert reverse("signoff:detail", args=[case_study.pk]) in officer_pages
    assert_no_nesting(officer_pages)
