from datetime import timedelta

from django.conf import settings
from django.core.mail.message import make_msgid
from django.db import models
from django.utils import timezone


def new_message_id() -> str:
    """A Message-ID on the sender's own domain, fixed when the email is written."""
    _, _, domain = settings.DEFAULT_FROM_EMAIL.rstrip(">").rpartition("@")
    return make_msgid(domain=domain or None)


class OutboxEmailQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=OutboxEmail.State.PENDING)

    def due(self, now=None):
        """Pending email whose next attempt time has come."""
        return self.pending().filter(next_attempt_at__lte=now or timezone.now())

    def overdue(self, grace: timedelta | float, now=None):
        """Pending email left more than `grace` past its attempt time: its message was lost."""
        if not isinstance(grace, timedelta):
            grace = timedelta(seconds=grace)
        return self.pending().filter(next_attempt_at__lt=(now or timezone.now()) - grace)

    def failed(self):
        return self.filter(state=OutboxEmail.State.FAILED)


class OutboxEmail(models.Model):
    """An email written in the same transaction as the change that caused it.

    Celery sends it; the beat sweep re-enqueues any whose message was lost. See docs/outbox.md.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    key = models.CharField(
        max_length=200,
        unique=True,
        help_text="Names the email so it is written once, e.g. contact:42:lead",
    )
    to = models.JSONField(default=list)
    reply_to = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(
        max_length=255,
        default=new_message_id,
        help_text="Set once, when the email is written: a re-sent copy carries the same "
        "Message-ID, so mail programs can drop the duplicate",
    )
    sensitive = models.BooleanField(
        default=False,
        help_text="Holds a one-time code or link: only superusers see the text, which is "
        "erased once sent",
    )
    erased_because = models.CharField(
        max_length=200,
        blank=True,
        help_text="Set when the record this email is about was deleted: its subject, text and "
        "addresses are removed, at once if it was sent or given up on, else once it is",
    )
    related_admin_url = models.CharField(
        max_length=500, blank=True, help_text="Admin page of the record that caused this email"
    )

    objects = OutboxEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "outbox email"
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"
