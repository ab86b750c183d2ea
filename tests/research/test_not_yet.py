"""An answer marked "Not yet / not applicable", with the reason the officer gave, is neither
blank nor an answer on the research side: the answers to code, the comparison page, the
exports (explicit columns, never the reason in the answer's text), the long file, its data
dictionary and the QDPX project all say so (submissions.answers is the one home)."""

import io
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from research.datasets import dictionary_rows, long_rows
from research.exports import HEADERS
from research.models import Code
from research.qdpx import write_qdpx
from submissions.models import Answer, Submission

from .conftest import code_answer, make_submission
from .export_helpers import EXPORT_URL, xlsx_via_email
from .test_exports import parse_csv

pytestmark = pytest.mark.django_db
REASON = "Too early to say."
SHOWN = f"Not yet / not applicable: {REASON}"


@pytest.fixture
def not_yet(a_round, theme):
    """Camden's first answer marked not yet, with a reason; its second answered; Cardiff's
    second has no answer at all."""
    camden = make_submission(a_round, theme, name="Camden")
    cardiff = make_submission(a_round, theme, name="Cardiff")
    first, second = camden.answers.order_by("question__order")
    Answer.objects.filter(pk=first.pk).update(text="", not_yet=True, not_yet_reason=REASON)
    cardiff.answers.order_by("question__order").last().delete()
    return {"camden": camden, "cardiff": cardiff, "answer": first, "answered": second}


def test_the_answers_to_code_show_the_reason_to_a_researcher(researcher_client, not_yet):
    url = reverse("admin:research_codableanswer_changelist")

    listed = researcher_client.get(url).content.decode()
    marked = researcher_client.get(url, {"not_yet__exact": "1"}).content.decode()
    found = researcher_client.get(url, {"q": "too early"}).content.decode()
    page = researcher_client.get(
        reverse("admin:research_codableanswer_change", args=[not_yet["answer"].pk])
    ).content.decode()

    assert SHOWN in listed
    assert SHOWN in marked and "Camden: We held" not in marked  # a filter for them
    assert SHOWN in found  # and the reason is searched
    assert SHOWN in page


def test_the_comparison_page_shows_the_reason(researcher_client, not_yet, theme):
    response = researcher_client.get(
        reverse("admin:research_codableanswer_comparison"), {"theme": theme.pk}
    )

    content = response.content.decode()
    table = content[content.index('id="comparison"') : content.index('id="codes-by-type"')]
    camden = re.search(r"<tr>\s*<th scope=\"row\"><a[^>]*>Camden</a>.*?</tr>", table, re.S)
    cardiff = re.search(r"<tr>\s*<th scope=\"row\"><a[^>]*>Cardiff</a>.*?</tr>", table, re.S)
    camden_cells = re.findall(r"<td>(.*?)</td>", camden.group(0), re.S)
    cardiff_cells = re.findall(r"<td>(.*?)</td>", cardiff.group(0), re.S)
    assert SHOWN in camden_cells[0]
    assert "Camden: We held" in camden_cells[1]
    assert "(no answer)" in cardiff_cells[1] and "Not yet" not in cardiff_cells[1]


def test_the_csv_export_has_not_yet_and_its_reason_in_their_own_columns(researcher_client, not_yet):
    rows = parse_csv(researcher_client.get(reverse(EXPORT_URL), {"format": "csv"}))

    assert list(rows[0])[-2:] == ["Not yet / not applicable", "Reason not yet"]
    marked = [r for r in rows if r["Not yet / not applicable"] == "yes"]
    assert [(r["Authority"], r["Answer"], r["Reason not yet"]) for r in marked] == [
        ("Camden", "", REASON)
    ]
    others = [r for r in rows if r not in marked]
    assert len(others) == 2 and {
        (r["Not yet / not applicable"], r["Reason not yet"]) for r in others
    } == {("no", "")}


def test_the_xlsx_export_has_the_same_columns(
    researcher_client, researcher, not_yet, private_media, django_capture_on_commit_callbacks
):
    xlsx = xlsx_via_email(researcher_client, researcher, django_capture_on_commit_callbacks, {})

    rows = list(load_workbook(xlsx, read_only=True).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    flag, reason = HEADERS.index("Not yet / not applicable"), HEADERS.index("Reason not yet")
    answer = HEADERS.index("Answer")
    marked = [r for r in rows[1:] if r[flag] == "yes"]
    assert [(r[1], r[answer], r[reason]) for r in marked] == [("Camden", None, REASON)]
    assert {r[flag] for r in rows[1:] if r not in marked} == {"no"}


def test_the_long_file_and_its_dictionary_record_not_yet(researcher, not_yet, theme):
    Answer.objects.filter(pk=not_yet["answered"].pk).update(not_yet_reason="Left from before")
    code_answer(not_yet["answer"], Code.objects.create(theme=theme, name="Early days"), researcher)

    rows = list(long_rows(Submission.objects.all(), user=researcher))
    header, rows = rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]

    assert header[-2:] == ["not_yet", "not_yet_reason"]
    by_id = {r["row_id"]: r for r in rows}
    marked = by_id[f"answer-{not_yet['answer'].pk}"]
    assert (marked["text"], marked["not_yet"], marked["not_yet_reason"]) == ("", 1, REASON)
    answered = by_id[f"answer-{not_yet['answered'].pk}"]
    # A reason is only data when the answer is marked not yet.
    assert (answered["not_yet"], answered["not_yet_reason"]) == (0, "")
    assert {r["not_yet"] for r in rows if r["row_type"] != "answer"} == {""}
    described = {(f, c) for f, c, *_ in dictionary_rows()}
    assert {("long", "not_yet"), ("long", "not_yet_reason")} <= described


def test_the_qdpx_source_reads_not_yet_and_its_reason(researcher, not_yet):
    out = io.BytesIO()
    write_qdpx(out, Submission.objects.filter(pk=not_yet["camden"].pk), user=researcher)

    archive = zipfile.ZipFile(out)
    (source,) = [name for name in archive.namelist() if name.startswith("Sources/")]
    assert f"A: {SHOWN}\n" in archive.read(source).decode("utf-8")
