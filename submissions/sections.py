"""The questionnaire's sections, in task-list order.

The list is fixed in code: about, missions, one section per theme (from the Theme table, in
display order, so researchers' edits to themes show up here), national government, consent.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from instrument.models import Theme

from .models import SectionProgress

# Changes whenever the consent questions' wording changes, so each Consent row records which
# wording was agreed to.
CONSENT_WORDING_VERSION = "2026-11"

ABOUT = "about"
MISSIONS = "missions"
THEME = "theme"
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


def sections_for(themes: Iterable[Theme]) -> list[Section]:
    themes = list(themes)
    items = [
        (ABOUT, "About your authority and approach", ABOUT, True, None),
        (MISSIONS, "Your missions", MISSIONS, True, None),
        *((theme_key(t), t.title, THEME, True, t) for t in themes),
        (NATIONAL_GOVERNMENT, "The role of national government", NATIONAL_GOVERNMENT, False, None),
        (CONSENT, "How we can use your answers", CONSENT, True, None),
    ]
    return [
        Section(key=key, title=title, kind=kind, required=required, number=n, theme=theme)
        for n, (key, title, kind, required, theme) in enumerate(items, start=1)
    ]


def section_list(*, with_questions: bool = False) -> list[Section]:
    """Every section, with the themes loaded in one query (two with their questions)."""
    themes = Theme.objects.with_questions() if with_questions else Theme.objects.all()
    return sections_for(themes)


def section_after(sections: list[Section], section: Section) -> Section | None:
    index = sections.index(section)
    return sections[index + 1] if index + 1 < len(sections) else None


def section_by_key(sections: list[Section], key: str) -> Section | None:
    return next((s for s in sections if s.key == key), None)


def incomplete_sections(*, submission, sections: list[Section]) -> list[Section]:
    """The required sections not completed yet, in order (two queries).

    A theme section also counts as incomplete if researchers have added a question since it
    was completed and the question is not answered.
    """

    done = set(
        submission.sections.filter(status=SectionProgress.Status.COMPLETED).values_list(
            "key", flat=True
        )
    )
    answered = set(submission.answers.exclude(text="").values_list("question_id", flat=True))
    return [
        s
        for s in sections
        if s.required
        and (
            s.key not in done
            or (s.kind == THEME and any(q.pk not in answered for q in s.theme.questions.all()))
        )
    ]
