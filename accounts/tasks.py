"""Retention, run by Celery beat (missions_project/celery.py). Safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from . import services


@shared_task(ignore_result=True)
def delete_unverified_accounts() -> int:
    return services.unverified_accounts_delete(days=settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS)


@shared_task(ignore_result=True)
def clear_expired_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
