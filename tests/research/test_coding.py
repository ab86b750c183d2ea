"""Researchers keep a codebook per theme and apply its codes to answers in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from research.models import Code, Coding
from research.services import codes_for_answers
from tests.factories import QuestionFactory, ThemeFactory

from .conftest import code_answer, make_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(a_round, theme):
    return make_submission(a_round, theme, name="Camden")


@pytest.fixture
def answer(submission):
    return submission.answers.order_by("question__order").first()


def test_researcher_and_project_lead_groups_may_manage_research_models(db):
    for name in ["Researcher", "Project lead"]:
        codenames = set(
            Group.objects.get(name=name)
            .permissions.filter(content_type__app_label="research")
            .values_list("codename", flat=True)
        )
        assert {"add_code", "change_coding", "view_codableanswer", "change_codableanswer"} <= (
            codenames
        )
        assert "view_doublecodingassignment" in codenames


def test_codebook_is_listed_by_theme_and_searchable(researcher_client, theme):
    other = ThemeFactory(title="Measuring impact")
    Code.objects.create(theme=theme, name="Citizens' assembly")
    Code.objects.create(theme=other, name="Outcome metrics")
    url = reverse("admin:research_code_changelist")

    everything = researcher_client.get(url)
    assert everything.status_code == 200
    assert "Citizens&#x27; assembly" in everything.content.decode()
    filtered = researcher_client.get(url, {"theme__id__exact": other.pk}).content.decode()
    assert "Outcome metrics" in filtered and "Citizens" not in filtered
    searched = researcher_client.get(url, {"q": "assembly"}).content.decode()
    assert "Citizens" in searched and "Outcome metrics" not in searched


def test_researcher_adds_a_code_with_a_parent_and_it_keeps_history(researcher_client, theme):
    parent = Code.objects.create(theme=theme, name="Participation")

    response = researcher_client.post(
        reverse("admin:research_code_add"),
        {
            "theme": theme.pk,
            "name": "Citizens' jury",
            "description": "Deliberation",
            "parent": parent.pk,
        },
    )

    assert response.status_code == 302, response.content.decode()
    code = Code.objects.get(name="Citizens' jury")
    assert code.parent == parent
    assert code.history.count() == 1
    duplicate = researcher_client.post(
        reverse("admin:research_code_add"), {"theme": theme.pk, "name": "Citizens' jury"}
    )
    assert duplicate.status_code == 200
    assert "already exists" in duplicate.content.decode()


def test_parent_autocomplete_searches_the_codebook(researcher_client, theme):
    Code.objects.create(theme=theme, name="Participation")
    response = researcher_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "research", "model_name": "code", "field_name": "parent", "term": "partic"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Participation"]


def test_researcher_codes_an_answer_with_an_excerpt_and_memo(
    researcher_client, researcher, answer, theme
):
    code = Code.objects.create(theme=theme, name="Citizens' assembly")

    response = researcher_client.post(
        reverse("admin:research_coding_add"),
        {"answer": answer.pk, "code": code.pk, "excerpt": "citizens' assemblies", "memo": "Clear."},
    )

    assert response.status_code == 302, response.content.decode()
    coding = Coding.objects.get()
    assert (coding.answer_id, coding.code, coding.coder) == (answer.pk, code, researcher)
    assert coding.history.get().history_user == researcher


def test_answer_autocomplete_finds_answers_by_authority(researcher_client, answer):
    response = researcher_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "research", "model_name": "coding", "field_name": "answer", "term": "Camden"},
    )
    assert response.status_code == 200
    assert str(answer.pk) in {r["id"] for r in response.json()["results"]}


def test_excerpt_must_be_quoted_exactly_from_the_answer(researcher_client, answer, theme):
    code = Code.objects.create(theme=theme, name="Citizens' assembly")

    response = researcher_client.post(
        reverse("admin:research_coding_add"),
        {"answer": answer.pk, "code": code.pk, "excerpt": "a people's panel", "memo": "Kept"},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "The excerpt must be copied exactly from the answer" in content
    assert "Kept" in content  # what was typed is kept
    assert not Coding.objects.exists()


def test_code_must_come_from_the_answers_theme(researcher_client, answer):
    other_theme = ThemeFactory(title="Measuring impact")
    QuestionFactory(theme=other_theme)
    wrong = Code.objects.create(theme=other_theme, name="Outcome metrics")

    response = researcher_client.post(
        reverse("admin:research_coding_add"), {"answer": answer.pk, "code": wrong.pk}
    )

    assert response.status_code == 200
    assert "Choose a code from the theme “Working with communities”" in response.content.decode()
    assert not Coding.objects.exists()


def _inline_post(answer, **first_form):
    return {
        "codings-TOTAL_FORMS": "1",
        "codings-INITIAL_FORMS": "0",
        "codings-MIN_NUM_FORMS": "0",
        "codings-MAX_NUM_FORMS": "1000",
        **{f"codings-0-{k}": v for k, v in first_form.items()},
    }


def test_researcher_codes_an_answer_inline_on_its_page(
    researcher_client, researcher, answer, theme
):
    code = Code.objects.create(theme=theme, name="Citizens' assembly")
    ThemeFactory(title="Other").codes.create(name="Not offered")
    url = reverse("admin:research_codableanswer_change", args=[answer.pk])

    page = researcher_client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Camden: We held citizens" in content
    assert "Citizens&#x27; assembly" in content
    assert "Not offered" not in content  # only the answer's theme's codebook is offered

    response = researcher_client.post(
        url, _inline_post(answer, code=code.pk, excerpt="", memo="Yes")
    )

    assert response.status_code == 302, response.content.decode()
    coding = Coding.objects.get()
    assert (coding.code, coding.coder, coding.memo) == (code, researcher, "Yes")


def test_inline_rejects_an_excerpt_not_in_the_answer(researcher_client, answer, theme):
    code = Code.objects.create(theme=theme, name="Citizens' assembly")
    url = reverse("admin:research_codableanswer_change", args=[answer.pk])

    response = researcher_client.post(
        url, _inline_post(answer, code=code.pk, excerpt="made up", memo="")
    )

    assert response.status_code == 200
    assert "The excerpt must be copied exactly from the answer" in response.content.decode()
    assert not Coding.objects.exists()


def test_answers_list_shows_codes_and_filters_coded_and_nation(
    researcher_client, researcher, a_round, theme, django_assert_max_num_queries
):
    camden = make_submission(a_round, theme, name="Camden")
    make_submission(a_round, theme, name="Cardiff", nation="Wales", type="WPA")
    code = Code.objects.create(theme=theme, name="Citizens' assembly")
    code_answer(camden.answers.first(), code, researcher)
    url = reverse("admin:research_codableanswer_changelist")

    with django_assert_max_num_queries(15):
        listing = researcher_client.get(url)
    content = listing.content.decode()
    assert "Camden" in content and "Cardiff" in content
    assert "Citizens&#x27; assembly" in content

    coded = researcher_client.get(url, {"coded": "yes"}).content.decode()
    assert "1 answer to code" in coded
    not_coded = researcher_client.get(url, {"coded": "no"}).content.decode()
    assert "3 answers to code" in not_coded
    welsh = researcher_client.get(url, {"submission__authority__nation": "Wales"}).content.decode()
    assert "Cardiff" in welsh and "Camden" not in welsh
    by_theme = researcher_client.get(url, {"question__theme__id__exact": theme.pk})
    assert by_theme.status_code == 200
    searched = researcher_client.get(url, {"q": "Cardiff"}).content.decode()
    assert "Cardiff" in searched and "Camden" not in searched


def test_codes_for_answers_groups_codings_by_answer_in_one_query(
    researcher, a_round, theme, django_assert_num_queries
):
    submission = make_submission(a_round, theme, name="Camden")
    first, second = submission.answers.order_by("question__order")
    b = Code.objects.create(theme=theme, name="B code")
    a = Code.objects.create(theme=theme, name="A code")
    code_answer(first, b, researcher)
    code_answer(first, a, researcher)

    with django_assert_num_queries(1):
        result = codes_for_answers([first.pk, second.pk])
        names = [c.code.name for c in result[first.pk]]

    assert names == ["A code", "B code"]
    assert second.pk not in result
