"""A Django {# #} comment ends on the line it starts on: one that runs on is printed on the page
(as the GOV.UK field template's once was, above every crispy form field)."""

import re

from tests.test_templates_csp import BASE_DIR, template_files

UNCLOSED_COMMENT = re.compile(r"\{#(?!.*#\})")


def test_no_one_line_comment_runs_onto_the_next_line():
    unclosed = [
        f"{path.relative_to(BASE_DIR)}:{n}"
        for path in template_files()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if UNCLOSED_COMMENT.search(line)
    ]
    assert not unclosed, "use {% comment %} for a comment of several lines: " + ", ".join(unclosed)
