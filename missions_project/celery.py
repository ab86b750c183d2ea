import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missions_project.settings")

app = Celery("missions_project")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Retention, nightly while the site is quiet (periods in settings: *_RETENTION_DAYS).
RETENTION_SCHEDULE = {
    "delete-old-contact-messages": {
        "task": "contact.tasks.delete_old_contact_messages",
        "schedule": crontab(hour=3, minute=10),
    },
    "delete-unverified-accounts": {
        "task": "accounts.tasks.delete_unverified_accounts",
        "schedule": crontab(hour=3, minute=20),
    },
    "clear-expired-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=30),
    },
}

# Reminders before a round's deadline: daily; each authority at most once a week (see
# submissions.reminders).
REMINDER_SCHEDULE = {
    "deadline-reminders": {
        "task": "submissions.tasks.send_deadline_reminders",
        "schedule": crontab(hour=9, minute=30),
    },
}


@app.on_after_configure.connect
def add_retention_schedule(sender, **kwargs):
    sender.conf.beat_schedule = {
        **sender.conf.beat_schedule,
        **RETENTION_SCHEDULE,
        **REMINDER_SCHEDULE,
    }
