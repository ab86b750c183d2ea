"""The list of answers given to two coders (made by the answers list's "Mark for double coding")."""

from django.contrib import admin

from ..models import DoubleCodingAssignment
from ..services import double_coding_mark_done
from .coding import marked_done


@admin.register(DoubleCodingAssignment)
class DoubleCodingAssignmentAdmin(admin.ModelAdmin):
    list_display = ["answer", "coder_a", "coder_a_done", "coder_b", "coder_b_done", "created_at"]
    list_filter = ["coder_a_done", "coder_b_done"]
    list_select_related = [
        "answer__submission__authority",
        "answer__submission__round",
        "answer__question",
        "coder_a",
        "coder_b",
    ]
    search_fields = ["answer__text", "answer__submission__authority__name"]
    fields = ["answer", "coder_a", "coder_b", "coder_a_done", "coder_b_done", "created_by"]
    readonly_fields = ["answer", "created_by"]
    actions = ["mark_done"]

    def has_add_permission(self, request):
        # Made with the "Mark for double coding" action on the answers list.
        return False

    @admin.action(description="Mark my coding of these answers as done")
    def mark_done(self, request, queryset):
        done = sum(double_coding_mark_done(assignment=a, by=request.user) for a in queryset)
        self.message_user(request, marked_done(done))
