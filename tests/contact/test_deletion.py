"""Deleting a contact message takes what its emails say of the sender with it, on every path:
the admin's delete page and its bulk action, and the retention task (a person deleting their
account: tests/accounts/test_personal_data.py). An email still waiting to be sent is delivered as
written first, and erased once sent (contact.services.contact_messages_delete)."""

import itertools
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from contact import tasks as contact_tasks
from contact.models import ContactMessage
from contact.services import ip_hash
from outbox.models import OutboxEmail
from outbox.services import email_send

pytestmark = pytest.mark.django_db

NAME, EMAIL, TEXT = "Ada Lovelace", "ada@example.org", "Our borough is setting three missions."
CHANGELIST = reverse("admin:contact_contactmessage_changelist")
_addresses = (f"203.0.113.{n}" for n in itertools.count(1))


def send_message(client, capture, *, delivered: bool = True) -> ContactMessage:
    """Post "Join the conversation" as Ada does; the two emails go out unless told otherwise."""
    ip = next(_addresses)
    cache.delete(f"contact:rate:{ip_hash(ip)}")
    data = {"name": NAME, "email": EMAIL, "message": TEXT, "consent": "on"}
    with capture(execute=delivered):
        assert client.post(reverse("contact:contact"), data, REMOTE_ADDR=ip).status_code == 302
    return ContactMessage.objects.get()


def mentions_ada(email: OutboxEmail) -> bool:
    text = " ".join([email.subject, email.body_text, email.body_html, *email.to, *email.reply_to])
    return any(detail in text for detail in (NAME, EMAIL, TEXT))


def assert_ada_is_gone(emails: list[OutboxEmail]):
    assert not ContactMessage.objects.exists()
    for email in emails:
        email.refresh_from_db()  # the rows stay: the outbox still counts what it sent
        assert not mentions_ada(email), email.key
        assert email.erased_because == "the contact message it was about was deleted"


def test_deleting_a_message_in_the_admin_erases_its_emails(
    client, researcher_client, django_capture_on_commit_callbacks
):
    contact = send_message(client, django_capture_on_commit_callbacks)
    emails = contact.emails
    assert all(mentions_ada(e) for e in emails)
    url = reverse("admin:contact_contactmessage_delete", args=[contact.pk])

    response = researcher_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert_ada_is_gone(emails)
    assert {e.state for e in emails} == {OutboxEmail.State.SENT}


def test_the_bulk_delete_action_erases_their_emails(
    client, lead_client, django_capture_on_commit_callbacks
):
    contact = send_message(client, django_capture_on_commit_callbacks)
    emails = contact.emails
    data = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [contact.pk]}

    confirm = lead_client.post(CHANGELIST, data)
    assert confirm.status_code == 200 and ContactMessage.objects.exists()
    lead_client.post(CHANGELIST, {**data, "post": "yes"})

    assert_ada_is_gone(emails)


def test_the_retention_task_erases_their_emails(
    client, settings, django_capture_on_commit_callbacks
):
    settings.CONTACT_RETENTION_DAYS = 30
    contact = send_message(client, django_capture_on_commit_callbacks)
    ContactMessage.objects.filter(pk=contact.pk).update(
        created_at=timezone.now() - timedelta(days=31)
    )

    assert contact_tasks.delete_old_contact_messages.delay().get() == 1

    assert_ada_is_gone(contact.emails)


def test_a_notification_still_waiting_is_delivered_then_erased(
    client, researcher_client, settings, django_capture_on_commit_callbacks
):
    """Deleting the message must not lose the lead's notification on its way: it is sent as it
    was written, and erased the moment it is sent."""
    settings.PROJECT_LEAD_EMAIL = "lead@example.org"
    contact = send_message(client, django_capture_on_commit_callbacks, delivered=False)
    lead, ack = contact.notification_email, contact.acknowledgement_email
    researcher_client.post(
        reverse("admin:contact_contactmessage_delete", args=[contact.pk]), {"post": "yes"}
    )

    lead.refresh_from_db()
    assert lead.state == OutboxEmail.State.PENDING and mentions_ada(lead)
    assert email_send(email_id=lead.pk) == "sent"
    assert email_send(email_id=ack.pk) == "sent"

    [to_lead, to_ada] = mail.outbox
    assert to_lead.to == ["lead@example.org"] and TEXT in to_lead.body
    assert to_lead.reply_to == [EMAIL] and NAME in to_lead.subject
    assert to_ada.to == [EMAIL]
    assert_ada_is_gone([lead, ack])


def test_a_waiting_notification_given_up_on_is_erased_and_not_retried(
    client, researcher_client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.outbox.backends.TemporaryFailureBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 1
    contact = send_message(client, django_capture_on_commit_callbacks, delivered=False)
    lead = contact.notification_email
    researcher_client.post(
        reverse("admin:contact_contactmessage_delete", args=[contact.pk]), {"post": "yes"}
    )

    assert email_send(email_id=lead.pk) == "failed"

    assert_ada_is_gone([lead])
    assert lead.state == OutboxEmail.State.FAILED
    retry = researcher_client.post(
        reverse("admin:outbox_outboxemail_changelist"),
        {"action": "retry_sending", ACTION_CHECKBOX_NAME: [lead.pk]},
        follow=True,
    )
    assert "0 email(s) queued to be sent again." in retry.content.decode()
    assert "or their text was removed" in retry.content.decode()
    lead.refresh_from_db()
    assert lead.state == OutboxEmail.State.FAILED
