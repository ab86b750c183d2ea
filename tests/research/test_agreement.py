"""Coder agreement: double coding, blind coding, and Cohen's kappa by hand."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from research.agreement import agreement
from research.models import Code, DoubleCodingAssignment
from tests.factories import QuestionFactory, client_for, make_staff

from .conftest import code_answer, make_submission

ANSWERS_URL = "admin:research_codableanswer_changelist"


def test_kappa_by_hand():
    """10 answers, code X: A applies it to answers 1–6, B to 1–5 and 7.

    Both yes: 1–5 (5); only A: 6 (1); only B: 7 (1); neither: 8–10 (3).
    p_o = (5 + 3) / 10 = 0.8
    A says yes 6/10, B says yes 6/10: p_e = 0.6 × 0.6 + 0.4 × 0.4 = 0.36 + 0.16 = 0.52
    kappa = (0.8 − 0.52) / (1 − 0.52) = 0.28 / 0.48 = 0.58333…
    """
    a_yes, b_yes = set(range(1, 7)), {1, 2, 3, 4, 5, 7}
    result = agreement((n in a_yes, n in b_yes) for n in range(1, 11))

    assert (result.both, result.only_a, result.only_b, result.neither) == (5, 1, 1, 3)
    assert result.observed == pytest.approx(0.8)
    assert result.expected == pytest.approx(0.52)
    assert result.kappa == pytest.approx(0.58333333)


def test_kappa_is_undefined_when_chance_agreement_is_certain():
    # Neither coder ever applied the code: p_o = p_e = 1, so kappa is n/a (not 0, not an error).
    result = agreement([(False, False)] * 4)
    assert result.observed == 1
    assert result.kappa is None
    assert agreement([]).kappa is None


@pytest.fixture
def coders(db):
    return make_staff("Researcher", "ada"), make_staff("Researcher", "bo")


@pytest.fixture
def ten_answers(a_round):
    """Ten answers to one question of a theme (one per submission), in order 1–10."""
    from tests.factories import ThemeFactory

    theme = ThemeFactory(title="Leading change", slug="leading-change-test")
    QuestionFactory(round=a_round, theme=theme, text="What changed?", order=1)
    return theme, [
        make_submission(a_round, theme, name=f"Authority {n:02d}").answers.get()
        for n in range(1, 11)
    ]


def mark_for_double_coding(client, answers, coder_a, coder_b):
    return client.post(
        reverse(ANSWERS_URL),
        {
            "action": "mark_for_double_coding",
            ACTION_CHECKBOX_NAME: [a.pk for a in answers],
            "apply": "1",
            "coder_a": coder_a.pk,
            "coder_b": coder_b.pk,
        },
    )


@pytest.mark.django_db
def test_mark_for_double_coding_asks_for_two_researchers(researcher_client, coders, ten_answers):
    ada, bo = coders
    _, answers = ten_answers

    form = researcher_client.post(
        reverse(ANSWERS_URL),
        {"action": "mark_for_double_coding", ACTION_CHECKBOX_NAME: [a.pk for a in answers[:3]]},
    )
    assert form.status_code == 200
    assert "First coder" in form.content.decode()

    same = mark_for_double_coding(researcher_client, answers[:3], ada, ada)
    assert "Choose a different researcher" in same.content.decode()
    assert not DoubleCodingAssignment.objects.exists()

    done = mark_for_double_coding(researcher_client, answers[:3], ada, bo)
    assert done.status_code == 302
    assert DoubleCodingAssignment.objects.filter(coder_a=ada, coder_b=bo).count() == 3


@pytest.mark.django_db
def test_coders_code_blind_until_both_are_done(coders, ten_answers, researcher_client):
    ada, bo = coders
    theme, answers = ten_answers
    answer = answers[0]
    code_x = Code.objects.create(theme=theme, name="Code X")
    code_y = Code.objects.create(theme=theme, name="Code Y")
    mark_for_double_coding(researcher_client, [answer], ada, bo)
    code_answer(answer, code_x, ada, memo="Ada's reading")
    code_answer(answer, code_y, bo, memo="Bo's reading")
    ada_client, bo_client = client_for(ada), client_for(bo)
    change_url = reverse("admin:research_codableanswer_change", args=[answer.pk])
    codings_url = reverse("admin:research_coding_changelist")

    def sees(client, url, text):
        response = client.get(url)
        assert response.status_code == 200
        return text in response.content.decode()

    # Bo sees only Bo's own coding: on the answer's page, in the answers list and the codings list.
    assert not sees(bo_client, change_url, "Ada&#x27;s reading")
    assert sees(bo_client, change_url, "Bo&#x27;s reading")
    assert not sees(bo_client, reverse(ANSWERS_URL), "Code X")
    assert sees(bo_client, reverse(ANSWERS_URL), "Code Y")
    assert sees(bo_client, codings_url, "1 coding")
    assert sees(ada_client, change_url, "Ada&#x27;s reading")
    assert not sees(ada_client, change_url, "Bo&#x27;s reading")
    # Someone not on the assignment sees both.
    assert sees(researcher_client, change_url, "Ada&#x27;s reading")
    assert sees(researcher_client, change_url, "Bo&#x27;s reading")
    assert sees(researcher_client, codings_url, "2 codings")

    # Ada finishes: still blind for Bo, who has not.
    ada_client.post(
        reverse(ANSWERS_URL),
        {"action": "mark_my_double_coding_done", ACTION_CHECKBOX_NAME: [answer.pk]},
    )
    assert DoubleCodingAssignment.objects.get().coder_a_done
    assert not sees(bo_client, change_url, "Ada&#x27;s reading")

    bo_client.post(
        reverse(ANSWERS_URL),
        {"action": "mark_my_double_coding_done", ACTION_CHECKBOX_NAME: [answer.pk]},
    )
    assert sees(bo_client, change_url, "Ada&#x27;s reading")
    assert sees(ada_client, change_url, "Bo&#x27;s reading")
    assert sees(bo_client, codings_url, "2 codings")


@pytest.mark.django_db
def test_agreement_report_gives_the_hand_computed_kappa(coders, ten_answers, researcher_client):
    """Code X as in test_kappa_by_hand: kappa 0.58. Code Y: both apply it to 1–2 only: kappa 1.00.

    Pooled over the theme (20 decisions): both 7, only A 1, only B 1, neither 11.
    p_o = 18/20 = 0.9; A yes 8/20 = 0.4, B yes 8/20 = 0.4; p_e = 0.16 + 0.36 = 0.52;
    kappa = (0.9 − 0.52) / 0.48 = 0.7917 → "0.79".
    """
    ada, bo = coders
    theme, answers = ten_answers
    code_x = Code.objects.create(theme=theme, name="Code X")
    code_y = Code.objects.create(theme=theme, name="Code Y")
    mark_for_double_coding(researcher_client, answers, ada, bo)
    for n, answer in enumerate(answers, start=1):
        if n <= 6:
            code_answer(answer, code_x, ada)
        if n <= 5 or n == 7:
            code_answer(answer, code_x, bo)
        if n <= 2:
            code_answer(answer, code_y, ada)
            code_answer(answer, code_y, bo)
    # Someone else's coding of the same answers does not count.
    code_answer(answers[9], code_x, make_staff("Researcher", "cy"))
    DoubleCodingAssignment.objects.update(coder_a_done=True, coder_b_done=True)

    response = researcher_client.get(reverse("admin:research_codableanswer_agreement"))

    assert response.status_code == 200
    content = response.content.decode()
    assert f'data-code-kappa="{code_x.pk}">0.58<' in content
    assert f'data-code-kappa="{code_y.pk}">1.00<' in content
    assert f'data-theme-kappa="{theme.pk}">0.79<' in content
    assert f'data-theme-observed="{theme.pk}">90%<' in content


@pytest.mark.django_db
def test_agreement_report_leaves_out_unfinished_double_coding(
    coders, ten_answers, researcher_client
):
    ada, bo = coders
    theme, answers = ten_answers
    Code.objects.create(theme=theme, name="Code X")
    mark_for_double_coding(researcher_client, answers[:2], ada, bo)

    response = researcher_client.get(reverse("admin:research_codableanswer_agreement"))

    content = response.content.decode()
    assert "No double coding has been finished yet" in content
    assert "2 double-coded answers still being coded are not included" in content
