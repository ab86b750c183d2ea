"""The data migration seeds the six themes and their questions from the launch article."""

import importlib

import pytest
from django.apps import apps

from instrument.models import Question, Round, Theme
from submissions.models import Answer, Submission
from tests.factories import AuthorityFactory

seed_migration = importlib.import_module("instrument.migrations.0002_seed")
reword_migration = importlib.import_module("instrument.migrations.0004_second_person_questions")

pytestmark = pytest.mark.django_db

# The launch article's questions, verbatim, as 0002 copied them.
ARTICLE = " ".join(q for theme in seed_migration.THEMES for q in theme["questions"])


@pytest.fixture
def submission():
    round = Round.objects.get(slug="call-for-practice-2026-27")
    return Submission.objects.create(authority=AuthorityFactory(), round=round)


EXPECTED = [
    ("setting-and-shaping-missions", "Setting and shaping missions", 3),
    ("building-partnerships", "Building partnerships", 4),
    ("leading-change", "Leading change", 4),
    ("creating-infrastructure", "Creating infrastructure", 3),
    ("driving-innovation", "Driving innovation", 2),
    ("measuring-impact", "Measuring impact", 3),
]
QUESTIONS = 19  # in the themes
LEARNING = 3


def test_six_themes_in_the_articles_order():
    themes = list(Theme.objects.all())

    assert [(t.slug, t.title) for t in themes] == [(slug, title) for slug, title, _ in EXPECTED]


def test_each_theme_has_a_one_sentence_summary():
    for theme in Theme.objects.all():
        assert theme.summary.endswith(".")
        assert theme.summary.count(". ") == 0, theme.summary


def test_question_counts_per_theme():
    # The compound questions are asked one at a time (0004).
    counts = {t.slug: t.questions.count() for t in Theme.objects.all()}

    assert counts == {slug: count for slug, _, count in EXPECTED}
    assert Question.objects.count() == QUESTIONS + LEARNING


def test_questions_keep_the_articles_exact_wording_split_at_each_question_mark():
    # The article's wording is each question's research question; officers are asked it in
    # the second person.
    leading_change = Theme.objects.get(slug="leading-change")

    assert [q.research_question for q in leading_change.questions.all()] == [
        "How does it look and feel as a council or strategic authority to work in a "
        "mission-orientated way?",
        "How do senior leaders understand their role and the roles of their teams in "
        "mission-led governance?",
        "What is the role of political leadership in developing and championing missions?",
        "How in practice is a long-term view balanced against the reality of political cycles?",
    ]
    assert Theme.objects.get(slug="building-partnerships").research_questions == [
        "How are councils and strategic authorities working with partners (including "
        "communities, VCSE organisations, other public sector organisations, and businesses) "
        "to build consensus and shared ownership around long-term goals or missions?"
    ]
    for question in Question.objects.filter(section="theme"):
        assert question.text.endswith("?")
        assert question.text.count("?") == 1
        assert question.research_question in ARTICLE, question.research_question


def test_seeding_again_keeps_researchers_edits_and_adds_nothing():
    theme = Theme.objects.get(slug="driving-innovation")
    theme.title = "Innovation, edited in admin"
    theme.save()
    theme.questions.update(text="Edited question?")

    seed_migration.seed_themes(apps, schema_editor=None)
    reword_migration.reword(apps, schema_editor=None)

    theme.refresh_from_db()
    assert theme.title == "Innovation, edited in admin"
    assert [q.text for q in theme.questions.all()] == ["Edited question?", "Edited question?"]
    assert Theme.objects.count() == 6
    assert Question.objects.count() == QUESTIONS + LEARNING


def test_rewording_leaves_questions_with_answers_alone(submission):
    """0004 rewords a theme's questions only while none has answers."""
    theme = Theme.objects.get(slug="measuring-impact")
    question = theme.questions.first()
    Question.objects.filter(pk=question.pk).update(text=seed_migration.THEMES[5]["questions"][0])
    theme.questions.exclude(pk=question.pk).delete()
    Answer.objects.create(submission=submission, question=question, text="Our framework.")

    reword_migration.reword(apps, schema_editor=None)

    assert [q.text for q in theme.questions.all()] == [seed_migration.THEMES[5]["questions"][0]]
