"""Questions belong to a round and are versioned; researchers open a round by copying one."""

import pytest
from django.urls import reverse

from instrument.models import Question, Round, Theme
from submissions.models import Answer, Submission
from tests.factories import AuthorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_round():
    return Round.objects.get(slug="call-for-practice-2026-27")


@pytest.fixture
def answered(first_round):
    question = Question.objects.filter(round=first_round, section="theme").first()
    submission = Submission.objects.create(authority=AuthorityFactory(), round=first_round)
    answer = Answer.objects.create(
        submission=submission,
        question=question,
        question_version=question.version,
        question_text=question.text,
        text="Our answer.",
    )
    return question, answer


def test_every_seeded_question_belongs_to_the_first_round(first_round):
    assert Question.objects.exclude(round=first_round).count() == 0
    assert first_round.questions.count() == 22


def test_editing_an_answered_questions_text_makes_a_new_version(answered):
    question, answer = answered
    old_text = question.text

    question.text = "A reworded question?"
    question.save()

    question.refresh_from_db()
    answer.refresh_from_db()
    assert question.version == 2
    assert (answer.question_version, answer.question_text) == (1, old_text)


def test_editing_an_unanswered_question_keeps_its_version(first_round):
    question = Question.objects.filter(round=first_round, section="learning").first()
    question.text = "Reworded before anyone answered?"
    question.save()

    question.refresh_from_db()
    assert question.version == 1


def test_the_admin_versions_a_reworded_question_too(lead_client, answered):
    question, answer = answered

    response = lead_client.post(
        reverse("admin:instrument_question_change", args=[question.pk]),
        {
            "round": question.round_id,
            "section": "theme",
            "theme": question.theme_id,
            "order": question.order,
            "text": "Reworded in the admin?",
            "research_question": question.research_question,
            "help_text": "",
            "max_length": question.max_length,
        },
    )

    assert response.status_code == 302, response.content.decode()
    question.refresh_from_db()
    answer.refresh_from_db()
    assert (question.text, question.version) == ("Reworded in the admin?", 2)
    assert answer.question_version == 1 and answer.question_text != question.text


def test_a_researcher_opens_a_new_round_by_copying_the_last(researcher_client, first_round):
    response = researcher_client.post(
        reverse("admin:instrument_round_changelist"),
        {"action": "copy_round", "_selected_action": [first_round.pk]},
    )

    assert response.status_code == 302
    new = Round.objects.exclude(pk=first_round.pk).get()
    assert new.opens_on == first_round.opens_on.replace(year=first_round.opens_on.year + 1)
    copied = list(new.questions.order_by("section", "theme__order", "order"))
    original = list(first_round.questions.order_by("section", "theme__order", "order"))
    assert [(q.theme_id, q.text, q.research_question) for q in copied] == [
        (q.theme_id, q.text, q.research_question) for q in original
    ]
    assert {q.version for q in copied} == {1}
    # Each round's questionnaire shows only its own questions.
    theme = Theme.objects.with_questions(round=new).get(slug="leading-change")
    assert {q.round_id for q in theme.questions.all()} == {new.pk}


def test_the_themes_page_shows_the_articles_wording_as_the_research_question(client):
    page = client.get(reverse("instrument:theme_detail", args=["setting-and-shaping-missions"]))
    content = page.content.decode()

    assert "The research question" in content
    assert "How are they setting the missions and determining the challenges" in content
    assert "How does your authority decide which challenges suit a mission?" in content

    listing = client.get(reverse("instrument:theme_list")).content.decode()
    assert "Learning and enablers" in listing
    assert "What research, programmes or international examples" in listing
