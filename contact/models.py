from django.db import models
from django.urls import reverse
from django.utils import timezone


class ContactMessageQuerySet(models.QuerySet):
    def with_emails(self):
        return self.select_related("authority", "notification_email", "acknowledgement_email")


class ContactMessage(models.Model):
    """A message sent through "Join the conversation", forwarded to the project lead."""

    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    organisation = models.CharField(max_length=200, blank=True)
    authority = models.ForeignKey(
        "councils.Authority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_messages",
        help_text="The council or strategic authority they chose from the register, if any",
    )
    role = models.CharField(max_length=200, blank=True)
    themes = models.ManyToManyField("instrument.Theme", blank=True, related_name="contact_messages")
    message = models.TextField()
    consent_to_contact = models.BooleanField(default=False)
    ip_hash = models.CharField(
        "IP address hash",
        max_length=64,
        blank=True,
        help_text="A keyed hash of the sender's IP address (the address itself is not kept)",
    )
    notification_email = models.ForeignKey(
        "outbox.OutboxEmail",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The email to the project lead",
    )
    acknowledgement_email = models.ForeignKey(
        "outbox.OutboxEmail",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The email to the sender",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ContactMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.created_at:%d %b %Y})"

    def get_admin_url(self) -> str:
        return reverse("admin:contact_contactmessage_change", args=[self.pk])

    @property
    def organisation_display(self) -> str:
        return self.organisation or (self.authority.name if self.authority_id else "")

    @property
    def emails(self):
        return [e for e in (self.notification_email, self.acknowledgement_email) if e]
