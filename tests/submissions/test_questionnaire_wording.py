"""Messages and hints write numbers and quotes one way: "10,000", curly quotes."""

import html
import re

import pytest
from django.urls import reverse

from instrument.models import Theme

from .conftest import post_section, theme_answers

pytestmark = pytest.mark.django_db


def test_character_limits_are_written_with_commas(officer_client):
    page = officer_client.get(reverse("questionnaire:national_government")).content.decode()

    assert "You can enter up to 10,000 characters" in page
    assert not re.search(r"up to \d{4,} characters", page)


def test_a_too_long_answer_is_named_in_curly_quotes(officer_client):
    theme = Theme.objects.with_questions().first()
    question = theme.questions.all()[0]
    answers = {**theme_answers(theme), f"answer_{question.pk}": "x" * (question.max_length + 1)}
    url = reverse("questionnaire:theme", args=[theme.slug])

    page = html.unescape(post_section(officer_client, url, answers).content.decode())

    assert re.search(r"Your answer to ‘[^’]+’ must be [\d,]+ characters or fewer", page)
    assert "Your answer to '" not in page
