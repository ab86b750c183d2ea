"""What the submission page shows below its fields: notes, sections, reflections, consents,
and the answers, missions and partners it groups for reading."""

from django.contrib import admin
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html

from common import roles
from common.people import display_name
from councils.models import MissionPartner
from instrument.models import Question, Theme
from submissions.answers import answer_read
from submissions.models import (
    Answer,
    Consent,
    Evidence,
    SectionProgress,
    SubmissionNote,
    ThemeReflection,
)
from submissions.sections import section_list

from ..models import Coding


class ReadOnlyInline(admin.TabularInline):
    template = "admin/edit_inline/readonly_tabular.html"
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Each row's label names its submission (authority and round): join them, not a query a row.
        return (
            super()
            .get_queryset(request)
            .select_related("submission__authority", "submission__round")
        )


class SectionProgressInline(ReadOnlyInline):
    model = SectionProgress
    fields = ["section", "status", "version", "updated_by_name", "updated_at"]
    readonly_fields = fields
    ordering = ["pk"]
    verbose_name = "section"
    verbose_name_plural = "progress by section"

    def get_queryset(self, request):
        # Section names come from the themes: read once per page, not once per row.
        self._titles = {s.key: f"{s.number}. {s.title}" for s in section_list()}
        return super().get_queryset(request).select_related("updated_by")

    @admin.display(description="Last changed by")
    def updated_by_name(self, progress):
        return display_name(progress.updated_by) or "—"

    @admin.display(description="Section")
    def section(self, progress):
        return getattr(self, "_titles", {}).get(progress.key, progress.key)


class ThemeReflectionInline(ReadOnlyInline):
    model = ThemeReflection
    fields = ["theme", "what_worked", "what_didnt"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("theme")


class EvidenceInline(ReadOnlyInline):
    """The links and PDFs the authority gave; files open through the access-checked view,
    never a public media URL."""

    model = Evidence
    fields = ["title", "theme", "mission", "link", "added_by", "added_at"]
    readonly_fields = fields
    verbose_name_plural = "evidence"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("theme", "mission", "added_by")

    @admin.display(description="Link or file")
    def link(self, evidence):
        if evidence.is_file:
            url = reverse("questionnaire:evidence_file", args=[evidence.pk])
            return format_html('<a href="{}">Download the PDF</a>', url)
        return format_html(
            '<a href="{}" rel="noopener noreferrer">{}</a>', evidence.url, evidence.url
        )


class ConsentInline(ReadOnlyInline):
    model = Consent
    fields = [
        "given_at",
        "given_by_name",
        "publication",
        "follow_up_contact",
        "privacy_agreed",
        "wording_version",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("given_by")

    @admin.display(description="Given by")
    def given_by_name(self, consent):
        return display_name(consent.given_by) or "—"


class SubmissionNoteInline(admin.TabularInline):
    """Internal notes: researchers add them here; they are never shown to officers."""

    model = SubmissionNote
    fields = ["text", "author_name", "created_at"]
    readonly_fields = ["author_name", "created_at"]
    extra = 1
    can_delete = False
    verbose_name = "internal note (never shown to the authority)"
    verbose_name_plural = "internal notes (never shown to the authority)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    @admin.display(description="Author")
    def author_name(self, note):
        return display_name(note.author)

    def has_add_permission(self, request, obj=None):
        return roles.can_review(request.user)

    def has_change_permission(self, request, obj=None):
        # Notes are a record: kept as written.
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields


def answers_by_theme(submission, user) -> list[dict]:
    """Each theme with the questions of the submission's own round (then Learning and enablers),
    this submission's answers, and the codes `user` may see (blind double coding:
    research.models.CodingQuerySet.visible_to), in a fixed number of queries. Each answer
    carries the wording and version of the question it answered."""
    answers = (
        Answer.objects.filter(submission=submission)
        .select_related("question")
        .prefetch_related(
            Prefetch(
                "codings",
                queryset=Coding.objects.visible_to(user).select_related("code", "coder"),
            )
        )
    )
    by_question = {a.question_id: a for a in answers}

    def row(question):  # (question, its answer, the answer as read: answers.answer_read)
        answer = by_question.get(question.pk)
        return question, answer, answer_read(answer)

    reflections = {r.theme_id: r for r in submission.reflections.all()}
    groups = [
        {
            "theme": theme,
            "title": theme.title,
            "rows": [row(q) for q in theme.questions.all()],
            "reflection": reflections.get(theme.pk),
        }
        for theme in Theme.objects.with_questions(submission.round)
    ]
    learning = Question.objects.for_round(submission.round).learning().order_by("order", "pk")
    rows = [row(q) for q in learning]
    if rows:
        groups.append(
            {
                "theme": None,
                "title": Question.Section.LEARNING.label,
                "rows": rows,
                "reflection": None,
            }
        )
    return groups


def missions_with_partners(submission) -> list:
    """The missions the officers described, each with its partners, alignments, outcomes,
    indicators and readings, in a fixed number of queries however many there are."""
    return list(
        submission.missions.with_outcomes()
        .order_by("title")
        .prefetch_related(
            "national_missions",
            Prefetch(
                "mission_partners",
                queryset=MissionPartner.objects.select_related("partner__type").order_by(
                    "partner__name"
                ),
            ),
        )
    )
