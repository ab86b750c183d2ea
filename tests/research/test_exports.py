"""Exporting submissions' answers, one row per answer, as CSV and XLSX."""

import csv
import io
import tracemalloc

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from councils.models import Authority
from instrument.models import Question
from research.exports import HEADERS, answer_csv_lines, answer_rows, export_answers_csv
from research.models import Code
from research.spreadsheet import csv_row
from submissions.models import Answer, Submission
from tests.factories import QuestionFactory, client_for, make_staff

from .conftest import code_answer, make_submission
from .export_helpers import EXPORT_URL, xlsx_via_email

pytestmark = pytest.mark.django_db


def parse_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the byte-order mark"
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


@pytest.fixture
def coded_submissions(a_round, theme, researcher):
    camden = make_submission(a_round, theme, name="Camden")
    cardiff = make_submission(
        a_round, theme, name="Cardiff", nation=Authority.Nation.WALES, type=Authority.Type.WELSH
    )
    assembly = Code.objects.create(theme=theme, name="Citizens' assembly")
    partners = Code.objects.create(theme=theme, name="Anchor partners")
    first = cardiff.answers.order_by("question__order").first()
    code_answer(first, assembly, researcher)
    code_answer(first, partners, researcher)
    return camden, cardiff


def test_csv_has_one_row_per_answer_of_the_filtered_list(coded_submissions, theme, a_round):
    camden, cardiff = coded_submissions
    welsh = Submission.objects.filter(authority__nation=Authority.Nation.WALES)

    rows = parse_csv(export_answers_csv(welsh))

    assert list(rows[0].keys()) == HEADERS
    assert len(rows) == cardiff.answers.count() == 2
    first, second = rows
    assert first == {
        "Submission reference": cardiff.reference,
        "Authority": "Cardiff",
        "GSS code": cardiff.authority.gss_code,
        "Type": "Welsh principal area",
        "Nation": "Wales",
        "Region": "North West",
        "Tier": "",
        "Round": a_round.title,
        "State": "Submitted",
        "Theme": theme.title,
        "Question": "How do residents shape the mission?",
        "Question version": "1",
        "Question as answered": "How do residents shape the mission?",
        "Answer": "Cardiff: We held citizens' assemblies. Q1.",
        "What worked": "Cardiff worked: listening.",
        "What didn't": "Cardiff didn't: funding.",
        "Codes": "Anchor partners; Citizens' assembly",
        "Not yet / not applicable": "no",
        "Reason not yet": "",
    }
    assert second["Question"] == "Who do you partner with?"
    assert second["Codes"] == ""


def test_export_view_keeps_the_submission_list_filters(
    researcher_client, coded_submissions, a_round
):
    camden, cardiff = coded_submissions
    cardiff.status = Submission.Status.DRAFT
    cardiff.save()

    response = researcher_client.get(
        reverse(EXPORT_URL), {"format": "csv", "status__exact": "submitted"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = parse_csv(response)
    assert {r["Authority"] for r in rows} == {"Camden"}
    assert len(rows) == 2


def test_xlsx_export_has_the_same_rows(
    researcher_client,
    researcher,
    coded_submissions,
    private_media,
    django_capture_on_commit_callbacks,
):
    xlsx = xlsx_via_email(researcher_client, researcher, django_capture_on_commit_callbacks, {})

    workbook = load_workbook(xlsx, read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 1 + Answer.objects.count()
    cardiff_first = next(r for r in rows if r[1] == "Cardiff" and r[11].endswith("Q1."))
    assert cardiff_first[14] == "Anchor partners; Citizens' assembly"


def test_export_view_filters_by_nation_like_the_submission_list(
    researcher_client, coded_submissions
):
    response = researcher_client.get(reverse(EXPORT_URL), {"authority__nation__exact": "Wales"})

    rows = parse_csv(response)
    assert {r["Authority"] for r in rows} == {"Cardiff"}
    assert {r["Nation"] for r in rows} == {"Wales"}
    assert len(rows) == 2


def test_an_unknown_filter_goes_back_to_the_list_with_an_error(
    researcher_client, coded_submissions
):
    response = researcher_client.get(reverse(EXPORT_URL), {"no_such_field": "x"})

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_notes_column_is_opt_in(researcher_client, researcher, coded_submissions):
    camden, _ = coded_submissions
    SubmissionNote = apps.get_model("submissions", "SubmissionNote")
    SubmissionNote.objects.create(submission=camden, author=researcher, text="Call them back.")
    SubmissionNote.objects.create(submission=camden, author=researcher, text="Strong on partners.")

    without = parse_csv(researcher_client.get(reverse(EXPORT_URL)))
    with_notes = parse_csv(researcher_client.get(reverse(EXPORT_URL), {"notes": "1"}))

    assert "Notes" not in without[0]
    camden_rows = [r for r in with_notes if r["Authority"] == "Camden"]
    assert camden_rows[0]["Notes"] == "Call them back.\n\nStrong on partners."
    assert {r["Notes"] for r in with_notes if r["Authority"] == "Cardiff"} == {""}


def test_export_is_an_admin_action_on_the_submission_list(researcher_client, coded_submissions):
    camden, cardiff = coded_submissions
    response = researcher_client.post(
        reverse("admin:submissions_submission_changelist"),
        {"action": "export_answers_as_csv", "_selected_action": [cardiff.pk]},
    )
    assert response.status_code == 200
    assert {r["Authority"] for r in parse_csv(response)} == {"Cardiff"}


def test_staff_without_permission_cannot_export(coded_submissions):
    nobody = make_staff("Researcher", "nobody")
    nobody.groups.clear()
    nobody.user_permissions.add(*Permission.objects.filter(codename__in=["view_codableanswer"]))

    response = client_for(nobody).get(reverse(EXPORT_URL))

    assert response.status_code == 403


def test_rows_do_not_depend_on_how_the_answers_are_read_in_batches(
    a_round, theme, researcher, coded_submissions
):
    """Answers are read a batch of submissions at a time and codes from one query alongside:
    any batch size gives the same rows, in the same order, with each answer's own codes, and
    the CSV lines are those rows."""
    learning = QuestionFactory(
        round=a_round, section="learning", theme=None, text="What did you learn?"
    )
    # Names out of id order, so the export's order (by authority) differs from the ids'.
    later = [make_submission(a_round, theme, name=name) for name in ("Zetland", "Aberdeen")]
    for submission in Submission.objects.all():
        Answer.objects.create(submission=submission, question=learning, text='Learning, "a lot"')
    # One marked "Not yet / not applicable", its reason formula-like: escaped in both formats.
    Answer.objects.filter(submission=later[0], question=learning).update(
        text="", not_yet=True, not_yet_reason="=Too early, we start next year"
    )
    codes = [Code.objects.create(theme=theme, name=name) for name in ("B code", "A code")]
    for n, answer in enumerate(Answer.objects.order_by("pk")):
        if n % 3 == 0:
            for code in codes[: 1 + n % 2]:
                code_answer(answer, code, researcher)
            code_answer(answer, codes[0], make_staff("Researcher", f"second-{n}"))  # same name
    SubmissionNote = apps.get_model("submissions", "SubmissionNote")
    SubmissionNote.objects.create(submission=later[0], author=researcher, text="=Check, please")

    def export(chunk_size):
        return list(
            answer_rows(Submission.objects.all(), include_notes=True, chunk_size=chunk_size)
        )

    rows = export(10_000)
    assert [export(size) for size in (1, 2, 3)] == [rows] * 3
    assert len(rows) == 1 + Answer.objects.count()
    authorities = [row[1] for row in rows[1:]]
    assert authorities == sorted(authorities)
    by_answer = {(row[1], row[11]): row[14] for row in rows[1:]}
    for answer in Answer.objects.select_related("submission__authority"):
        expected = "; ".join(sorted({c.code.name for c in answer.codings.all()}))
        assert by_answer[(answer.submission.authority.name, answer.text)] == expected
    csv_lines = answer_csv_lines(Submission.objects.all(), include_notes=True, chunk_size=2)
    assert list(csv_lines) == [csv_row(row) for row in rows]


def test_exporting_20000_answers_keeps_memory_flat(a_round, theme, researcher):
    """Memory stays flat however many rows: peak while streaming 20,000 rows stays under 50 MB.

    The answers are long enough (about 34 MB of text in all) that reading them all at once
    would go over the limit; chunked reading peaks at about 10 MB.
    """
    questions = [
        Question(round=a_round, theme=theme, text=f"Extra question {i}?", order=10 + i)
        for i in range(8)
    ]
    Question.objects.bulk_create(questions)
    questions = list(theme.questions.all())  # 10 questions
    authorities = Authority.objects.bulk_create(
        Authority(
            code=f"M{i:04d}",
            name=f"Memoryshire {i}",
            official_name=f"Memoryshire {i} Council",
            slug=f"memoryshire-{i}",
            gss_code=f"E07{i:06d}",
            type=Authority.Type.DISTRICT,
            nation=Authority.Nation.ENGLAND,
        )
        for i in range(2000)
    )
    submissions = Submission.objects.bulk_create(
        Submission(authority=a, round=a_round, status="submitted", reference=f"M-{a.code}")
        for a in authorities
    )
    text = "We worked with residents and partners over many years. " * 30  # ~1,700 characters
    Answer.objects.bulk_create(
        (Answer(submission=s, question=q, text=text) for s in submissions for q in questions),
        batch_size=2000,
    )
    code = Code.objects.create(theme=theme, name="Residents")
    for answer in Answer.objects.order_by("pk")[:500]:
        code_answer(answer, code, researcher)
    assert Answer.objects.count() == 20_000

    response = export_answers_csv(Submission.objects.all())
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        rows = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert rows == 20_001
    assert peak - start < 50 * 1024 * 1024
