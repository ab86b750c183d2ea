"""No page content outside a landmark: axe's `region` rule, which the browser suite runs.

The phase banner sits in the <header>, back links in a <nav>, messages and error summaries in
<main>; only the skip link stands alone, as GOV.UK says it should. This parses the public and
the officers' pages without a browser, so a template that puts something new before <main>
fails here in seconds. (The admin's pages are Django's markup; the browser suite checks them.)
"""

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AuthorityFactory, CaseStudyFactory
from tests.submissions.conftest import complete_every_section
from tests.test_no_nested_forms import walk

LANDMARK_TAGS = {"header", "main", "footer", "nav", "aside"}
LANDMARK_ROLES = {
    "banner",
    "main",
    "contentinfo",
    "navigation",
    "complementary",
    "region",
    "search",
    "form",
}
# Elements that are content even without text.
CONTENT_TAGS = {"img", "svg", "input", "button", "select", "textarea", "iframe", "video", "audio"}
NOT_SHOWN = {"script", "style", "template", "noscript"}


def is_landmark(element) -> bool:
    if element.get("role") in LANDMARK_ROLES:
        return True
    named = element.get("aria-label") or element.get("aria-labelledby")
    if element.tag in ("section", "form"):
        return bool(named)
    if element.tag in ("header", "footer"):
        # Inside an article or section a header or footer is no banner or contentinfo.
        return not any(
            a.tag in ("article", "aside", "main", "nav", "section") for a in element.iterancestors()
        )
    return element.tag in LANDMARK_TAGS


def is_skip_link(element) -> bool:
    return element.tag == "a" and (element.get("href") or "").startswith("#")


def outside_landmarks(html: str) -> list[str]:
    """The text and content elements of the page's <body> that no landmark contains."""
    found = []

    def visit(element):
        if (element.text or "").strip():
            found.append(element.text.strip())
        for child in element:
            if (child.tail or "").strip():
                found.append(child.tail.strip())
            if not isinstance(child.tag, str) or child.tag in NOT_SHOWN:
                continue  # comments; scripts
            if is_landmark(child) or is_skip_link(child) or child.get("hidden") is not None:
                continue
            if child.tag in CONTENT_TAGS:
                found.append(lxml.html.tostring(child, encoding="unicode")[:80])
            visit(child)

    visit(lxml.html.document_fromstring(html).body)
    return found


def assert_all_in_landmarks(pages: dict[str, str]) -> None:
    found = {path: spots for path, html in pages.items() if (spots := outside_landmarks(html))}
    assert not found, f"content outside any landmark: {found}"


def test_the_checker_sees_content_outside_landmarks():
    page = "<body><a href='#main'>Skip</a><header>Site</header><div>{}</div><main>Hi</main></body>"
    assert outside_landmarks(page.format("<nav><a href='/'>Back</a></nav>")) == []
    assert outside_landmarks(page.format("<p>Beta</p>")) == ["Beta"]
    assert outside_landmarks(page.format("<a href='/'>Back</a>")) == ["Back"]
    assert outside_landmarks(page.format("<img src=x alt=y>")) == ['<img src="x" alt="y">']
    # A header inside a section is no banner.
    assert outside_landmarks(page.format("<section><header>Title</header></section>")) == ["Title"]


def test_public_pages_keep_all_content_in_landmarks(db):
    CaseStudyFactory(authority=AuthorityFactory(name="Otherton"))
    client = Client()
    pages = {
        path: html
        for path, html in walk(client, [reverse("home")], "/").items()
        if not path.startswith("/admin/")
    }
    assert reverse("casestudies:map") in pages  # a back link
    pages["404"] = client.get("/no-such-page/").content.decode()
    pages["contact, with errors"] = client.post(reverse("contact:contact"), {}).content.decode()
    assert "govuk-error-summary" in pages["contact, with errors"]
    assert_all_in_landmarks(pages)


@pytest.mark.usefixtures("current_round")
def test_officers_pages_keep_all_content_in_landmarks(officer_client):
    complete_every_section(officer_client)
    pages = walk(officer_client, [reverse("questionnaire:dashboard")], "/my/")
    assert reverse("questionnaire:check") in pages  # a back link
    assert_all_in_landmarks(pages)


def test_every_back_link_goes_through_the_include_that_puts_it_in_a_landmark():
    from pathlib import Path

    from django.conf import settings

    include = Path(settings.BASE_DIR) / "templates" / "includes" / "back_link.html"
    bare = [
        str(path.relative_to(settings.BASE_DIR))
        for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
        if path != include and 'class="govuk-back-link"' in path.read_text()
    ]
    assert not bare, f"back links outside includes/back_link.html: {bare}"
