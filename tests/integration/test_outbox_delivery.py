"""The outbox end to end: web request → PostgreSQL → Redis → Celery worker → SMTP server.

Skipped unless DATABASE_URL is PostgreSQL and REDIS_URL is set. Each test runs in a real
transaction so the worker, a separate process, sees the rows.
"""

import itertools
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from contact.models import ContactMessage
from contact.services import ip_hash
from outbox.models import OutboxEmail

from .harness import SERVICES_AVAILABLE, SERVICES_REASON, wait_for

pytestmark = [
    pytest.mark.skipif(not SERVICES_AVAILABLE, reason=SERVICES_REASON),
    pytest.mark.django_db(transaction=True),
]

LEAD = "lead@example.org"
SENDER = "ada@example.org"
# Long enough for several beat sweeps (every second) to have run: a duplicate would show.
QUIET_PERIOD = 3
_addresses = (f"192.0.2.{n}" for n in itertools.count(1))


@pytest.fixture
def post_contact(client, settings):
    settings.PROJECT_LEAD_EMAIL = LEAD
    used = []

    def post(**kwargs):
        address = next(_addresses)
        used.append(address)
        return client.post(
            reverse("contact:contact"),
            {
                "name": "Ada Lovelace",
                "email": SENDER,
                "message": "We are setting missions for our borough.",
                "consent": "on",
            },
            REMOTE_ADDR=address,
            **kwargs,
        )

    yield post
    for address in used:
        cache.delete(f"contact:rate:{ip_hash(address)}")


def wait_until_sent(*emails, timeout=30):
    keys = [e.key for e in emails]
    wait_for(
        lambda: OutboxEmail.objects.filter(key__in=keys, state="sent").count() == len(keys),
        timeout=timeout,
        message=f"{keys} to be marked sent",
    )


def test_contact_post_delivers_both_emails_exactly_once(outbox_stack, smtp_sink, post_contact):
    response = post_contact()

    assert response.status_code == 302
    contact = ContactMessage.objects.get()
    wait_for(
        lambda: smtp_sink.received_by(LEAD) and smtp_sink.received_by(SENDER),
        message="both emails to reach the SMTP server",
    )
    wait_until_sent(contact.notification_email, contact.acknowledgement_email)
    time.sleep(QUIET_PERIOD)

    [notification] = smtp_sink.received_by(LEAD)
    [acknowledgement] = smtp_sink.received_by(SENDER)
    assert notification["Reply-To"] == SENDER
    assert "Ada Lovelace" in notification["Subject"]
    assert (
        "We are setting missions for our borough." in notification.get_payload(decode=True).decode()
    )
    assert "What happens next" in acknowledgement.get_payload(decode=True).decode()
    assert list(OutboxEmail.objects.values_list("attempts", flat=True)) == [1, 1]


def test_redis_down_at_post_time_then_restored(outbox_stack, smtp_sink, redis_proxy, post_contact):
    redis_proxy.stop()  # Redis is unreachable, for this process and the worker alike.

    # The person is not shown an error: publishing gives up quickly (fast retry policy) and
    # the sweep takes over. How long the post takes is measured in bench/, not asserted here.
    response = post_contact(follow=True)
    assert response.redirect_chain == [(reverse("contact:thanks"), 302)]
    assert "Message sent" in response.content.decode()
    contact = ContactMessage.objects.get()
    emails = [contact.notification_email, contact.acknowledgement_email]
    assert [e.state for e in OutboxEmail.objects.filter(pk__in=[e.pk for e in emails])] == [
        "pending",
        "pending",
    ]
    assert smtp_sink.messages == []

    redis_proxy.start()

    wait_for(
        lambda: smtp_sink.received_by(LEAD) and smtp_sink.received_by(SENDER),
        timeout=35,
        message="the beat sweep to re-enqueue the email once Redis is back",
    )
    wait_until_sent(*emails)
    time.sleep(QUIET_PERIOD)
    assert len(smtp_sink.received_by(LEAD)) == 1
    assert len(smtp_sink.received_by(SENDER)) == 1


def test_smtp_refusal_is_retried_until_accepted(outbox_stack, smtp_sink, post_contact):
    smtp_sink.refuse(LEAD, times=2)

    post_contact()

    contact = ContactMessage.objects.get()
    wait_until_sent(contact.notification_email, contact.acknowledgement_email)
    time.sleep(QUIET_PERIOD)

    assert smtp_sink.refused == [LEAD, LEAD]
    assert len(smtp_sink.received_by(LEAD)) == 1
    assert len(smtp_sink.received_by(SENDER)) == 1
    notification = OutboxEmail.objects.get(pk=contact.notification_email.pk)
    assert notification.attempts == 3
    assert notification.last_error == "SMTPDataError: 451 4.3.0 Try again later"
    assert notification.sent_at is not None
