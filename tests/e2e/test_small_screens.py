"""Pages fit a 375 px phone: nothing wider than the screen, so no sideways scrolling."""

import pytest
from django.core.management import call_command

PHONE = {"width": 375, "height": 800}


@pytest.mark.parametrize("path", ["/authorities/"])
def test_pages_are_no_wider_than_a_phone(page, path):
    call_command("load_authorities", verbosity=0)
    page.set_viewport_size(PHONE)

    page.goto(path)

    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 375)
            .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
            .slice(0, 8)"""
    )
    assert width <= PHONE["width"], wide
