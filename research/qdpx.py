"""A REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA and QualCoder.

A .qdpx is a zip of project.qde (XML in the namespace urn:QDA-XML:project:1.0, REFI-QDA Project
schema 1.0) and Sources/, one plain-text file per source. Here: the codebook (each theme a
non-codable folder holding its codes, nested by parent), each submission as a text source
(its answers under their questions, its reflections and its national-government answer), and each
coding as a selection of that text: the excerpt where it is still found in the answer, otherwise
the whole answer. GUIDs are derived from database ids, so they are the same in every export.

Submissions are read in chunks and their text written to the zip as they come; only the
selections' positions are kept until project.qde is written.
"""

import io
import tempfile
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from xml.sax.saxutils import XMLGenerator

from django.contrib.auth import get_user_model
from django.http import FileResponse
from django.utils import timezone

from instrument.models import Theme
from submissions.answers import answer_read
from submissions.models import Answer, Submission, ThemeReflection

from .models import Code, Coding, TextUnit
from .services import unit_texts

NAMESPACE = "urn:QDA-XML:project:1.0"
_ROOT = uuid.UUID("6f1c1f5e-2b7a-4c55-9a57-3c0d8f1e2a10")
CHUNK_SIZE = 500


def guid(kind: str, pk) -> str:
    return str(uuid.uuid5(_ROOT, f"{kind}:{pk}"))


@dataclass
class _Selection:
    guid: str
    start: int
    end: int
    coding_guid: str
    code_guid: str
    coder_guid: str
    created: str
    memo: str


@dataclass
class _Source:
    guid: str
    name: str
    selections: list = field(default_factory=list)


def submission_text(submission, answers, reflections, missions=()) -> tuple[str, dict]:
    """The source document and where each codable text starts in it: keyed by answer id, or by
    (field, object id) for the text units (research.models.TextUnit)."""
    parts, starts, length = [], {}, 0
    F = TextUnit.Field

    def add(text: str):
        nonlocal length
        parts.append(text)
        length += len(text)

    def add_unit(label: str, key, text: str):
        add(label)
        starts[key] = length
        add(f"{text}\n")

    def add_answer(answer):
        # The wording the officer answered, which may differ from the question's today.
        wording = answer.question_text or answer.question.text
        add(f"\nQ (version {answer.question_version}): {wording}\nA: ")
        starts[answer.pk] = length
        add(f"{answer_read(answer)}\n")  # or "Not yet / not applicable" and the reason

    add(f"{submission.authority.name} – {submission.round.title}\n")
    add(f"Reference: {submission.reference or 'not submitted'}\n")
    for mission in missions:
        add_unit(
            f"\nMission: {mission.title}\n", (F.MISSION_STATEMENT, mission.pk), mission.statement
        )
    by_theme = defaultdict(list)
    for answer in answers:
        by_theme[answer.question.theme_id].append(answer)
    themes = {a.question.theme for a in answers if a.question.theme_id} | {
        r.theme for r in reflections
    }
    for theme in sorted(themes, key=lambda t: (t.order, t.pk)):
        add(f"\n{theme.title}\n")
        for answer in by_theme[theme.pk]:
            add_answer(answer)
        for reflection in (r for r in reflections if r.theme_id == theme.pk):
            add_unit("\nWhat worked: ", (F.WHAT_WORKED, theme.pk), reflection.what_worked)
            add_unit("What hasn't worked: ", (F.WHAT_DIDNT, theme.pk), reflection.what_didnt)
    if by_theme.get(None):
        add("\nLearning and enablers\n")
        for answer in by_theme[None]:
            add_answer(answer)
    if submission.national_government:
        add_unit(
            "\nThe role of national government\n",
            (F.NATIONAL_GOVERNMENT, 0),
            submission.national_government,
        )
    return "".join(parts), starts


def _selection(coding, start: int, text: str) -> _Selection:
    end = start + len(text)
    at = text.find(coding.excerpt) if coding.excerpt else -1
    if at >= 0:
        start, end = start + at, start + at + len(coding.excerpt)
    return _Selection(
        guid("selection", coding.pk),
        start,
        end,
        guid("coding", coding.pk),
        guid("code", coding.code_id),
        guid("user", coding.coder_id),
        coding.created_at.isoformat(),
        coding.memo,
    )


def _write_sources(archive: zipfile.ZipFile, submissions, user) -> tuple[list[_Source], set]:
    sources, coders = [], set()
    queryset = submissions.select_related("authority", "round").order_by("pk")
    for submission in queryset.iterator(chunk_size=CHUNK_SIZE):
        answers = list(
            Answer.objects.filter(submission=submission)
            .select_related("question__theme")
            .order_by("question__theme__order", "question__order", "pk")
        )
        reflections = list(
            ThemeReflection.objects.filter(submission=submission).select_related("theme")
        )
        missions = list(submission.missions.order_by("pk"))
        text, starts = submission_text(submission, answers, reflections, missions)
        source = _Source(guid("submission", submission.pk), str(submission))
        archive.writestr(f"Sources/{source.guid}.txt", text.encode("utf-8"))
        by_id = {a.pk: a for a in answers}
        codings = Coding.objects.visible_to(user).filter(answer_id__in=by_id).order_by("pk")
        for coding in codings:
            answer = by_id[coding.answer_id]
            coders.add(coding.coder_id)
            source.selections.append(_selection(coding, starts[answer.pk], answer_read(answer)))
        unit_codings = (
            Coding.objects.visible_to(user)
            .filter(unit__submission=submission)
            .select_related("unit")
            .order_by("pk")
        )
        units = {c.unit_id: c.unit for c in unit_codings}
        texts = unit_texts(units.values())
        for coding in unit_codings:
            key = (coding.unit.field, coding.unit.object_id)
            if key in starts:
                coders.add(coding.coder_id)
                source.selections.append(
                    _selection(coding, starts[key], texts.get(coding.unit_id, ""))
                )
        sources.append(source)
    return sources, coders


def _text_element(xml: XMLGenerator, name: str, text: str):
    xml.startElement(name, {})
    xml.characters(text)
    xml.endElement(name)


def _write_code(xml: XMLGenerator, code, children, seen: set):
    seen.add(code.pk)
    xml.startElement(
        "Code", {"guid": guid("code", code.pk), "name": code.name, "isCodable": "true"}
    )
    if code.description:
        _text_element(xml, "Description", code.description)
    for child in children.get(code.pk, []):
        if child.pk not in seen:
            _write_code(xml, child, children, seen)
    xml.endElement("Code")


def _write_project(out, sources: list[_Source], coder_ids: set):
    xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
    xml.startDocument()
    xml.startElement(
        "Project",
        {
            "xmlns": NAMESPACE,
            "name": "Mission-led local government: submissions",
            "origin": "Mission-led local government research platform",
            "creationDateTime": timezone.now().replace(microsecond=0).isoformat(),
        },
    )
    users = get_user_model().objects.filter(pk__in=coder_ids).order_by("pk")
    if users:
        xml.startElement("Users", {})
        for user in users:
            name = user.get_full_name() or user.get_username()
            xml.startElement("User", {"guid": guid("user", user.pk), "name": name})
            xml.endElement("User")
        xml.endElement("Users")
    codes = list(Code.objects.order_by("name"))
    if codes:
        children, top = defaultdict(list), defaultdict(list)
        for code in codes:
            (children[code.parent_id] if code.parent_id else top[code.theme_id]).append(code)
        xml.startElement("CodeBook", {})
        xml.startElement("Codes", {})
        seen: set = set()
        for theme in Theme.objects.filter(pk__in={c.theme_id for c in codes}):
            attributes = {"guid": guid("theme", theme.pk), "name": theme.title}
            xml.startElement("Code", {**attributes, "isCodable": "false"})
            for code in top[theme.pk]:
                _write_code(xml, code, children, seen)
            xml.endElement("Code")
        xml.endElement("Codes")
        xml.endElement("CodeBook")
    if sources:
        xml.startElement("Sources", {})
        for source in sources:
            path = f"internal://{source.guid}.txt"
            xml.startElement(
                "TextSource", {"guid": source.guid, "name": source.name, "plainTextPath": path}
            )
            for s in source.selections:
                xml.startElement(
                    "PlainTextSelection",
                    {
                        "guid": s.guid,
                        "startPosition": str(s.start),
                        "endPosition": str(s.end),
                        "creatingUser": s.coder_guid,
                        "creationDateTime": s.created,
                    },
                )
                if s.memo:
                    _text_element(xml, "Description", s.memo)
                xml.startElement("Coding", {"guid": s.coding_guid, "creatingUser": s.coder_guid})
                xml.startElement("CodeRef", {"targetGUID": s.code_guid})
                xml.endElement("CodeRef")
                xml.endElement("Coding")
                xml.endElement("PlainTextSelection")
            xml.endElement("TextSource")
        xml.endElement("Sources")
    xml.endElement("Project")
    xml.endDocument()


def write_qdpx(target, submissions, *, user) -> None:
    """Write the project for `submissions` (codings as `user` may see them) to a file object."""
    submissions = Submission.objects.filter(pk__in=submissions.values("pk"))
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        sources, coders = _write_sources(archive, submissions, user)
        with archive.open("project.qde", "w") as entry:
            text = io.TextIOWrapper(entry, encoding="utf-8", newline="")
            _write_project(text, sources, coders)
            text.flush()
            text.detach()


def export_qdpx(submissions, *, user) -> FileResponse:
    output = tempfile.NamedTemporaryFile(suffix=".qdpx")  # noqa: SIM115
    write_qdpx(output, submissions, user=user)
    output.seek(0)
    filename = f"submissions-{timezone.localdate():%Y-%m-%d}.qdpx"
    return FileResponse(
        output, as_attachment=True, filename=filename, content_type="application/zip"
    )
