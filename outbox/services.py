"""Writing, sending and re-sending outbox email. Every email the site sends goes through here."""

import logging
import math
import smtplib
from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutboxEmail

logger = logging.getLogger(__name__)

SENT = "sent"
RETRY = "retry"
FAILED = "failed"
SKIPPED = "skipped"
# What is left of a sensitive email's text once it has been sent.
REDACTED = "[Removed after sending: this email held a one-time code or link.]"
REDACTED_FOR_DELETION = "[Removed: the recipient deleted their account.]"
FORGOTTEN = "deleted-account@invalid"
ERASED_SUBJECT = "[Removed]"
ERASED_ADDRESS = "removed@invalid"


def email_enqueue(
    *,
    key: str,
    to: list[str],
    template: str,
    context: dict,
    reply_to: list[str] | None = None,
    related_admin_url: str = "",
) -> OutboxEmail:
    """Write an email to the outbox and send it once the surrounding transaction commits.

    Renders templates/emails/<template>_subject.txt, <template>.txt and, if it exists,
    <template>.html now, so the email says what was true when it was caused. The same key
    returns the existing row: callers can run twice without sending twice.
    """
    existing = OutboxEmail.objects.filter(key=key).first()
    if existing is not None:
        return existing
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body_text = render_to_string(f"emails/{template}.txt", context)
    try:
        body_html = render_to_string(f"emails/{template}.html", context)
    except TemplateDoesNotExist:
        body_html = ""
    email, created = OutboxEmail.objects.get_or_create(
        key=key,
        defaults={
            "to": list(to),
            "reply_to": list(reply_to or []),
            "subject": subject[:255],
            "body_text": body_text,
            "body_html": body_html,
            "related_admin_url": related_admin_url[:500],
        },
    )
    if created:
        transaction.on_commit(partial(_publish, email.pk))
    return email


def email_send(*, email_id: int) -> str:
    """Send one outbox email if it is pending and due; record the outcome.

    Returns "sent", "retry" (failed, will be tried again), "failed" (gave up) or "skipped"
    (already sent, failed, not due yet, or being sent by another worker right now).
    The row stays locked while the mail server is talking, so two workers never both send it.
    """
    with transaction.atomic():
        now = timezone.now()
        email = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .due(now)
            .filter(pk=email_id)
            .first()
        )
        if email is None:
            return SKIPPED
        # The same Message-ID on every attempt: if a worker dies after the mail server accepted
        # the email but before the row says "sent", the copy sent again is a recognisable repeat.
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=email.to,
            reply_to=email.reply_to or None,
            headers={"Message-ID": email.message_id},
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        email.attempts += 1
        try:
            message.send()
        except Exception as exc:
            email.last_error = _describe_error(exc)
            log = logger.warning if isinstance(exc, OSError) else logger.exception
            log(
                "Outbox email %s (%s) not sent, attempt %s: %s",
                email.pk,
                email.key,
                email.attempts,
                email.last_error,
            )
            fields = ["attempts", "last_error", "state", "next_attempt_at"]
            if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                email.state = OutboxEmail.State.FAILED
                if email.erased_because:
                    fields += _erase(email)  # Given up on: nothing will send this text now.
            else:
                email.next_attempt_at = now + timedelta(seconds=_backoff(email.attempts))
            email.save(update_fields=fields)
            return FAILED if email.state == OutboxEmail.State.FAILED else RETRY
        email.state = OutboxEmail.State.SENT
        email.sent_at = timezone.now()
        fields = ["attempts", "state", "sent_at"]
        if email.sensitive:
            # The code or link has done its job; nobody needs to read it again.
            email.body_text, email.body_html = REDACTED, ""
            fields += ["body_text", "body_html"]
        if email.erased_because:
            fields += _erase(email)
        email.save(update_fields=fields)
    logger.info("Outbox email %s (%s) sent", email.pk, email.key)
    return SENT


def email_retry_countdown(*, email_id: int) -> int:
    """Seconds until the email's next attempt is due (for the task's own retry)."""
    next_attempt_at = (
        OutboxEmail.objects.filter(pk=email_id).values_list("next_attempt_at", flat=True).first()
    )
    if next_attempt_at is None:
        return 0
    return max(0, math.ceil((next_attempt_at - timezone.now()).total_seconds()))


def outbox_sweep() -> int:
    """Re-enqueue pending email whose message was lost (Redis down at the time, worker killed).

    Only email more than OUTBOX_SWEEP_GRACE_SECONDS past due is picked up, and its due time is
    moved to now, so a slow queue is not flooded with a copy on every sweep.
    """
    now = timezone.now()
    ids = list(
        OutboxEmail.objects.overdue(settings.OUTBOX_SWEEP_GRACE_SECONDS, now=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
    if not ids:
        return 0
    OutboxEmail.objects.pending().filter(pk__in=ids).update(next_attempt_at=now)
    for email_id in ids:
        if not _publish(email_id):
            break  # The broker is down: the next sweep tries again.
    logger.info("Outbox sweep re-enqueued %s email(s)", len(ids))
    return len(ids)


def email_retry(*, email: OutboxEmail) -> bool:
    """Put a failed (or stuck pending) email back in the queue, due now. Sent email is left
    alone, and so is one whose text was erased (emails_erase): there is nothing left to send."""
    with transaction.atomic():
        updated = (
            OutboxEmail.objects.filter(pk=email.pk)
            .exclude(state=OutboxEmail.State.SENT)
            .exclude(state=OutboxEmail.State.FAILED, erased_because__gt="")
            .update(
                state=OutboxEmail.State.PENDING,
                attempts=0,  # A fresh round of attempts; last_error keeps the reason it stopped.
                next_attempt_at=timezone.now(),
            )
        )
        if updated:
            transaction.on_commit(partial(_publish, email.pk))
    email.refresh_from_db()
    return bool(updated)


def _publish(email_id: int) -> bool:
    """Hand the email to Celery. A broker error is logged, not raised: the row stays pending
    and the sweep sends it later, so a web request never fails because Redis is down."""
    from .tasks import send_outbox_email

    try:
        send_outbox_email.delay(email_id)
    except Exception as exc:
        logger.warning(
            "Could not enqueue outbox email %s; the sweep will retry it: %r", email_id, exc
        )
        return False
    return True


def _backoff(attempts: int) -> float:
    delay = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    return min(delay, settings.OUTBOX_RETRY_MAX_SECONDS)


def _describe_error(exc: Exception) -> str:
    """A short reason for the admin: the SMTP reply or the exception, never credentials."""
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error
        if isinstance(reply, bytes):
            reply = reply.decode("utf-8", "replace")
        text = f"{exc.smtp_code} {reply}"
    elif isinstance(exc, smtplib.SMTPRecipientsRefused):
        text = "; ".join(
            f"{addr}: {code} {msg.decode('utf-8', 'replace') if isinstance(msg, bytes) else msg}"
            for addr, (code, msg) in exc.recipients.items()
        )
    else:
        text = str(exc)
    return f"{type(exc).__name__}: {' '.join(text.split())}"[:500]


def email_enqueue_rendered(
    *,
    key: str,
    to: list[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    reply_to: list[str] | None = None,
    sensitive: bool = False,
) -> OutboxEmail:
    """Like email_enqueue, for an email another library has already rendered (allauth's
    codes and reset links, via accounts.adapter). The same key returns the existing row.

    `sensitive` marks text only its recipient may read (a sign-in code, a reset link): the
    outbox admin shows it to superusers only, and it is erased once sent."""
    email, created = OutboxEmail.objects.get_or_create(
        key=key,
        defaults={
            "to": list(to),
            "reply_to": list(reply_to or []),
            "subject": " ".join(subject.split())[:255],
            "body_text": body_text,
            "body_html": body_html,
            "sensitive": sensitive,
        },
    )
    if created:
        transaction.on_commit(partial(_publish, email.pk))
    return email


def emails_to(address: str) -> list[OutboxEmail]:
    """Every email with this address among its recipients (exact, any case)."""
    address = address.lower()
    return [
        row
        for row in OutboxEmail.objects.filter(to__icontains=address).order_by("created_at", "pk")
        if address in (a.lower() for a in row.to)
    ]


def email_forget(*, address: str) -> int:
    """Remove an address and the text from every email sent to it (the person deleted their
    account): the rows stay, so the outbox still counts what was sent, but say nothing of whom."""
    rows = emails_to(address)
    for row in rows:
        row.to = [FORGOTTEN if a.lower() == address.lower() else a for a in row.to]
        row.reply_to = [FORGOTTEN if a.lower() == address.lower() else a for a in row.reply_to]
        row.body_text, row.body_html = REDACTED_FOR_DELETION, ""
        if row.state == OutboxEmail.State.PENDING:
            row.state = OutboxEmail.State.FAILED
            row.last_error = "Not sent: the recipient deleted their account."
        row.save(update_fields=["to", "reply_to", "body_text", "body_html", "state", "last_error"])
    return len(rows)


def emails_erase(*, email_ids: Iterable[int], reason: str) -> int:
    """Remove what these emails say of a person (subject, text, addresses, the last error, which
    may quote an address), because the record they were about was deleted; `reason` says so.
    The rows stay, so the outbox still counts what it sent.

    An email still waiting to be sent is not erased yet: deleting the record must not lose a
    notification before it arrives. It is sent as written and erased by email_send as soon as
    it is sent or given up on. The row lock waits for a send in progress to finish first."""
    with transaction.atomic():
        rows = list(OutboxEmail.objects.select_for_update().filter(pk__in=list(email_ids)))
        for row in rows:
            row.erased_because = reason[:200]
            fields = ["erased_because"]
            if row.state != OutboxEmail.State.PENDING:
                fields += _erase(row)
            row.save(update_fields=fields)
    return len(rows)


def _erase(email: OutboxEmail) -> list[str]:
    """Empty an email whose record was deleted (emails_erase); returns the fields changed."""
    email.subject = ERASED_SUBJECT
    email.body_text, email.body_html = f"[Removed: {email.erased_because}.]", ""
    email.to = [ERASED_ADDRESS for _ in email.to]
    email.reply_to = []
    email.last_error = ""
    return ["subject", "body_text", "body_html", "to", "reply_to", "last_error"]
