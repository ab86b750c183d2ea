"""emails_erase: the record an email was about was deleted, so what the email says of a person
goes too, at once if it was sent or given up on, else as soon as it is (email_send)."""

import pytest
from django.core import mail

from outbox.models import OutboxEmail
from outbox.services import (
    ERASED_ADDRESS,
    ERASED_SUBJECT,
    email_retry,
    email_send,
    emails_erase,
)
from tests.factories import OutboxEmailFactory

pytestmark = pytest.mark.django_db

S = OutboxEmail.State
WHY = "the contact message it was about was deleted"


def about_ada(**fields) -> OutboxEmail:
    return OutboxEmailFactory(
        to=["ada@example.org"],
        reply_to=["ada@example.org"],
        subject="New message from Ada",
        body_text="Ada wrote: hello",
        body_html="<p>Ada wrote: hello</p>",
        **fields,
    )


def assert_erased(email: OutboxEmail) -> None:
    email.refresh_from_db()
    assert email.subject == ERASED_SUBJECT
    assert email.body_text == f"[Removed: {WHY}.]" and email.body_html == ""
    assert email.to == [ERASED_ADDRESS] and email.reply_to == []
    assert email.last_error == ""
    assert email.erased_because == WHY


@pytest.mark.parametrize("state", [S.SENT, S.FAILED])
def test_a_sent_or_failed_email_is_erased_at_once(state):
    email = about_ada(state=state, last_error="SMTPRecipientsRefused: ada@example.org: 550")
    other = OutboxEmailFactory(body_text="Not about Ada")

    assert emails_erase(email_ids=[email.pk], reason=WHY) == 1

    assert_erased(email)
    assert email.state == state
    other.refresh_from_db()
    assert other.body_text == "Not about Ada" and not other.erased_because


def test_an_erased_failed_email_is_not_retried():
    email = about_ada(state=S.FAILED)
    emails_erase(email_ids=[email.pk], reason=WHY)

    assert email_retry(email=email) is False
    assert email.state == S.FAILED


def test_a_waiting_email_is_sent_as_written_then_erased():
    email = about_ada()
    emails_erase(email_ids=[email.pk], reason=WHY)
    email.refresh_from_db()
    assert email.state == S.PENDING and email.body_text == "Ada wrote: hello"

    assert email_send(email_id=email.pk) == "sent"

    [sent] = mail.outbox
    assert sent.to == ["ada@example.org"] and sent.body == "Ada wrote: hello"
    assert_erased(email)
    assert email.state == S.SENT


def test_a_waiting_email_keeps_its_text_between_attempts_and_is_erased_when_given_up(settings):
    settings.EMAIL_BACKEND = "tests.outbox.backends.TemporaryFailureBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 2
    email = about_ada()
    emails_erase(email_ids=[email.pk], reason=WHY)

    assert email_send(email_id=email.pk) == "retry"
    email.refresh_from_db()
    assert email.body_text == "Ada wrote: hello", "it may still be sent"

    OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=email.created_at)
    assert email_send(email_id=email.pk) == "failed"
    assert_erased(email)
    assert email.state == S.FAILED
