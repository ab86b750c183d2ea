import pytest
from django.core import mail
from django.urls import reverse

from outbox.models import OutboxEmail
from tests.factories import OutboxEmailFactory

pytestmark = pytest.mark.django_db


def test_outbox_list_shows_state_and_errors_with_fixed_query_count(
    admin_client, django_assert_max_num_queries
):
    # A superuser: only superusers see an email's errors, addresses and links (outbox/admin.py).
    OutboxEmailFactory(subject="Welcome", state=OutboxEmail.State.SENT)
    OutboxEmailFactory(
        subject="Stuck", state=OutboxEmail.State.FAILED, last_error="SMTPDataError: 451 busy"
    )
    url = reverse("admin:outbox_outboxemail_changelist")

    with django_assert_max_num_queries(12) as few:
        response = admin_client.get(url)
    OutboxEmailFactory.create_batch(20)
    with django_assert_max_num_queries(len(few)):
        admin_client.get(url)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Welcome" in content
    assert "SMTPDataError: 451 busy" in content


def test_outbox_list_filters_by_state_and_searches(admin_client):
    # A superuser: only superusers see an email's errors, addresses and links (outbox/admin.py).
    OutboxEmailFactory(subject="Delivered", state=OutboxEmail.State.SENT)
    OutboxEmailFactory(subject="Refused", state=OutboxEmail.State.FAILED, to=["x@example.net"])
    url = reverse("admin:outbox_outboxemail_changelist")

    failed = admin_client.get(url, {"state__exact": "failed"}).content.decode()
    found = admin_client.get(url, {"q": "x@example.net"}).content.decode()

    assert "Refused" in failed and "Delivered" not in failed
    assert "Refused" in found and "Delivered" not in found


def test_outbox_email_page_is_read_only(admin_client):
    # A superuser: only superusers see an email's errors, addresses and links (outbox/admin.py).
    email = OutboxEmailFactory(related_admin_url="http://testserver/admin/contact/1/")

    response = admin_client.get(reverse("admin:outbox_outboxemail_change", args=[email.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="subject"' not in content
    assert 'href="http://testserver/admin/contact/1/"' in content


def test_retry_sending_action_sends_failed_email_once(
    researcher_client, django_capture_on_commit_callbacks
):
    failed = OutboxEmailFactory(state=OutboxEmail.State.FAILED, attempts=8)
    sent = OutboxEmailFactory(state=OutboxEmail.State.SENT, attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        response = researcher_client.post(
            reverse("admin:outbox_outboxemail_changelist"),
            {"action": "retry_sending", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    content = response.content.decode()
    assert "1 email(s) queued to be sent again." in content
    assert (
        "1 email(s) were already sent, or their text was removed, and were left alone." in content
    )
    failed.refresh_from_db()
    assert failed.state == OutboxEmail.State.SENT
    assert [m.subject for m in mail.outbox] == [failed.subject]
