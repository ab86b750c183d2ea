from datetime import timedelta

from django.db import models
from django.utils import timezone


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
