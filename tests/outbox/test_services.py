from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from outbox.models import OutboxEmail
from outbox.services import email_enqueue, email_retry, email_send, outbox_sweep
from tests.factories import OutboxEmailFactory

pytestmark = pytest.mark.django_db

FAILING = "tests.outbox.backends.TemporaryFailureBackend"


@pytest.fixture
def email_templates(tmp_path, settings):
    """A template set of our own, with an HTML part, next to the project's templates."""
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "test_subject.txt").write_text("Hello\n  {{ name }}\n")
    (tmp_path / "emails" / "test.txt").write_text(
        "{% autoescape off %}Dear {{ name }}, {{ note }}{% endautoescape %}"
    )
    (tmp_path / "emails" / "test.html").write_text("<p>Dear {{ name }}, {{ note }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return "test"


def enqueue(template, key="test:1", **kwargs):
    return email_enqueue(
        key=key,
        to=["ada@example.org"],
        template=template,
        context={"name": "Ada", "note": "Tom & Jerry <3"},
        **kwargs,
    )


# --- email_enqueue ----------------------------------------------------------------------


def test_enqueue_renders_templates_and_sends_after_commit(
    email_templates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = enqueue(email_templates, reply_to=["grace@example.org"])

    assert email.state == OutboxEmail.State.PENDING
    assert email.subject == "Hello Ada"
    assert email.body_text == "Dear Ada, Tom & Jerry <3"  # plain text is not HTML-escaped
    assert email.body_html == "<p>Dear Ada, Tom &amp; Jerry &lt;3</p>"
    assert email.to == ["ada@example.org"]
    assert email.reply_to == ["grace@example.org"]
    assert len(callbacks) == 1, "the task is enqueued when the transaction commits"
    assert mail.outbox == []

    callbacks[0]()

    email.refresh_from_db()
    assert email.state == OutboxEmail.State.SENT
    [sent] = mail.outbox
    assert sent.subject == "Hello Ada"
    assert sent.reply_to == ["grace@example.org"]
    assert sent.alternatives[0][0] == "<p>Dear Ada, Tom &amp; Jerry &lt;3</p>"


def test_enqueue_without_html_template_sends_plain_text(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_enqueue(
            key="contact:1:ack",
            to=["ada@example.org"],
            template="contact_acknowledgement",
            context={"site_name": "Missions", "lead_name": "Grace", "lead_role": "Head"},
        )

    assert email.body_html == ""
    [sent] = mail.outbox
    assert sent.alternatives == []
    assert "Grace, Head" in sent.body


def test_enqueue_is_idempotent_on_key(email_templates, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = enqueue(email_templates)
        second = enqueue(email_templates)

    assert first.pk == second.pk
    assert OutboxEmail.objects.count() == 1
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1


def test_enqueue_survives_a_broker_error(
    email_templates, django_capture_on_commit_callbacks, caplog
):
    with (
        mock.patch(
            "outbox.tasks.send_outbox_email.delay",
            side_effect=OperationalError("Error 111 connecting to 127.0.0.1:6379"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        email = enqueue(email_templates)

    email.refresh_from_db()
    assert email.state == OutboxEmail.State.PENDING
    assert mail.outbox == []
    assert "the sweep will retry it" in caplog.text


# --- email_send -------------------------------------------------------------------------


def test_send_marks_sent_and_never_sends_twice(settings):
    settings.DEFAULT_FROM_EMAIL = "Missions <no-reply@example.org>"
    email = OutboxEmailFactory(reply_to=["sender@example.org"], body_html="<p>Hi</p>")

    assert email_send(email_id=email.pk) == "sent"
    assert email_send(email_id=email.pk) == "skipped"

    email.refresh_from_db()
    assert email.state == OutboxEmail.State.SENT
    assert email.sent_at is not None
    assert email.attempts == 1
    [sent] = mail.outbox
    assert sent.from_email == "Missions <no-reply@example.org>"
    assert sent.to == email.to
    assert sent.reply_to == ["sender@example.org"]


def test_send_skips_email_not_yet_due():
    email = OutboxEmailFactory(next_attempt_at=timezone.now() + timedelta(minutes=5))

    assert email_send(email_id=email.pk) == "skipped"
    assert mail.outbox == []


def test_smtp_failure_records_error_and_backs_off(settings):
    settings.EMAIL_BACKEND = FAILING
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    settings.OUTBOX_RETRY_MAX_SECONDS = 100
    settings.OUTBOX_MAX_ATTEMPTS = 8
    email = OutboxEmailFactory()

    delays = []
    for _ in range(4):
        before = timezone.now()
        assert email_send(email_id=email.pk) == "retry"
        email.refresh_from_db()
        delays.append(email.next_attempt_at - before)
        assert email_send(email_id=email.pk) == "skipped", "not due again until the back-off ends"
        OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())

    assert email.state == OutboxEmail.State.PENDING
    assert email.attempts == 4
    assert email.last_error == "SMTPDataError: 451 4.3.0 Try again later"
    # 30 s, 60 s, then doubling is capped at 100 s.
    assert [round(d.total_seconds() / 10) * 10 for d in delays] == [30, 60, 100, 100]


def test_connection_error_is_recorded(settings):
    settings.EMAIL_BACKEND = "tests.outbox.backends.ConnectionRefusedBackend"
    email = OutboxEmailFactory()

    assert email_send(email_id=email.pk) == "retry"

    email.refresh_from_db()
    assert email.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"


def test_failed_after_max_attempts(settings):
    settings.EMAIL_BACKEND = FAILING
    settings.OUTBOX_MAX_ATTEMPTS = 3
    email = OutboxEmailFactory()

    outcomes = []
    for _ in range(4):
        outcomes.append(email_send(email_id=email.pk))
        OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())

    assert outcomes == ["retry", "retry", "failed", "skipped"]
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.FAILED
    assert email.attempts == 3


def test_task_run_eagerly_records_failure_without_retrying(settings):
    from outbox.tasks import send_outbox_email

    settings.EMAIL_BACKEND = FAILING
    email = OutboxEmailFactory()

    assert send_outbox_email.delay(email.pk).get() == "retry"
    email.refresh_from_db()
    assert email.attempts == 1


# --- sweep ------------------------------------------------------------------------------


def test_sweep_re_enqueues_only_overdue_pending_email(settings):
    settings.OUTBOX_SWEEP_GRACE_SECONDS = 60
    now = timezone.now()
    lost = OutboxEmailFactory(next_attempt_at=now - timedelta(minutes=5))
    recent = OutboxEmailFactory(next_attempt_at=now - timedelta(seconds=10))
    later = OutboxEmailFactory(next_attempt_at=now + timedelta(minutes=5))
    OutboxEmailFactory(next_attempt_at=now - timedelta(hours=1), state=OutboxEmail.State.SENT)
    OutboxEmailFactory(next_attempt_at=now - timedelta(hours=1), state=OutboxEmail.State.FAILED)

    assert outbox_sweep() == 1

    assert [m.subject for m in mail.outbox] == [lost.subject]
    states = dict(OutboxEmail.objects.values_list("pk", "state"))
    assert states[lost.pk] == "sent"
    assert states[recent.pk] == states[later.pk] == "pending"
    assert outbox_sweep() == 0


def test_sweep_with_broker_down_leaves_email_pending(settings, caplog):
    settings.OUTBOX_SWEEP_GRACE_SECONDS = 60
    lost = OutboxEmailFactory(next_attempt_at=timezone.now() - timedelta(minutes=5))

    with mock.patch(
        "outbox.tasks.send_outbox_email.delay", side_effect=OperationalError("refused")
    ):
        outbox_sweep()

    lost.refresh_from_db()
    assert lost.state == OutboxEmail.State.PENDING
    assert "the sweep will retry it" in caplog.text
    # Not swept again until the grace period has passed once more.
    assert outbox_sweep() == 0


def test_sweep_task_runs_the_sweep(settings):
    from outbox.tasks import sweep_outbox

    OutboxEmailFactory(next_attempt_at=timezone.now() - timedelta(hours=1))

    assert sweep_outbox.delay().get() == 1
    assert len(mail.outbox) == 1


# --- retry ------------------------------------------------------------------------------


def test_retry_puts_failed_email_back_and_sends_it(django_capture_on_commit_callbacks):
    email = OutboxEmailFactory(
        state=OutboxEmail.State.FAILED,
        attempts=8,
        last_error="SMTPDataError: 451",
        next_attempt_at=timezone.now() + timedelta(days=1),
    )

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert email_retry(email=email) is True
    assert email.state == OutboxEmail.State.PENDING
    assert email.attempts == 0
    assert email.next_attempt_at <= timezone.now()

    for callback in callbacks:
        callback()
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.SENT
    assert len(mail.outbox) == 1


def test_retry_leaves_sent_email_alone(django_capture_on_commit_callbacks):
    email = OutboxEmailFactory(state=OutboxEmail.State.SENT, attempts=1)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert email_retry(email=email) is False

    assert callbacks == []
    assert email.state == OutboxEmail.State.SENT
    assert mail.outbox == []
