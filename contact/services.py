import logging
import time
from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.crypto import salted_hmac

from common.emails import absolute_url, email_context
from councils.models import Authority
from instrument.models import Theme
from outbox.models import OutboxEmail
from outbox.services import email_enqueue, email_retry, emails_erase

from .models import ContactMessage

logger = logging.getLogger(__name__)


def contact_message_create(
    *,
    name: str,
    email: str,
    message: str,
    consent_to_contact: bool,
    organisation: str = "",
    authority: Authority | None = None,
    role: str = "",
    themes: Iterable[Theme] = (),
    ip_address: str = "",
) -> ContactMessage:
    """Save a message and, in the same transaction, the two emails it causes: the
    notification to the project lead and the acknowledgement to the sender."""
    themes = list(themes)
    with transaction.atomic():
        contact = ContactMessage.objects.create(
            name=name,
            email=email,
            organisation=organisation,
            authority=authority,
            role=role,
            message=message,
            consent_to_contact=consent_to_contact,
            ip_hash=ip_hash(ip_address) if ip_address else "",
        )
        contact.themes.set(themes)
        admin_url = absolute_url(contact.get_admin_url())
        context = email_context(
            contact=contact,
            themes=themes,
            admin_url=admin_url,
            lead_name=settings.PROJECT_LEAD_NAME,
            lead_role=settings.PROJECT_LEAD_ROLE,
        )
        contact.notification_email = email_enqueue(
            key=f"contact:{contact.pk}:lead",
            to=[settings.PROJECT_LEAD_EMAIL],
            reply_to=[contact.email],
            template="contact_notification",
            context=context,
            related_admin_url=admin_url,
        )
        contact.acknowledgement_email = email_enqueue(
            key=f"contact:{contact.pk}:ack",
            to=[contact.email],
            template="contact_acknowledgement",
            context=context,
            related_admin_url=admin_url,
        )
        contact.save(update_fields=["notification_email", "acknowledgement_email"])
    return contact


def contact_messages_delete(*, messages) -> int:
    """Delete these contact messages, and with them what their two emails say of the sender (the
    notification to the lead holds their name, address and message; the acknowledgement, their
    address). Every delete comes here: the admin's delete page and action (admin.py), the
    retention task (tasks.py) and a person deleting their account (accounts/services.py).

    An email still waiting to be sent goes first and is erased once sent: deleting a message
    must not lose its notification on the way (outbox.services.emails_erase). Returns how many
    messages were deleted."""
    with transaction.atomic():
        rows = list(
            messages.order_by().values_list("pk", "notification_email", "acknowledgement_email")
        )
        emails_erase(
            email_ids=[email for _, *emails in rows for email in emails if email],
            reason="the contact message it was about was deleted",
        )
        _, deleted = ContactMessage.objects.filter(pk__in=[pk for pk, *_ in rows]).delete()
    return deleted.get(ContactMessage._meta.label, 0)


def contact_notifications_retry(*, contact: ContactMessage) -> int:
    """Queue again this message's emails that failed. Returns how many."""
    return sum(
        email_retry(email=email)
        for email in contact.emails
        if email.state == OutboxEmail.State.FAILED
    )


def contact_rate_limit_hit(*, ip_address: str) -> datetime | None:
    """Count a post from this address. Once it is over CONTACT_RATE_LIMIT in the window,
    return when the window ends (the sender may try again then); otherwise None.

    The count lives in the shared cache (Redis in production). If the cache is down the post
    is let through: losing a real message is worse than letting a few bots past.
    """
    key = f"contact:rate:{ip_hash(ip_address)}"
    window = settings.CONTACT_RATE_WINDOW_SECONDS
    try:
        if cache.add(key, 1, timeout=window):
            count = 1
            # The cache cannot say when a key expires, so the window's end is kept beside it.
            cache.set(f"{key}:until", time.time() + window, timeout=window)
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # Expired between add and incr: a new window.
                cache.set(key, 1, timeout=window)
                cache.set(f"{key}:until", time.time() + window, timeout=window)
                count = 1
        if count <= settings.CONTACT_RATE_LIMIT:
            return None
        until = cache.get(f"{key}:until") or time.time() + window
    except Exception:
        logger.warning("Contact rate limit unavailable; letting the post through", exc_info=True)
        return None
    return datetime.fromtimestamp(until, tz=UTC)


def ip_hash(ip_address: str) -> str:
    """A keyed hash, so the address itself is never stored but repeats can be matched."""
    return salted_hmac("contact.ip", ip_address, algorithm="sha256").hexdigest()
