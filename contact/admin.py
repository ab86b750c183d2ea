from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .models import ContactMessage
from .services import contact_messages_delete, contact_notifications_retry


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "email",
        "organisation",
        "authority",
        "created_at",
        "notification_state",
        "acknowledgement_state",
    ]
    list_filter = [
        "created_at",
        "themes",
        "notification_email__state",
        "acknowledgement_email__state",
    ]
    search_fields = ["name", "email", "organisation", "role", "message", "authority__name"]
    date_hierarchy = "created_at"
    actions = ["retry_failed_notifications"]
    fields = [
        "name",
        "email",
        "organisation",
        "authority",
        "role",
        "theme_list",
        "message",
        "consent_to_contact",
        "created_at",
        "outbox_emails",
        "ip_hash",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # Messages arrive through the public form.

    def get_queryset(self, request):
        return super().get_queryset(request).with_emails().prefetch_related("themes")

    # Deleting a message takes what its emails say of the sender with it (services.py).
    def delete_model(self, request, obj):
        contact_messages_delete(messages=ContactMessage.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        contact_messages_delete(messages=queryset)

    @admin.display(description="Email to project lead", ordering="notification_email__state")
    def notification_state(self, contact):
        return _state(contact.notification_email)

    @admin.display(description="Acknowledgement", ordering="acknowledgement_email__state")
    def acknowledgement_state(self, contact):
        return _state(contact.acknowledgement_email)

    @admin.display(description="Themes")
    def theme_list(self, contact):
        return ", ".join(theme.title for theme in contact.themes.all()) or "None selected"

    @admin.display(description="Emails")
    def outbox_emails(self, contact):
        if not contact.emails:
            return "–"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> to {}: {} ({} attempt(s){})</li>',
                (
                    (
                        reverse("admin:outbox_outboxemail_change", args=[email.pk]),
                        email.subject,
                        ", ".join(email.to),
                        email.get_state_display(),
                        email.attempts,
                        f"; last error: {email.last_error}" if email.last_error else "",
                    )
                    for email in contact.emails
                ),
            ),
        )

    @admin.action(description="Retry failed notifications", permissions=["change"])
    def retry_failed_notifications(self, request, queryset):
        retried = sum(
            contact_notifications_retry(contact=contact) for contact in queryset.with_emails()
        )
        self.message_user(
            request, f"{retried} failed email(s) queued to be sent again.", messages.SUCCESS
        )


def _state(email):
    return email.get_state_display() if email else "–"
