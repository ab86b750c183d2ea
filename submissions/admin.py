from django.contrib import admin
from django.db.models import Count

from casestudies.admin import draft_case_study_from_submission

from .models import (
    Answer,
    Consent,
    Question,
    Round,
    SectionProgress,
    Submission,
    Theme,
    ThemeReflection,
)


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["order", "text", "help_text", "max_length"]
    ordering = ["order", "pk"]
    extra = 0


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "order", "slug", "question_count"]
    list_editable = ["order"]
    ordering = ["order", "title"]
    search_fields = ["title", "summary", "questions__text"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "summary", "order"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    @admin.display(description="Questions", ordering="question_count")
    def question_count(self, theme):
        return theme.question_count


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "theme", "order"]
    list_filter = ["theme"]
    list_select_related = ["theme"]
    ordering = ["theme__order", "order", "pk"]
    search_fields = ["text", "help_text", "theme__title"]
    autocomplete_fields = ["theme"]


# --- rounds and submissions (basic: issue 4 builds the researchers' workspace) -----------


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_on", "closes_on", "is_open"]
    ordering = ["-opens_on"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]

    @admin.display(boolean=True, description="Open today")
    def is_open(self, round):
        return round.is_open


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SectionProgressInline(ReadOnlyInline):
    model = SectionProgress
    fields = ["key", "status", "version", "updated_by", "updated_at"]
    readonly_fields = fields
    ordering = ["pk"]


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["question", "text", "updated_at"]
    readonly_fields = fields
    ordering = ["question__theme__order", "question__order", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")


class ThemeReflectionInline(ReadOnlyInline):
    model = ThemeReflection
    fields = ["theme", "what_worked", "what_didnt"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("theme")


class ConsentInline(ReadOnlyInline):
    model = Consent
    fields = [
        "given_at",
        "given_by",
        "publication",
        "follow_up_contact",
        "privacy_agreed",
        "wording_version",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("given_by")


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    actions = [draft_case_study_from_submission]
    list_display = ["authority", "round", "status", "reference", "submitted_at", "updated_at"]
    list_filter = ["status", "round"]
    list_select_related = ["authority", "round"]
    search_fields = ["reference", "authority__name", "authority__official_name"]
    ordering = ["-updated_at"]
    readonly_fields = [
        "authority",
        "round",
        "status",
        "reference",
        "submitted_at",
        "submitted_by",
        "declaration",
        "uses_mission_language",
        "approach_list",
        "who_leads",
        "national_government",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields
    inlines = [SectionProgressInline, AnswerInline, ThemeReflectionInline, ConsentInline]

    def has_add_permission(self, request):
        # Submissions are made by officers on the site, not in the admin.
        return False

    @admin.display(description="Ideas and traditions it draws on")
    def approach_list(self, submission):
        return ", ".join(a.name for a in submission.approaches.all()) or "None selected"
