from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import redirect

from .models import Question, Round, Theme
from .services import round_copy

VERSIONING_HELP = (
    "Once a question has answers, changing its text makes a new version: each answer keeps "
    "the wording it answered."
)


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["order", "text", "research_question", "help_text", "max_length", "version"]
    readonly_fields = ["version"]
    extra = 0

    def get_queryset(self, request):
        # The round the public pages show; other rounds' questions are edited on their own.
        return super().get_queryset(request).filter(round=Round.objects.for_instrument())


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

    def save_formset(self, request, form, formset, change):
        # A question added here belongs to the round the inline shows.
        for question in formset.save(commit=False):
            if question.round_id is None:
                question.round = Round.objects.for_instrument()
            question.save()
        for question in formset.deleted_objects:
            question.delete()


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "round", "section", "theme", "order", "version", "answer_count"]
    list_filter = ["round", "section", "theme"]
    list_select_related = ["theme", "round"]
    ordering = ["-round__opens_on", "section", "theme__order", "order", "pk"]
    search_fields = ["text", "research_question", "help_text", "theme__title"]
    autocomplete_fields = ["theme"]
    readonly_fields = ["version"]
    fields = [
        "round",
        "section",
        "theme",
        "order",
        "text",
        "research_question",
        "help_text",
        "max_length",
        "version",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answer_count=Count("answers"))

    @admin.display(description="Answers", ordering="answer_count")
    def answer_count(self, question):
        return question.answer_count

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "text" in form.base_fields:  # not for those who may only read the questions
            form.base_fields["text"].help_text = VERSIONING_HELP
        return form


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_on", "closes_on", "is_open", "question_count"]
    ordering = ["-opens_on"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]
    actions = ["copy_round"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    @admin.display(boolean=True, description="Open today")
    def is_open(self, round):
        return round.is_open

    @admin.display(description="Questions", ordering="question_count")
    def question_count(self, round):
        return round.question_count

    @admin.action(
        description="Open a new round with a copy of this round's questions",
        permissions=["add"],
    )
    def copy_round(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select one round to copy.", messages.ERROR)
            return None
        new = round_copy(round=queryset.get())
        self.message_user(
            request,
            f"Opened ‘{new.title}’ with {new.questions.count()} questions: set its title and dates.",
            messages.SUCCESS,
        )
        return redirect("admin:instrument_round_change", new.pk)
