"""Comparing every authority's answers to one theme, side by side, with their codes."""

import re

import pytest
from django.urls import reverse

from councils.models import Authority
from research.models import Code
from submissions.models import Submission

from .conftest import code_answer, make_submission

pytestmark = pytest.mark.django_db
URL = "admin:research_codableanswer_comparison"


def make_many(a_round, theme, count, code, coder):
    for n in range(count):
        submission = make_submission(a_round, theme, name=f"Bulkshire {n:02d}")
        code_answer(submission.answers.first(), code, coder)


def test_query_count_does_not_grow_with_submissions(
    researcher_client, researcher, a_round, theme, django_assert_max_num_queries
):
    code = Code.objects.create(theme=theme, name="Citizens' assembly")
    make_many(a_round, theme, 5, code, researcher)
    with django_assert_max_num_queries(40) as few:
        assert researcher_client.get(reverse(URL), {"theme": theme.pk}).status_code == 200

    make_many(a_round, theme, 35, code, researcher)  # 40 in all: two pages of 20
    with django_assert_max_num_queries(40) as many:
        response = researcher_client.get(reverse(URL), {"theme": theme.pk})

    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "Page 1 of 2" in response.content.decode()


def test_answers_are_side_by_side_with_their_codes(researcher_client, researcher, a_round, theme):
    camden = make_submission(a_round, theme, name="Camden")
    make_submission(a_round, theme, name="Cardiff", nation="Wales", type="WPA")
    code = Code.objects.create(theme=theme, name="Citizens' assembly")
    code_answer(camden.answers.order_by("question__order")[1], code, researcher, excerpt="Camden")

    response = researcher_client.get(reverse(URL), {"theme": theme.pk})

    content = response.content.decode()
    table = content[content.index('id="comparison"') : content.index('id="codes-by-type"')]
    assert "How do residents shape the mission?" in table and "Who do you partner with?" in table
    camden_row = re.search(r"<tr>\s*<th scope=\"row\"><a[^>]*>Camden</a>.*?</tr>", table, re.S)
    assert camden_row, table
    row = camden_row.group(0)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert len(cells) == 4  # two questions, what worked, what didn't
    assert "Camden: We held citizens&#x27; assemblies. Q1." in cells[0]
    assert "Citizens&#x27; assembly" not in cells[0]
    assert "Citizens&#x27; assembly" in cells[1]
    assert "Camden worked: listening." in cells[2]
    assert "Camden didn&#x27;t: funding." in cells[3]
    assert "Cardiff" in table


def test_filters_narrow_the_submissions(researcher_client, a_round, theme):
    make_submission(a_round, theme, name="Camden")
    make_submission(a_round, theme, name="Cardiff", nation="Wales", type="WPA")
    make_submission(a_round, theme, name="Draftshire", status=Submission.Status.DRAFT)

    response = researcher_client.get(
        reverse(URL), {"theme": theme.pk, "nation": "Wales", "state": "submitted"}
    )

    content = response.content.decode()
    assert "Cardiff" in content and "Camden</a>" not in content and "Draftshire" not in content
    assert "1 submission" in content


def test_code_frequency_tables_count_submissions_by_type_and_nation(
    researcher_client, researcher, a_round, theme
):
    assembly = Code.objects.create(theme=theme, name="Citizens' assembly")
    partners = Code.objects.create(theme=theme, name="Anchor partners")
    subs = [
        make_submission(a_round, theme, name="Camden", type=Authority.Type.LONDON_BOROUGH),
        make_submission(a_round, theme, name="Hackney", type=Authority.Type.LONDON_BOROUGH),
        make_submission(a_round, theme, name="Leeds", type=Authority.Type.METROPOLITAN),
        make_submission(a_round, theme, name="Cardiff", type=Authority.Type.WELSH, nation="Wales"),
    ]
    for submission in subs:
        # Both answers coded: a submission counts once however many of its answers have it.
        for answer in submission.answers.all():
            code_answer(answer, assembly, researcher)
    code_answer(subs[2].answers.first(), partners, researcher)

    response = researcher_client.get(reverse(URL), {"theme": theme.pk})

    content = response.content.decode()

    def table_rows(table_id):
        table = content[content.index(f'id="{table_id}"') :]
        table = table[: table.index("</table>")]
        header = re.findall(r'<th scope="col">(.*?)</th>', table)
        rows = {
            name: [int(n) for n in re.findall(r"<td>(\d+)</td>", cells)]
            for name, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table, re.S)
        }
        return header, rows

    header, rows = table_rows("codes-by-type")
    assert header == ["Code", "Metropolitan district", "London borough", "Welsh principal area"]
    assert rows == {"Anchor partners": [1, 0, 0], "Citizens&#x27; assembly": [1, 2, 1]}
    header, rows = table_rows("codes-by-nation")
    assert header == ["Code", "England", "Wales"]
    assert rows == {"Anchor partners": [1, 0], "Citizens&#x27; assembly": [3, 1]}


def test_comparison_is_staff_only(client, theme):
    response = client.get(reverse(URL), {"theme": theme.pk})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
