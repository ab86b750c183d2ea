"""Background work for submissions, run by Celery beat (missions_project/celery.py). Safe to
run twice: the outbox keys allow one reminder per officer per authority per week."""

from celery import shared_task

from . import reminders


@shared_task(ignore_result=True)
def send_deadline_reminders() -> int:
    return reminders.deadline_reminders_send()
