"""Codebook export and import (CSV): all or nothing, with plain-English errors."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from research.codebook import CodebookError, codebook_import
from research.models import Code

pytestmark = pytest.mark.django_db
IMPORT_URL = "admin:research_code_import"


def upload(client, text: str, encoding="utf-8"):
    return client.post(
        reverse(IMPORT_URL),
        {"file": SimpleUploadedFile("codebook.csv", text.encode(encoding), "text/csv")},
    )


def test_export_then_import_into_an_empty_codebook_round_trips(researcher_client, theme):
    parent = Code.objects.create(theme=theme, name="Participation", description="Taking part")
    Code.objects.create(theme=theme, name="=Assemblies", parent=parent, description="Deliberation")

    response = researcher_client.get(reverse("admin:research_code_export"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0] == {
        "theme": theme.slug,
        "code": "'=Assemblies",
        "description": "Deliberation",
        "parent": "Participation",
    }

    Code.objects.all().delete()
    text = body.replace("'=Assemblies", "Assemblies")
    response = upload(researcher_client, text)

    assert response.status_code == 302
    child = Code.objects.get(name="Assemblies")
    assert child.parent.name == "Participation"
    assert child.theme == theme
    assert child.description == "Deliberation"


def test_import_creates_and_updates_by_theme_title_and_name(researcher_client, theme):
    Code.objects.create(theme=theme, name="Budgets", description="old")
    text = (
        "theme,code,description,parent\n"
        f"{theme.title},budgets,Participatory budgets,Money\n"
        f"{theme.slug},Money,Anything about funding,\n"
    )

    result = codebook_import(data=text.encode())

    assert (result.created, result.updated) == (1, 1)
    budgets = Code.objects.get(name="Budgets")
    assert budgets.description == "Participatory budgets"
    assert budgets.parent.name == "Money"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name,description\nX,Y\n", "this file has no theme or code column"),
        ("theme,code\nno-such-theme,X\n", "Row 2: there is no theme “no-such-theme”"),
        ("theme,code\n{slug},\n", "Row 2: the code's name is empty."),
        ("theme,code\n{slug},A\n{slug},a\n", "Row 3: “a” is already on row 2"),
        ("theme,code,parent\n{slug},A,Nowhere\n", "Row 2: the parent “Nowhere” is not a code"),
        ("theme,code,parent\n{slug},A,A\n", "Row 2: a code cannot be its own parent."),
        ("theme,code,parent\n{slug},A,B\n{slug},B,A\n", "The parents form a loop"),
        ("theme,code\n", "The file has no codes in it"),
    ],
)
def test_a_bad_file_imports_nothing_and_says_why(researcher_client, theme, text, problem):
    response = upload(researcher_client, text.format(slug=theme.slug))

    assert response.status_code == 200
    assert problem in response.content.decode().replace("&#x27;", "'")
    assert "Nothing was imported" in response.content.decode()
    assert not Code.objects.exists()


def test_good_rows_are_not_imported_when_another_row_is_wrong(researcher_client, theme):
    text = f"theme,code,parent\n{theme.slug},Fine,\n{theme.slug},Also fine,Fine\nnope,X,\n"

    response = upload(researcher_client, text)

    assert "Row 4: there is no theme “nope”" in response.content.decode()
    assert not Code.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_in_plain_english(theme):
    with pytest.raises(CodebookError) as error:
        codebook_import(data="theme,code\nx,Caf\u00e9\n".encode("utf-16"))
    assert "Save it from your spreadsheet as “CSV UTF-8”" in error.value.problems[0]


def test_officers_cannot_import(officer_client):
    assert upload(officer_client, "theme,code\n").status_code == 302  # to the admin login
