"""The REFI-QDA project export (.qdpx), validated against the REFI-QDA Project.xsd (MIT, REFI 2019;
tests/research/schemas/, copied from QualCoder)."""

import io
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree

from research.models import Code, DoubleCodingAssignment
from research.qdpx import NAMESPACE, guid, write_qdpx
from submissions.models import Submission
from tests.factories import make_staff

from .conftest import code_answer, make_submission
from .test_exports import EXPORT_URL

pytestmark = pytest.mark.django_db
SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "Project.xsd")))
NS = {"q": NAMESPACE}


@pytest.fixture
def project(a_round, theme, researcher):
    camden = make_submission(a_round, theme, name="Camden")
    make_submission(a_round, theme, name="Cardiff & Vale <test>")
    parent = Code.objects.create(
        theme=theme, name="Participation", description="Residents take part"
    )
    child = Code.objects.create(theme=theme, name="Citizens' assembly", parent=parent)
    answer = camden.answers.order_by("question__order").first()
    excerpt = code_answer(answer, child, researcher, excerpt="citizens' assemblies", memo="Clear")
    whole = code_answer(answer, parent, researcher)
    return {
        "camden": camden,
        "answer": answer,
        "excerpt": excerpt,
        "whole": whole,
        "parent": parent,
        "child": child,
    }


def read(data: bytes):
    archive = zipfile.ZipFile(io.BytesIO(data))
    return archive, etree.fromstring(archive.read("project.qde"))


def build(user) -> bytes:
    out = io.BytesIO()
    write_qdpx(out, Submission.objects.all(), user=user)
    return out.getvalue()


def test_project_validates_against_the_refi_qda_schema(project, researcher):
    archive, root = read(build(researcher))

    SCHEMA.assertValid(root)
    assert root.tag == f"{{{NAMESPACE}}}Project"
    assert len(root.findall("q:Sources/q:TextSource", NS)) == 2
    for source in root.findall("q:Sources/q:TextSource", NS):
        name = source.get("plainTextPath").removeprefix("internal://")
        assert f"Sources/{name}" in archive.namelist()


def test_codebook_nests_codes_under_their_theme_and_parent(project, researcher):
    _, root = read(build(researcher))

    theme_code = root.find("q:CodeBook/q:Codes/q:Code", NS)
    assert theme_code.get("isCodable") == "false"
    parent = theme_code.find("q:Code", NS)
    assert parent.get("guid") == guid("code", project["parent"].pk)
    assert parent.find("q:Description", NS).text == "Residents take part"
    assert parent.find("q:Code", NS).get("name") == "Citizens' assembly"


def test_codings_are_selections_of_the_source_text(project, researcher):
    archive, root = read(build(researcher))
    source = root.find(
        f"q:Sources/q:TextSource[@guid='{guid('submission', project['camden'].pk)}']", NS
    )
    text = archive.read(f"Sources/{source.get('guid')}.txt").decode("utf-8")
    selections = {
        s.find("q:Coding/q:CodeRef", NS).get("targetGUID"): s
        for s in source.findall("q:PlainTextSelection", NS)
    }

    excerpt = selections[guid("code", project["child"].pk)]
    start, end = int(excerpt.get("startPosition")), int(excerpt.get("endPosition"))
    assert text[start:end] == "citizens' assemblies"
    assert excerpt.find("q:Description", NS).text == "Clear"
    whole = selections[guid("code", project["parent"].pk)]
    start, end = int(whole.get("startPosition")), int(whole.get("endPosition"))
    assert text[start:end] == project["answer"].text


def test_guids_are_stable_and_the_export_is_blind(project, researcher, researcher_client):
    first, second = build(researcher), build(researcher)
    guids = lambda data: read(data)[1].xpath("//@guid")  # noqa: E731
    assert guids(first) == guids(second)

    bo = make_staff("Researcher", "bo")
    DoubleCodingAssignment.objects.create(answer=project["answer"], coder_a=researcher, coder_b=bo)
    _, root = read(build(bo))
    assert not root.findall(".//q:PlainTextSelection", NS)
    SCHEMA.assertValid(root)

    response = researcher_client.get(reverse(EXPORT_URL), {"dataset": "qdpx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.qdpx"')
    SCHEMA.assertValid(read(b"".join(response.streaming_content))[1])
