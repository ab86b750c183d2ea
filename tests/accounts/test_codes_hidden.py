"""Sign-in codes, reset links and verification codes never reach researchers through the admin."""

import re

import pytest
from django.contrib import admin
from django.core import mail
from django.urls import NoReverseMatch, reverse

from outbox.models import OutboxEmail
from tests.factories import emails_to

from .conftest import code_in

pytestmark = pytest.mark.django_db


def request_code(client, address: str, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": address})
    [row] = emails_to(address)
    return row


def every_admin_page_for(email: OutboxEmail) -> list[str]:
    """Each model's list, the outbox's list searched for the code, and the email's own pages."""
    urls = []
    for model in admin.site._registry:
        try:
            urls.append(
                reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            )
        except NoReverseMatch:
            continue
    for name in ["change", "history", "delete"]:
        urls.append(reverse(f"admin:outbox_outboxemail_{name}", args=[email.pk]))
    return [reverse("admin:index"), *urls]


@pytest.mark.parametrize("delivered", [True, False], ids=["sent", "not-sent-yet"])
def test_researcher_cannot_obtain_an_officers_sign_in_code(
    client, researcher, settings, verified_user, delivered, django_capture_on_commit_callbacks
):
    if not delivered:
        settings.EMAIL_BACKEND = "tests.outbox.backends.TemporaryFailureBackend"
    row = request_code(client, verified_user.email, django_capture_on_commit_callbacks)
    if delivered:
        code = code_in(mail.outbox[0].body)
        assert code not in OutboxEmail.objects.get(pk=row.pk).body_text  # erased once sent
    else:
        code = code_in(OutboxEmail.objects.get(pk=row.pk).body_text)
    client.force_login(researcher)

    pages = every_admin_page_for(row)
    search = reverse("admin:outbox_outboxemail_changelist")
    responses = {url: client.get(url) for url in pages}
    # The search box echoes what was typed, so ask only whether the code finds the email.
    assert client.get(search, {"q": code}).context["cl"].result_count == 0
    assert client.get(search, {"q": code.split("-")[0]}).context["cl"].result_count == 0

    for url, response in responses.items():
        assert response.status_code in (200, 403), url
        text = response.content.decode()
        assert code not in text, url
        assert code.replace("-", "") not in text, url
    change = responses[reverse("admin:outbox_outboxemail_change", args=[row.pk])].content.decode()
    assert verified_user.email in change and "sign-in code" in change
    assert not re.search(r"[A-Z]{4}-[A-Z]{4}", change)
    assert "body_text" not in change and "Message-ID" not in change
    assert responses[reverse("admin:outbox_outboxemail_delete", args=[row.pk])].status_code == 403


def test_superuser_still_sees_an_unsent_codes_email(
    client, admin_client, settings, verified_user, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.outbox.backends.TemporaryFailureBackend"
    row = request_code(client, verified_user.email, django_capture_on_commit_callbacks)
    code = code_in(row.body_text)

    # A superuser on purpose: what superusers see is the point of this test.
    page = admin_client.get(reverse("admin:outbox_outboxemail_change", args=[row.pk]))

    assert code in page.content.decode()
