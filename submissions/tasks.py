"""Background work for submissions, run by Celery beat (missions_project/celery.py). Safe to
run twice: one reminder round per authority per ISO week (submissions.reminders)."""

from celery import shared_task

from . import reminders


@shared_task(ignore_result=True)
def send_deadline_reminders() -> int:
    return reminders.deadline_reminders_send()
