"""Reminders before a round's deadline to authorities whose draft is not submitted yet.

Run daily by Celery beat (submissions.tasks). The authority is the unit: at most one reminder
round per authority per ISO week, in which each of its verified officers who still wants
reminders gets a copy of their own, with their own link that stops them without signing in.
The outbox keys name the authority, the ISO week and the officer; once any key of an authority's
week exists, that authority has been reminded that week, so running again (or twice at once)
writes nothing new, and an officer who joins after that week's round waits for the next week.
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
KEY_PREFIX = "deadline-reminder:"


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


def _reminded(week: str) -> set[int]:
    """The authorities that had their reminder round in `week` (from the outbox keys)."""
    keys = OutboxEmail.objects.filter(
        key__startswith=KEY_PREFIX, key__contains=f":{week}:"
    ).values_list("key", flat=True)
    return {int(key.removeprefix(KEY_PREFIX).split(":", 1)[0]) for key in keys}


@transaction.atomic
def deadline_reminders_send(*, today: date | None = None) -> int:
    """Email the verified officers of every authority with an unsubmitted draft in the round
    closing within REMINDER_DAYS_BEFORE days, unless the authority was reminded this ISO week;
    how many emails were written."""
    today = today or timezone.localdate()
    round = Round.objects.open_on(today).order_by("closes_on", "pk").first()
    if round is None or (round.closes_on - today).days > REMINDER_DAYS_BEFORE:
        return 0
    year, week_number, _ = today.isocalendar()
    week = f"{year}-W{week_number:02d}"
    drafts = Submission.objects.filter(round=round, status=Submission.Status.DRAFT)
    officers = (
        Membership.objects.verified()
        .filter(deadline_reminders=True, authority_id__in=drafts.values("authority_id"))
        .exclude(authority_id__in=_reminded(week))
        .exclude(user__email="")
        .select_related("user", "authority")
        .order_by("authority_id", "pk")
    )
    written = 0
    for membership in officers:
        email_enqueue(
            key=f"{KEY_PREFIX}{membership.authority_id}:{week}:{membership.user_id}",
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
