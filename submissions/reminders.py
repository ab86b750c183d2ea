"""Reminders before a round's deadline to authorities whose draft is not submitted yet.

Run daily by Celery beat (submissions.tasks); each officer gets at most one a week: the outbox
key names the authority, the ISO week and the officer, so running again in the same week (or
twice at once) writes nothing new. Each email has a link that stops them without signing in.
"""

from datetime import date

from django.core import signing
from django.db import transaction
from django.utils import timezone

from common.emails import absolute_url, email_context
from councils.models import Membership
from instrument.models import Round
from outbox.models import OutboxEmail
from outbox.services import email_enqueue

from .models import Submission

# Reminders start this many days before the round closes.
REMINDER_DAYS_BEFORE = 21
UNSUBSCRIBE_SALT = "submissions.deadline-reminders"


def unsubscribe_token(membership: Membership) -> str:
    return signing.dumps(membership.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def membership_for_token(token: str) -> Membership | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Membership.objects.select_related("authority").filter(pk=pk).first()


def deadline_reminders_stop(*, membership: Membership) -> None:
    Membership.objects.filter(pk=membership.pk).update(deadline_reminders=False)


@transaction.atomic
def deadline_reminders_send(*, today: date | None = None) -> int:
    """Email the verified officers of every authority with an unsubmitted draft in the round
    closing within REMINDER_DAYS_BEFORE days; how many emails were written."""
    today = today or timezone.localdate()
    round = Round.objects.open_on(today).order_by("closes_on", "pk").first()
    if round is None or (round.closes_on - today).days > REMINDER_DAYS_BEFORE:
        return 0
    year, week, _ = today.isocalendar()
    drafts = Submission.objects.filter(round=round, status=Submission.Status.DRAFT)
    officers = (
        Membership.objects.verified()
        .filter(deadline_reminders=True, authority_id__in=drafts.values("authority_id"))
        .exclude(user__email="")
        .select_related("user", "authority")
        .order_by("authority_id", "pk")
    )
    written = 0
    for membership in officers:
        key = f"deadline-reminder:{membership.authority_id}:{year}-W{week:02d}:{membership.user_id}"
        if OutboxEmail.objects.filter(key=key).exists():
            continue  # already reminded this week
        email_enqueue(
            key=key,
            to=[membership.user.email],
            template="deadline_reminder",
            context=email_context(
                authority=membership.authority,
                round=round,
                days_left=(round.closes_on - today).days,
                task_list_url=absolute_url("questionnaire:task_list"),
                unsubscribe_url=absolute_url(
                    "questionnaire:reminders_stop", unsubscribe_token(membership)
                ),
            ),
        )
        written += 1
    return written
