"""An email interrupted after the mail server accepted it goes again with the same Message-ID."""

import pytest
from django.core import mail

from outbox.models import OutboxEmail
from outbox.services import SENT, email_enqueue_rendered, email_send
from tests.factories import OutboxEmailFactory

pytestmark = pytest.mark.django_db


class WorkerDied(Exception):
    pass


def test_email_interrupted_between_acceptance_and_record_is_resent_with_same_message_id(
    monkeypatch,
):
    email = email_enqueue_rendered(key="k:1", to=["ada@example.org"], subject="Hi", body_text="Hi")
    save = OutboxEmail.save

    def die_before_recording_sent(self, *args, **kwargs):
        if "sent_at" in (kwargs.get("update_fields") or []):
            raise WorkerDied  # the SMTP server has the email; the row never says so
        return save(self, *args, **kwargs)

    monkeypatch.setattr(OutboxEmail, "save", die_before_recording_sent)
    with pytest.raises(WorkerDied):
        email_send(email_id=email.pk)
    monkeypatch.undo()
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.PENDING

    assert email_send(email_id=email.pk) == SENT

    first, second = (message.message()["Message-ID"] for message in mail.outbox)
    assert first == second == email.message_id
    assert email.message_id.endswith("@example.org>")


def test_every_email_gets_its_own_message_id_when_written():
    one, two = OutboxEmailFactory(), OutboxEmailFactory()
    assert one.message_id and two.message_id and one.message_id != two.message_id
