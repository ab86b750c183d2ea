"""`{{ text|markdown }}`: a case study's Markdown as safe HTML in GOV.UK typography.

Researchers write the text, but it may quote submissions, so the HTML is sanitised with nh3
and a small allow-list: no raw HTML, scripts, images, styles or event handlers get through.
"""

import functools

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = {"p", "a", "ul", "ol", "li", "h2", "h3", "h4", "strong", "em", "blockquote", "br"}
# GOV.UK Frontend styles elements only through classes.
CLASSES = {
    "p": "govuk-body",
    "a": "govuk-link",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    # The body's sections sit beside the page's own ("What worked", "Sources"): the same size.
    "h2": "govuk-heading-l",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "blockquote": "govuk-inset-text",
}


# The HTML depends on the text alone, so popular pages' texts are converted once per process.
@functools.lru_cache(maxsize=1024)
def render_markdown(text: str) -> str:
    html = markdown_lib.markdown(text or "", output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        set_tag_attribute_values={tag: {"class": value} for tag, value in CLASSES.items()},
    )


@register.filter(name="markdown")
def markdown_filter(text):
    return mark_safe(render_markdown(text))  # noqa: S308 -- sanitised by nh3 above
