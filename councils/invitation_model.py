"""An officer's invitation to a colleague: one address, one use, for a limited time."""

from django.conf import settings
from django.db import models


class InvitationQuerySet(models.QuerySet):
    def usable(self, now):
        return self.filter(used_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    authority = models.ForeignKey(
        "councils.Authority", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("invited email address")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The link's secret: random, unique, and useless once used or expired.
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        app_label = "councils"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation to {self.email} to join {self.authority}"
