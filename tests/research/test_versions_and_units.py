"""The research pages show the wording answered, in the submission's own round; codings keep
the version they read; every part of a submission can be coded; evidence is on the page."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from instrument.models import Question
from instrument.services import round_copy
from research.datasets import long_rows
from research.exports import export_answers_csv
from research.models import Code, Coding, TextUnit
from research.qdpx import write_qdpx
from submissions.models import Answer, Evidence, Submission
from tests.factories import MissionFactory

from .conftest import code_answer, make_submission
from .test_datasets import as_dicts
from .test_exports import parse_csv

pytestmark = pytest.mark.django_db

SUBMISSION_URL = "admin:submissions_submission_change"
COMPARISON_URL = "admin:research_codableanswer_comparison"
UNITS_URL = "admin:research_textunit_changelist"


@pytest.fixture
def camden(a_round, theme):
    return make_submission(a_round, theme, name="Camden")


@pytest.fixture
def reworded(camden):
    """Camden answered "How do residents shape the mission?" at version 1; it was reworded since."""
    answer = camden.answers.get(question__order=1)
    Answer.objects.filter(pk=answer.pk).update(question_text=answer.question.text)
    question = answer.question
    question.text = "How do residents shape your authority's mission?"
    question.save()
    answer.refresh_from_db()
    assert (question.version, answer.question_version) == (2, 1)
    return answer


def test_copying_a_round_lists_each_question_once(researcher_client, camden, theme, a_round):
    a_round.refresh_from_db()  # dates as dates
    round_copy(round=a_round)
    assert theme.questions.count() == 4  # two per round

    page = researcher_client.get(reverse(SUBMISSION_URL, args=[camden.pk]))
    group = next(g for g in page.context["themes"] if g["theme"] == theme)
    assert [q.text for q, *_ in group["rows"]] == [
        "How do residents shape the mission?",
        "Who do you partner with?",
    ]
    comparison = researcher_client.get(reverse(COMPARISON_URL), {"theme": theme.pk})
    assert [q.pk for q in comparison.context["questions"]] == [
        q.pk for q in theme.questions.filter(round=a_round).order_by("order")
    ]
    assert comparison.content.decode().count("Who do you partner with?") == 1


def test_research_pages_show_the_wording_answered(researcher_client, reworded, theme):
    old = "How do residents shape the mission?"
    submission_page = researcher_client.get(reverse(SUBMISSION_URL, args=[reworded.submission_id]))
    assert f'{old} <span class="question-version">(version 1)</span>' in (
        submission_page.content.decode()
    )
    coding_page = researcher_client.get(
        reverse("admin:research_codableanswer_change", args=[reworded.pk])
    )
    assert f"{old} (version 1)" in coding_page.content.decode()
    comparison = researcher_client.get(reverse(COMPARISON_URL), {"theme": theme.pk})
    assert f"Answered the wording (version 1): “{old}”" in comparison.content.decode()

    csv_row = next(
        r
        for r in parse_csv(export_answers_csv(Submission.objects.all()))
        if r["Question version"] == "1" and r["Question as answered"] == old
    )
    assert csv_row["Question"] == reworded.question.text
    long = {r["row_id"]: r for r in as_dicts(long_rows(Submission.objects.all(), user=None))}
    assert long[f"answer-{reworded.pk}"]["question_version"] == 1
    assert long[f"answer-{reworded.pk}"]["question_text"] == old


def test_a_coding_keeps_the_question_version_it_read(reworded, theme, researcher):
    coding = code_answer(reworded, Code.objects.create(theme=theme, name="Co-design"), researcher)
    Answer.objects.filter(pk=reworded.pk).update(
        question_version=2, question_text=reworded.question.text
    )

    coding.refresh_from_db()
    assert coding.question_version == 1
    long = {r["row_id"]: r for r in as_dicts(long_rows(Submission.objects.all(), user=None))}
    assert long[f"coding-{coding.pk}"]["question_version"] == 1
    assert long[f"answer-{reworded.pk}"]["question_version"] == 2


def _inline(**first_form):
    return {
        "codings-TOTAL_FORMS": "1",
        "codings-INITIAL_FORMS": "0",
        "codings-MIN_NUM_FORMS": "0",
        "codings-MAX_NUM_FORMS": "1000",
        **{f"codings-0-{k}": v for k, v in first_form.items()},
    }


def test_every_part_of_a_submission_can_be_coded(researcher_client, researcher, camden, theme):
    camden.national_government = "Give us multi-year funding."
    camden.save()
    mission = MissionFactory(
        authority=camden.authority, statement="Every home warm by 2035.", submission=camden
    )
    code = Code.objects.create(theme=theme, name="Funding")

    listing = researcher_client.get(reverse(UNITS_URL))
    assert listing.status_code == 200
    units = {(u.field, u.object_id): u for u in TextUnit.objects.filter(submission=camden)}
    F = TextUnit.Field
    assert set(units) == {
        (F.WHAT_WORKED, theme.pk),
        (F.WHAT_DIDNT, theme.pk),
        (F.MISSION_STATEMENT, mission.pk),
        (F.NATIONAL_GOVERNMENT, 0),
    }
    assert "Give us multi-year funding." in listing.content.decode()

    national = units[(F.NATIONAL_GOVERNMENT, 0)]
    statement = units[(F.MISSION_STATEMENT, mission.pk)]
    for unit, excerpt in ((national, "multi-year funding"), (statement, "warm by 2035")):
        url = reverse("admin:research_textunit_change", args=[unit.pk])
        response = researcher_client.post(url, _inline(code=code.pk, excerpt=excerpt, memo=""))
        assert response.status_code == 302, response.content.decode()[:2000]
    codings = {c.unit_id: c for c in Coding.objects.filter(unit__isnull=False)}
    assert codings[national.pk].coder == researcher
    assert codings[national.pk].answer_text == "Give us multi-year funding."

    long = {r["row_id"]: r for r in as_dicts(long_rows(Submission.objects.all(), user=researcher))}
    row = long[f"coding-{codings[national.pk].pk}"]
    assert (row["field"], row["unit_id"], row["excerpt"]) == (
        "national_government",
        national.pk,
        "multi-year funding",
    )
    assert long[f"mission-{camden.pk}-{mission.pk}"]["text"] == "Every home warm by 2035."

    out = io.BytesIO()
    write_qdpx(out, Submission.objects.all(), user=researcher)
    with zipfile.ZipFile(out) as archive:
        project = archive.read("project.qde").decode()
        source = next(n for n in archive.namelist() if n.startswith("Sources/"))
        text = archive.read(source).decode()
    for excerpt in ("multi-year funding", "warm by 2035"):
        start = text.index(excerpt)
        assert f'startPosition="{start}" endPosition="{start + len(excerpt)}"' in project


def test_learning_answers_are_in_the_coding_list_and_take_any_code(
    researcher_client, camden, a_round, theme
):
    question = Question.objects.create(
        round=a_round, section=Question.Section.LEARNING, text="What have you learned from?"
    )
    answer = Answer.objects.create(submission=camden, question=question, text="València.")
    code = Code.objects.create(theme=theme, name="International examples")

    listing = researcher_client.get(reverse("admin:research_codableanswer_changelist"))
    assert answer in list(listing.context["cl"].result_list)
    url = reverse("admin:research_codableanswer_change", args=[answer.pk])
    response = researcher_client.post(url, _inline(code=code.pk, excerpt="València", memo=""))
    assert response.status_code == 302
    assert Coding.objects.get(answer=answer).code == code
    page = researcher_client.get(reverse(SUBMISSION_URL, args=[camden.pk]))
    assert "Learning and enablers" in page.content.decode()
    assert "València." in page.content.decode()


def test_evidence_is_listed_with_the_checked_download_link(
    researcher_client, camden, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    pdf = Evidence(submission=camden, title="Evaluation 2024")
    pdf.file.save("e.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=True)
    Evidence.objects.create(submission=camden, title="Strategy", url="https://example.org/s")

    page = researcher_client.get(reverse(SUBMISSION_URL, args=[camden.pk])).content.decode()

    download = reverse("questionnaire:evidence_file", args=[pdf.pk])
    assert "Evaluation 2024" in page and f'href="{download}"' in page
    assert 'href="https://example.org/s"' in page
    assert pdf.file.name not in page  # no path to the stored file
    assert researcher_client.get(download).status_code == 200
