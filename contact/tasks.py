"""Retention, run by Celery beat (missions_project/celery.py). Safe to run twice."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .models import ContactMessage
from .services import contact_messages_delete


@shared_task(ignore_result=True)
def delete_old_contact_messages() -> int:
    """Contact messages are kept for settings.CONTACT_RETENTION_DAYS (the privacy notice says so)."""
    cutoff = timezone.now() - timedelta(days=settings.CONTACT_RETENTION_DAYS)
    return contact_messages_delete(messages=ContactMessage.objects.filter(created_at__lt=cutoff))
