"""What the questionnaire's pages show: the task list, and every answer as summary-list rows.

Each builder loads what it needs in a fixed number of queries, however many missions,
partners or answers there are.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse

from councils.models import Mission, MissionPartner

from .answers import answer_read
from .forms.base import person
from .forms.sections import answer_field
from .models import SectionProgress, Submission
from .sections import (
    ABOUT,
    CONSENT,
    MISSIONS,
    NATIONAL_GOVERNMENT,
    QUESTION_KINDS,
    THEME,
    Section,
    section_list,
)

NOT_ANSWERED = "Not answered"


@dataclass
class Task:
    section: Section
    progress: SectionProgress | None

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else SectionProgress.Status.NOT_STARTED

    @property
    def status_label(self) -> str:
        return SectionProgress.Status(self.status).label

    @property
    def is_completed(self) -> bool:
        return self.status == SectionProgress.Status.COMPLETED

    @property
    def changed_by(self) -> str:
        return person(self.progress.updated_by) if self.progress else ""


def progress_by_key(submission: Submission) -> dict[str, SectionProgress]:
    return {p.key: p for p in submission.sections.select_related("updated_by")}


def task_list(*, submission: Submission, sections: list[Section]) -> list[Task]:
    progress = progress_by_key(submission)
    return [Task(section=s, progress=progress.get(s.key)) for s in sections]


def completed_count(tasks: list[Task]) -> int:
    return sum(task.is_completed for task in tasks)


@dataclass
class Row:
    key: str
    value: str
    change_url: str = ""
    hidden_label: str = ""


@dataclass
class MissionSummary:
    mission: Mission
    rows: list[Row]
    change_url: str = ""
    remove_url: str = ""
    # Its outcomes, indicators and readings shown too (prefetched: with_outcomes), and where
    # they are changed when `links`.
    outcomes: bool = False
    outcomes_change_url: str = ""


@dataclass
class SectionSummary:
    section: Section
    task: Task
    rows: list[Row] = field(default_factory=list)
    missions: list[MissionSummary] = field(default_factory=list)
    evidence: list = field(default_factory=list)
    change_url: str = ""


def _text(value) -> str:
    return value if value not in (None, "") else NOT_ANSWERED


def answer_value(answer) -> str:
    """An answer as the officer reads it back (submissions.answers.answer_read)."""
    return _text(answer_read(answer))


def _with_return(url: str, fragment: str = "") -> str:
    return f"{url}?return=check" + (f"#{fragment}" if fragment else "")


def submission_missions(submission: Submission, *, outcomes: bool = False) -> list[Mission]:
    """The submission's missions with everything shown about them, in three queries (three
    more with their outcomes, indicators and readings)."""
    missions = submission.missions.order_by("pk").prefetch_related(
        "national_missions",
        Prefetch(
            "mission_partners",
            queryset=MissionPartner.objects.select_related("partner__type").order_by("pk"),
        ),
    )
    return list(missions.with_outcomes() if outcomes else missions)


def _chosen(mission: Mission, field: str) -> str:
    """A controlled-list answer, or what they wrote when they chose Other."""
    if getattr(mission, field) == "other":
        return _text(getattr(mission, f"{field}_other"))
    return getattr(mission, f"get_{field}_display")() or NOT_ANSWERED


def mission_rows(mission: Mission) -> list[Row]:
    partners = [
        f"{mp.partner.name} ({mp.partner.type.name})" + (f": {mp.role}" if mp.role else "")
        for mp in mission.mission_partners.all()
    ]
    return [
        Row("Mission statement", _text(mission.statement)),
        Row("Target year", _text(mission.target_year)),
        Row("Stage", mission.get_stage_display()),
        Row("Challenge it addresses", _text(mission.challenge_area)),
        Row("Area it addresses", _chosen(mission, "challenge")),
        Row("Who governs it", _chosen(mission, "governance")),
        Row(
            "National missions",
            "\n".join(m.name for m in mission.national_missions.all()) or "None selected",
        ),
        Row("Partners", "\n".join(partners) or "None added"),
    ]


def section_summaries(
    *, submission: Submission, sections: list[Section], links: bool
) -> list[SectionSummary]:
    """Every answer in `sections`, as rows for GOV.UK summary lists; with Change links (back
    to this page afterwards) when `links`. Theme sections need their questions prefetched."""
    kinds = {s.kind for s in sections}
    progress = progress_by_key(submission)
    approaches = list(submission.approaches.all()) if ABOUT in kinds else []
    answers, reflections, evidence = {}, {}, {}
    if kinds & QUESTION_KINDS:
        answers = {a.question_id: a for a in submission.answers.all()}
    if THEME in kinds:
        reflections = {r.theme_id: r for r in submission.reflections.all()}
        for item in submission.evidence.filter(theme__isnull=False):
            evidence.setdefault(item.theme_id, []).append(item)
    missions = submission_missions(submission, outcomes=True) if MISSIONS in kinds else []
    consent = submission.consents.first() if CONSENT in kinds else None

    summaries = []
    for section in sections:
        summary = SectionSummary(
            section=section,
            task=Task(section=section, progress=progress.get(section.key)),
            change_url=_with_return(section.url) if links else "",
        )

        def row(key, value, fragment="", _section=section):
            url = _with_return(_section.url, fragment) if links else ""
            return Row(key, value, change_url=url, hidden_label=key[:1].lower() + key[1:])

        if section.kind == ABOUT:
            summary.rows = [
                row(
                    "Uses the language of missions",
                    _text(submission.get_uses_mission_language_display()),
                    "id_uses_mission_language_1",
                ),
                row(
                    "Ideas and traditions it draws on",
                    "\n".join(a.name for a in approaches) or "None selected",
                    "id_approaches_1",
                ),
                row("Who leads the work", _text(submission.who_leads), "id_who_leads"),
            ]
        elif section.kind == MISSIONS:
            summary.missions = [
                MissionSummary(
                    mission=m,
                    rows=mission_rows(m),
                    change_url=_with_return(mission_change_url(m)) if links else "",
                    outcomes=True,
                    outcomes_change_url=(
                        _with_return(mission_change_url(m), "outcomes") if links else ""
                    ),
                )
                for m in missions
            ]
        elif section.kind in QUESTION_KINDS:
            summary.rows = [
                row(q.text, answer_value(answers.get(q.pk)), f"id_{answer_field(q.pk)}")
                for q in section.questions
            ]
        if section.kind == THEME:
            reflection = reflections.get(section.theme.pk)
            summary.evidence = evidence.get(section.theme.pk, [])
            summary.rows += [
                row(
                    "What has worked?",
                    _text(reflection.what_worked if reflection else ""),
                    "id_what_worked",
                ),
                row(
                    "What hasn’t worked?",
                    _text(reflection.what_didnt if reflection else ""),
                    "id_what_didnt",
                ),
            ]
        elif section.kind == NATIONAL_GOVERNMENT:
            summary.rows = [
                row(
                    "The role of national government",
                    _text(submission.national_government),
                    "id_national_government",
                )
            ]
        elif section.kind == CONSENT:
            follow_up = consent.follow_up_contact if consent else None
            summary.rows = [
                row(
                    "Publication",
                    _text(consent.get_publication_display() if consent else ""),
                    "id_publication_1",
                ),
                row(
                    "We may contact you to follow up",
                    NOT_ANSWERED if follow_up is None else ("Yes" if follow_up else "No"),
                    "id_follow_up_contact_1",
                ),
                row(
                    "Agreed to the privacy notice",
                    "Yes" if consent and consent.privacy_agreed else "No",
                    "id_privacy_agreed",
                ),
            ]
        summaries.append(summary)
    return summaries


def mission_change_url(mission: Mission) -> str:
    return reverse("questionnaire:mission_change", kwargs={"pk": mission.pk})


def submitted_answers(submission: Submission) -> list[SectionSummary]:
    """Every answer of the submission, read-only: for the officers' page, its download and the
    copy in the receipt."""
    sections = section_list(round=submission.round, with_questions=True)
    return section_summaries(submission=submission, sections=sections, links=False)
