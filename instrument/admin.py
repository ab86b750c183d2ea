from django.contrib import admin
from django.db.models import Count

from .models import Question, Round, Theme


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


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_on", "closes_on", "is_open"]
    ordering = ["-opens_on"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]

    @admin.display(boolean=True, description="Open today")
    def is_open(self, round):
        return round.is_open
