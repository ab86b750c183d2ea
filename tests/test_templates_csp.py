"""Every template is ready for the site's strict Content Security Policy.

The policy (settings.CONTENT_SECURITY_POLICY) allows scripts only from this site or with the
per-request nonce, and styles only from this site. So no template may contain a style=""
attribute, a <style> block, an inline event handler (onclick="..."), a javascript: URL, or an
inline <script> without nonce="{{ request.csp_nonce }}".
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SKIP_DIRS = {".venv", "node_modules", "build", ".git", "media"}

STYLE_ATTRIBUTE = re.compile(r"""(?<![\w-])style\s*=\s*["']""", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""(?<![\w-])on[a-z]+\s*=\s*["']""", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""=\s*["']\s*javascript:""", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def template_files():
    """Project templates: templates/ and every app's templates/ folder, not third-party ones."""
    folders = [BASE_DIR / "templates"]
    folders += [
        folder
        for folder in BASE_DIR.glob("*/templates")
        if folder.is_dir() and folder.parent.name not in SKIP_DIRS
    ]
    return sorted(
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".svg"}
    )


def csp_problems(text: str) -> list[str]:
    problems = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if STYLE_ATTRIBUTE.search(line):
            problems.append(f"line {line_number}: style attribute")
        if STYLE_ELEMENT.search(line):
            problems.append(f"line {line_number}: <style> element")
        if EVENT_HANDLER.search(line):
            problems.append(f"line {line_number}: inline event handler")
        if JAVASCRIPT_URL.search(line):
            problems.append(f"line {line_number}: javascript: URL")
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if not re.search(r"\bsrc\s*=", attributes) and not re.search(r"\bnonce\s*=", attributes):
            line_number = text.count("\n", 0, match.start()) + 1
            problems.append(f"line {line_number}: inline <script> without a nonce")
    return problems


def test_there_are_templates_to_check():
    names = {path.relative_to(BASE_DIR).as_posix() for path in template_files()}
    assert "templates/base.html" in names
    assert "templates/404.html" in names


@pytest.mark.parametrize("path", template_files(), ids=lambda p: p.relative_to(BASE_DIR).as_posix())
def test_template_is_ready_for_a_strict_csp(path):
    problems = csp_problems(path.read_text(encoding="utf-8"))
    assert not problems, f"{path.relative_to(BASE_DIR)}: " + "; ".join(problems)


@pytest.mark.parametrize(
    "snippet",
    [
        '<div style="color: red">',
        "<p STYLE='margin: 0'>",
        "<style>p { color: red }</style>",
        '<button onclick="go()">',
        "<form onsubmit='return check()'>",
        '<a href="javascript:void(0)">',
        "<script>alert(1)</script>",
        '<script type="module">import "/x.js";</script>',
        "<script\n  type='text/javascript'>x()</script>",
    ],
)
def test_checker_catches_what_a_strict_csp_would_block(snippet):
    assert csp_problems(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script nonce="{{ request.csp_nonce }}">document.body.className += " js-enabled";</script>',
        '<script type="module" src="{% static \'js/init.js\' %}"></script>',
        '<div class="govuk-!-margin-bottom-0" data-module="govuk-button">',
        "<p>Read about the online form or the onboarding process.</p>",
        '<button data-once="1" aria-controls="navigation">',
    ],
)
def test_checker_allows_what_a_strict_csp_allows(snippet):
    assert not csp_problems(snippet)
