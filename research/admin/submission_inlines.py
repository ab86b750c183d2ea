"""What the submission page shows below its fields: notes, sections, reflections, consents."""

from django.contrib import admin

from common import roles
from submissions.models import Consent, SectionProgress, SubmissionNote, ThemeReflection


class ReadOnlyInline(admin.TabularInline):
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
    fields = ["key", "status", "version", "updated_by", "updated_at"]
    readonly_fields = fields
    ordering = ["pk"]


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


class SubmissionNoteInline(admin.TabularInline):
    """Internal notes: researchers add them here; they are never shown to officers."""

    model = SubmissionNote
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1
    can_delete = False
    verbose_name = "internal note (never shown to the authority)"
    verbose_name_plural = "internal notes (never shown to the authority)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_add_permission(self, request, obj=None):
        return roles.can_review(request.user)

    def has_change_permission(self, request, obj=None):
        # Notes are a record: kept as written.
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields
