"""The data migration seeds the six themes and their questions from the launch article."""

import importlib

import pytest
from django.apps import apps

from instrument.models import Question, Theme

seed_migration = importlib.import_module("instrument.migrations.0002_seed")

pytestmark = pytest.mark.django_db

EXPECTED = [
    ("setting-and-shaping-missions", "Setting and shaping missions", 2),
    ("building-partnerships", "Building partnerships", 1),
    ("leading-change", "Leading change", 4),
    ("creating-infrastructure", "Creating infrastructure", 1),
    ("driving-innovation", "Driving innovation", 1),
    ("measuring-impact", "Measuring impact", 1),
]


def test_six_themes_in_the_articles_order():
    themes = list(Theme.objects.all())

    assert [(t.slug, t.title) for t in themes] == [(slug, title) for slug, title, _ in EXPECTED]


def test_each_theme_has_a_one_sentence_summary():
    for theme in Theme.objects.all():
        assert theme.summary.endswith(".")
        assert theme.summary.count(". ") == 0, theme.summary


def test_question_counts_per_theme():
    counts = {t.slug: t.questions.count() for t in Theme.objects.all()}

    assert counts == {slug: count for slug, _, count in EXPECTED}
    assert Question.objects.count() == 10


def test_questions_keep_the_articles_exact_wording_split_at_each_question_mark():
    leading_change = Theme.objects.get(slug="leading-change")

    assert [q.text for q in leading_change.questions.all()] == [
        "How does it look and feel as a council or strategic authority to work in a "
        "mission-orientated way?",
        "How do senior leaders understand their role and the roles of their teams in "
        "mission-led governance?",
        "What is the role of political leadership in developing and championing missions?",
        "How in practice is a long-term view balanced against the reality of political cycles?",
    ]
    assert Question.objects.get(theme__slug="building-partnerships").text == (
        "How are councils and strategic authorities working with partners (including "
        "communities, VCSE organisations, other public sector organisations, and businesses) "
        "to build consensus and shared ownership around long-term goals or missions?"
    )
    for question in Question.objects.all():
        assert question.text.endswith("?")
        assert question.text.count("?") == 1


def test_seeding_again_keeps_researchers_edits_and_adds_nothing():
    theme = Theme.objects.get(slug="driving-innovation")
    theme.title = "Innovation, edited in admin"
    theme.save()
    theme.questions.update(text="Edited question?")

    seed_migration.seed_themes(apps, schema_editor=None)

    theme.refresh_from_db()
    assert theme.title == "Innovation, edited in admin"
    assert [q.text for q in theme.questions.all()] == ["Edited question?"]
    assert Theme.objects.count() == 6
    assert Question.objects.count() == 10


def test_seeding_restores_a_deleted_theme():
    Theme.objects.filter(slug="measuring-impact").delete()

    seed_migration.seed_themes(apps, schema_editor=None)

    restored = Theme.objects.get(slug="measuring-impact")
    assert restored.questions.count() == 1
