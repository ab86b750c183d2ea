from django.contrib import admin, messages
from django.utils.html import format_html

from .models import OutboxEmail
from .services import email_retry

# What researchers see of an email: enough to tell whether it went, never its text (which may
# hold a sign-in code or a reset link) or anything derived from it.
RESEARCHER_FIELDS = ["recipients", "subject", "state", "attempts"]


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = [
        "key",
        "recipients",
        "subject",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    list_filter = ["state", "created_at"]
    search_fields = ["key", "to", "subject"]
    date_hierarchy = "created_at"
    actions = ["retry_sending"]
    fields = [
        "key",
        "state",
        "to",
        "reply_to",
        "subject",
        "body_text",
        "body_html",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "message_id",
        "sensitive",
        "erased_because",
        "related_record",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # Email is written by the site's services, never by hand.

    # Everything below narrows the pages for anyone who is not a superuser.

    def get_list_display(self, request):
        return self.list_display if request.user.is_superuser else RESEARCHER_FIELDS

    def get_list_display_links(self, request, list_display):
        return (
            ["subject"]
            if not request.user.is_superuser
            else super().get_list_display_links(request, list_display)
        )

    def get_search_fields(self, request):
        return self.search_fields if request.user.is_superuser else ["subject"]

    def get_fields(self, request, obj=None):
        return self.fields if request.user.is_superuser else RESEARCHER_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description="To")
    def recipients(self, email):
        return ", ".join(email.to)

    @admin.display(description="Caused by")
    def related_record(self, email):
        if not email.related_admin_url:
            return "–"
        return format_html('<a href="{}">{}</a>', email.related_admin_url, email.related_admin_url)

    @admin.action(description="Retry sending", permissions=["change"])
    def retry_sending(self, request, queryset):
        emails = list(queryset)
        retried = sum(email_retry(email=email) for email in emails)
        skipped = len(emails) - retried
        self.message_user(request, f"{retried} email(s) queued to be sent again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} email(s) were already sent, or their text was removed, and were left "
                "alone.",
                messages.WARNING,
            )
