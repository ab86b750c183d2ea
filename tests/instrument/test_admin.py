"""Researchers edit themes and their questions in the Django admin."""

import pytest
from django.urls import reverse

from instrument.models import Theme
from tests.factories import QuestionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_theme_changelist_lists_themes_with_question_counts(researcher_client):
    response = researcher_client.get(reverse("admin:instrument_theme_changelist"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Setting and shaping missions" in content
    assert "Measuring impact" in content


def test_theme_search_finds_a_theme_by_its_question_text(researcher_client):
    ThemeFactory(title="Unrelated theme")

    response = researcher_client.get(
        reverse("admin:instrument_theme_changelist"), {"q": "political cycles"}
    )

    content = response.content.decode()
    assert "Leading change" in content
    assert "Unrelated theme" not in content


def test_theme_change_page_shows_its_questions_inline_and_slug_is_prepopulated(researcher_client):
    theme = Theme.objects.get(slug="leading-change")

    response = researcher_client.get(reverse("admin:instrument_theme_change", args=[theme.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "questions-TOTAL_FORMS" in content
    assert "political cycles" in content
    assert "prepopulated" in content


def test_project_lead_can_edit_a_question_through_the_inline(lead_client):
    theme = ThemeFactory(title="Draft theme", slug="draft-theme", summary="A summary.")
    question = QuestionFactory(theme=theme, text="Old wording?", order=1)
    url = reverse("admin:instrument_theme_change", args=[theme.pk])

    response = lead_client.post(
        url,
        {
            "title": "Draft theme",
            "slug": "draft-theme",
            "summary": "A summary.",
            "order": theme.order,
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "1",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "1000",
            "questions-0-id": question.pk,
            "questions-0-theme": theme.pk,
            "questions-0-order": "1",
            "questions-0-text": "New wording?",
            "questions-0-help_text": "",
            "questions-0-max_length": "10000",
        },
    )

    assert response.status_code == 302, response.content.decode()
    question.refresh_from_db()
    assert question.text == "New wording?"


def test_question_changelist_loads(researcher_client):
    response = researcher_client.get(reverse("admin:instrument_question_changelist"))

    assert response.status_code == 200
    assert "How is your area developing approaches to accountability" in (response.content.decode())
