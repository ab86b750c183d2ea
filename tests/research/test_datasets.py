"""The research datasets: wide (one row per submission), long (one row per answer and per
coding), their data dictionary, in CSV and XLSX; spreadsheet formulas neutralised."""

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from councils.models import Approach, NationalMission
from research.datasets import LONG_COLUMNS, long_rows, wide_rows
from research.exports import export_answers_csv
from research.models import Code
from research.spreadsheet import safe_cell
from submissions.models import Answer, Submission
from submissions.models import Consent as SubmissionConsent
from tests.factories import MissionFactory, client_for, make_officer, make_staff

from .conftest import code_answer, make_submission
from .export_helpers import xlsx_via_email
from .test_exports import EXPORT_URL, parse_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(a_round, theme, researcher):
    camden = make_submission(a_round, theme, name="Camden")
    cardiff = make_submission(a_round, theme, name="Cardiff")
    officer = make_officer(camden.authority, "ola@camden.gov.uk", role="Head of policy")
    camden.submitted_by = officer
    camden.uses_mission_language = "partly"
    camden.national_government = '=HYPERLINK("http://evil")'
    camden.save()
    camden.approaches.add(Approach.objects.order_by("order").first())
    growth = NationalMission.objects.order_by("order").first()
    first = MissionFactory(authority=camden.authority, title="Warm homes", submission=camden)
    first.national_missions.add(growth)
    MissionFactory(authority=camden.authority, title="Healthy streets", submission=camden)
    SubmissionConsent.objects.create(
        submission=camden,
        publication="named",
        follow_up_contact=True,
        privacy_agreed=True,
        wording_version="2025-1",
        given_by=officer,
    )
    code = Code.objects.create(theme=theme, name="Citizens' assembly")
    answer = camden.answers.order_by("question__order").first()
    coding = code_answer(answer, code, researcher, excerpt="citizens' assemblies")
    return {
        "camden": camden,
        "cardiff": cardiff,
        "officer": officer,
        "coding": coding,
        "growth": growth,
        "answer": answer,
    }


def as_dicts(rows):
    rows = list(rows)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_wide_has_one_row_per_submission_with_every_field_in_its_own_column(dataset):
    camden = dataset["camden"]
    rows = as_dicts(wide_rows(Submission.objects.all()))

    assert len(rows) == 2
    row = next(r for r in rows if r["submission_id"] == camden.pk)
    assert row["respondent_role"] == "Head of policy"
    assert row["uses_mission_language"] == "partly"
    assert row["consent_publication"] == "named"
    assert row["consent_follow_up_contact"] == 1
    assert row["mission_count"] == 2
    assert row["mission_1_title"] == "Warm homes"
    assert row["mission_2_title"] == "Healthy streets"
    assert row[f"national_mission_{dataset['growth'].slug}"] == 1
    assert sum(v for k, v in row.items() if k.startswith("approach_")) == 1
    # No officer's name or email unless asked for.
    assert "ola@camden.gov.uk" not in {str(v) for v in row.values()}
    assert "submitted_by_email" not in row
    cardiff = next(r for r in rows if r["submission_id"] == dataset["cardiff"].pk)
    assert cardiff["mission_1_title"] == ""


def test_officers_emails_only_when_asked(dataset, researcher_client):
    plain = parse_csv(researcher_client.get(reverse(EXPORT_URL), {"dataset": "wide"}))
    asked = parse_csv(
        researcher_client.get(reverse(EXPORT_URL), {"dataset": "wide", "emails": "1"})
    )

    assert "submitted_by_email" not in plain[0]
    assert {r["submitted_by_email"] for r in asked} == {"ola@camden.gov.uk", ""}


def test_long_has_a_row_per_answer_and_per_coding_with_stable_ids(dataset, researcher):
    rows = as_dicts(long_rows(Submission.objects.all(), user=researcher))
    again = as_dicts(long_rows(Submission.objects.all(), user=researcher))

    answers = [r for r in rows if r["row_type"] == "answer"]
    codings = [r for r in rows if r["row_type"] == "coding"]
    assert len(answers) == Answer.objects.count() == 4
    assert len([r for r in rows if r["row_type"] == "reflection"]) == 4  # worked, didn't × 2
    coding = dataset["coding"]
    assert codings == [next(r for r in rows if r["row_id"] == f"coding-{coding.pk}")]
    assert codings[0]["answer_id"] == dataset["answer"].pk
    assert codings[0]["code"] == "Citizens' assembly"
    assert codings[0]["excerpt"] == "citizens' assemblies"
    assert codings[0]["answer_changed"] == 0
    assert [r["row_id"] for r in rows] == [r["row_id"] for r in again]
    assert list(rows[0]) == [name for name, _, _ in LONG_COLUMNS]


def test_long_is_blind_for_the_second_coder(dataset, researcher_client):
    from research.models import DoubleCodingAssignment

    other = make_staff("Researcher", "bo")
    DoubleCodingAssignment.objects.create(
        answer=dataset["answer"], coder_a=dataset["coding"].coder, coder_b=other
    )

    rows = as_dicts(long_rows(Submission.objects.all(), user=other))

    assert not [r for r in rows if r["row_type"] == "coding"]
    response = client_for(other).get(reverse(EXPORT_URL), {"dataset": "long"})
    assert f"coding-{dataset['coding'].pk}" not in b"".join(response.streaming_content).decode()


def test_xlsx_has_the_dataset_and_its_dictionary(
    dataset, researcher_client, researcher, private_media, django_capture_on_commit_callbacks
):
    xlsx = xlsx_via_email(
        researcher_client, researcher, django_capture_on_commit_callbacks, {"dataset": "long"}
    )

    workbook = load_workbook(xlsx, read_only=True)
    assert workbook.sheetnames == ["Long", "Dictionary"]
    long_sheet = list(workbook["Long"].iter_rows(values_only=True))
    # header, 4 answers, 1 coding, 4 reflections, 2 mission statements, national government
    assert len(long_sheet) == 1 + 4 + 1 + 4 + 2 + 1
    dictionary = list(workbook["Dictionary"].iter_rows(values_only=True))
    described = {(f, c) for f, c, *_ in dictionary[1:]}
    assert {("long", name) for name, _, _ in LONG_COLUMNS} <= described


def test_dictionary_describes_every_wide_column(dataset, researcher_client):
    wide = parse_csv(researcher_client.get(reverse(EXPORT_URL), {"dataset": "wide"}))
    dictionary = parse_csv(researcher_client.get(reverse(EXPORT_URL), {"dataset": "dictionary"}))

    described = {r["column"] for r in dictionary if r["file"] == "wide"}
    for column in wide[0]:
        templated = column.replace("mission_1_", "mission_{k}_").replace(
            "mission_2_", "mission_{k}_"
        )
        assert column in described or templated in described, column


@pytest.mark.parametrize("text", ["=1+1", "+44", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_is_neutralised(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("Plain words") == "Plain words"
    assert safe_cell(-2) == -2


def test_formulas_are_neutralised_in_csv_and_xlsx(
    dataset, researcher_client, researcher, private_media, django_capture_on_commit_callbacks
):
    camden = dataset["camden"]
    Answer.objects.filter(pk=dataset["answer"].pk).update(text="=cmd|' /C calc'!A0")

    rows = parse_csv(export_answers_csv(Submission.objects.filter(pk=camden.pk)))
    assert rows[0]["Answer"] == "'=cmd|' /C calc'!A0"
    wide = parse_csv(researcher_client.get(reverse(EXPORT_URL), {"dataset": "wide"}))
    assert {r["national_government"] for r in wide} >= {'\'=HYPERLINK("http://evil")'}

    xlsx = xlsx_via_email(
        researcher_client, researcher, django_capture_on_commit_callbacks, {"dataset": "wide"}
    )
    workbook = load_workbook(xlsx)
    sheet = workbook["Wide"]
    header = [c.value for c in sheet[1]]
    column = header.index("national_government")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type != "f" for cell in cells)
    assert '\'=HYPERLINK("http://evil")' in {cell.value for cell in cells}
