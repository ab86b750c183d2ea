import pytest
from django.core import mail
from django.urls import reverse

from outbox.models import OutboxEmail
from tests.factories import (
    AuthorityFactory,
    ContactMessageFactory,
    OutboxEmailFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def contact_with_emails(lead_state="sent", ack_state="sent", **kwargs):
    contact = ContactMessageFactory(**kwargs)
    contact.notification_email = OutboxEmailFactory(
        key=f"contact:{contact.pk}:lead", state=lead_state, subject=f"New message {contact.pk}"
    )
    contact.acknowledgement_email = OutboxEmailFactory(
        key=f"contact:{contact.pk}:ack", state=ack_state, subject=f"Received {contact.pk}"
    )
    contact.save()
    return contact


def test_list_shows_messages_with_email_states_in_fixed_queries(
    researcher_client, django_assert_max_num_queries
):
    theme = ThemeFactory()
    url = reverse("admin:contact_contactmessage_changelist")
    contact_with_emails(name="Ada Lovelace", lead_state="failed", authority=AuthorityFactory())
    with django_assert_max_num_queries(15) as few:
        response = researcher_client.get(url)
    for _ in range(10):
        contact_with_emails(authority=AuthorityFactory()).themes.add(theme)
    with django_assert_max_num_queries(len(few)):
        researcher_client.get(url)

    content = response.content.decode()
    assert "Ada Lovelace" in content
    assert "Failed" in content


def test_list_filters_by_theme_and_searches(researcher_client):
    theme = ThemeFactory(title="Leading change")
    contact_with_emails(name="Ada Lovelace").themes.add(theme)
    contact_with_emails(name="Charles Babbage", message="Engines")
    url = reverse("admin:contact_contactmessage_changelist")

    by_theme = researcher_client.get(url, {"themes__id__exact": theme.pk}).content.decode()
    found = researcher_client.get(url, {"q": "engines"}).content.decode()

    assert "Ada Lovelace" in by_theme and "Charles Babbage" not in by_theme
    assert "Charles Babbage" in found and "Ada Lovelace" not in found


def test_message_page_shows_its_emails(researcher_client):
    contact = contact_with_emails(lead_state="failed")
    OutboxEmail.objects.filter(pk=contact.notification_email.pk).update(
        attempts=8, last_error="SMTPDataError: 451 4.3.0 Try again later"
    )

    response = researcher_client.get(
        reverse("admin:contact_contactmessage_change", args=[contact.pk])
    )

    content = response.content.decode()
    assert response.status_code == 200
    email_url = reverse("admin:outbox_outboxemail_change", args=[contact.notification_email.pk])
    assert f'href="{email_url}"' in content
    assert "Failed (8 attempt(s); last error: SMTPDataError: 451 4.3.0 Try again later)" in content


def test_retry_failed_notifications_action(researcher_client, django_capture_on_commit_callbacks):
    contact = contact_with_emails(lead_state="failed", ack_state="sent")

    with django_capture_on_commit_callbacks(execute=True):
        response = researcher_client.post(
            reverse("admin:contact_contactmessage_changelist"),
            {"action": "retry_failed_notifications", "_selected_action": [contact.pk]},
            follow=True,
        )

    assert "1 failed email(s) queued to be sent again." in response.content.decode()
    contact.notification_email.refresh_from_db()
    assert contact.notification_email.state == OutboxEmail.State.SENT
    assert [m.subject for m in mail.outbox] == [contact.notification_email.subject]
