"""The questionnaire's sections, in task-list order.

The list is fixed in code: about, missions, one section per theme (from the Theme table, in
display order, so researchers' edits to themes show up here), learning and enablers, national
government, consent. The questions are those of the submission's round.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from instrument.models import Question, Round, Theme, research_questions

from .models import SectionProgress

# Changes whenever the consent questions' wording changes, so each Consent row records which
# wording was agreed to.
CONSENT_WORDING_VERSION = "2026-11"

ABOUT = "about"
MISSIONS = "missions"
THEME = "theme"
LEARNING = "learning"
# The sections whose questions are Question rows, answered with Answer rows.
QUESTION_KINDS = {THEME, LEARNING}
NATIONAL_GOVERNMENT = "national-government"
CONSENT = "consent"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    kind: str
    required: bool
    number: int
    theme: Theme | None = None
    # The questions of a section that is not a theme (Learning and enablers).
    own_questions: tuple = ()

    @property
    def questions(self) -> list[Question]:
        """This section's questions in the round (prefetched with the themes)."""
        if self.kind == THEME:
            return list(self.theme.questions.all())
        return list(self.own_questions)

    @property
    def research_questions(self) -> list[str]:
        """The launch article's wording that this section's questions ask about, once each."""
        return research_questions(self.questions)

    @property
    def url(self) -> str:
        if self.kind == THEME:
            return reverse("questionnaire:theme", kwargs={"slug": self.theme.slug})
        return reverse(f"questionnaire:{self.kind.replace('-', '_')}")

    @property
    def task_title(self) -> str:
        return self.title if self.required else f"{self.title} (optional)"


def theme_key(theme: Theme) -> str:
    return f"theme-{theme.slug}"


def sections_for(themes: Iterable[Theme], learning: Iterable[Question] = ()) -> list[Section]:
    themes = list(themes)
    learning = tuple(learning)
    items = [
        (ABOUT, "About your authority and approach", ABOUT, True, None),
        (MISSIONS, "Your missions", MISSIONS, True, None),
        *((theme_key(t), t.title, THEME, True, t) for t in themes),
        # Optional, like national government, whose question it extends.
        (LEARNING, "Learning and enablers", LEARNING, False, None),
        (NATIONAL_GOVERNMENT, "The role of national government", NATIONAL_GOVERNMENT, False, None),
        (CONSENT, "How we can use your answers", CONSENT, True, None),
    ]
    return [
        Section(
            key=key,
            title=title,
            kind=kind,
            required=required,
            number=n,
            theme=theme,
            own_questions=learning if kind == LEARNING else (),
        )
        for n, (key, title, kind, required, theme) in enumerate(items, start=1)
    ]


def section_list(*, round: Round | None = None, with_questions: bool = False) -> list[Section]:
    """Every section, with the themes loaded in one query (three with `round`'s questions).

    Without a round the questions are those of the round the public pages show."""
    if not with_questions:
        return sections_for(Theme.objects.all())
    round = round or Round.objects.for_instrument()
    return sections_for(
        Theme.objects.with_questions(round=round),
        Question.objects.for_round(round).learning().order_by("order", "pk"),
    )


def section_after(sections: list[Section], section: Section) -> Section | None:
    index = sections.index(section)
    return sections[index + 1] if index + 1 < len(sections) else None


def section_by_key(sections: list[Section], key: str) -> Section | None:
    return next((s for s in sections if s.key == key), None)


def incomplete_sections(*, submission, sections: list[Section]) -> list[Section]:
    """The required sections not completed yet, in order (two queries).

    A theme section also counts as incomplete if researchers have added a question since it
    was completed and the question is not answered (or marked "Not yet / not applicable").
    """

    done = set(
        submission.sections.filter(status=SectionProgress.Status.COMPLETED).values_list(
            "key", flat=True
        )
    )
    answered = {
        question_id
        for question_id, text, not_yet in submission.answers.values_list(
            "question_id", "text", "not_yet"
        )
        if not_yet or text.strip()
    }
    return [
        s
        for s in sections
        if s.required
        and (
            s.key not in done
            or (s.kind in QUESTION_KINDS and any(q.pk not in answered for q in s.questions))
        )
    ]
