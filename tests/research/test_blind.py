"""Blind double coding stays blind everywhere; codings keep the answer text they read."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils.html import escape

from research.models import Code, Coding, coding_visible_to
from submissions.models import Answer
from tests.factories import client_for

from .conftest import code_answer
from .test_agreement import ANSWERS_URL, coders, mark_for_double_coding, ten_answers  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def blind(coders, ten_answers, researcher_client):  # noqa: F811
    """Ada has coded answer 1 with Code X; Bo, her second coder, has not coded it yet."""
    ada, bo = coders
    theme, answers = ten_answers
    code_x = Code.objects.create(theme=theme, name="Code X")
    mark_for_double_coding(researcher_client, [answers[0]], ada, bo)
    coding = code_answer(answers[0], code_x, ada, memo="Ada's reading")
    return ada, bo, answers[0], coding


def test_coded_filter_does_not_count_the_other_coders_codings(blind):
    ada, bo, answer, _ = blind
    url = reverse(ANSWERS_URL)

    for_bo = client_for(bo).get(url, {"coded": "yes"}).context["cl"].result_list
    for_ada = client_for(ada).get(url, {"coded": "yes"}).context["cl"].result_list
    not_coded_for_bo = client_for(bo).get(url, {"coded": "no"}).context["cl"].result_list

    assert answer not in list(for_bo)
    assert answer in list(not_coded_for_bo)
    assert answer in list(for_ada)


def test_history_of_the_other_coders_coding_is_hidden(blind):
    ada, bo, _, coding = blind
    url = reverse("admin:research_coding_history", args=[coding.pk])

    assert client_for(bo).get(url).status_code == 404
    assert client_for(ada).get(url).status_code == 200
    # Deleting it does not make its history readable.
    coding.delete()
    assert client_for(bo).get(url).status_code == 404


def test_visibility_rule_opens_once_both_are_done(blind):
    ada, bo, answer, coding = blind
    assert not coding_visible_to(bo, answer_id=answer.pk, coder_id=ada.pk)
    assert list(Coding.objects.visible_to(bo)) == []

    for user in (ada, bo):
        client_for(user).post(
            reverse(ANSWERS_URL),
            {"action": "mark_my_double_coding_done", ACTION_CHECKBOX_NAME: [answer.pk]},
        )

    assert coding_visible_to(bo, answer_id=answer.pk, coder_id=ada.pk)
    assert list(Coding.objects.visible_to(bo)) == [coding]


def test_a_coding_keeps_the_answer_text_it_read(blind, researcher_client):
    *_, answer, coding = blind
    read = answer.text

    Answer.objects.filter(pk=answer.pk).update(text="Rewritten after coding.")
    coding.refresh_from_db()

    assert coding.answer_text == read
    assert coding.answer_changed
    page = researcher_client.get(reverse("admin:research_coding_change", args=[coding.pk]))
    assert escape(read) in page.content.decode()


def test_an_excerpt_is_checked_against_the_text_the_coder_read(blind):
    *_, answer, coding = blind
    coding.excerpt = answer.text[:12]
    Answer.objects.filter(pk=answer.pk).update(text="Rewritten after coding.")
    coding.refresh_from_db(fields=["answer"])
    coding.answer.refresh_from_db()

    coding.full_clean()  # still valid: the excerpt is in the text that was coded


def test_the_submission_page_does_not_show_the_other_coders_codes(blind):
    ada, bo, answer, _ = blind
    url = reverse("admin:submissions_submission_change", args=[answer.submission_id])
    filtered = reverse("admin:submissions_submission_changelist")

    assert "Code X" not in client_for(bo).get(url).content.decode()
    assert "Code X" in client_for(ada).get(url).content.decode()
    # Nor through the submissions list's "coded" filter.
    coded_for_bo = client_for(bo).get(filtered, {"coded": "yes"}).context["cl"].result_list
    assert answer.submission not in list(coded_for_bo)


def test_the_answers_export_hides_the_other_coders_codes(blind):
    """The export reads codings for the whole export at once; the rule still applies to it."""
    ada, bo, answer, _ = blind
    url = reverse("admin:research_codableanswer_export")

    def codes_seen_by(user) -> str:
        body = b"".join(client_for(user).get(url).streaming_content).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(body)))
        return next(r["Codes"] for r in rows if r["Answer"] == answer.text)

    assert codes_seen_by(bo) == ""
    assert codes_seen_by(ada) == "Code X"
