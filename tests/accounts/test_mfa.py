"""Staff need an authenticator app (TOTP) before the admin opens."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from demo.management.commands.create_demo_researcher import (
    EMAIL,
    PASSWORD,
    TOTP_SECRET,
)
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import UserFactory

from .conftest import SECRET, code_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def gate_on(settings):
    settings.ADMIN_REQUIRES_SECOND_FACTOR = True


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, researcher):
    client.force_login(researcher)
    for url in [reverse("admin:index"), reverse("admin:submissions_submission_changelist")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("mfa_activate_totp")


def test_signing_in_through_allauth_with_a_totp_code_opens_the_admin(client, lead):
    user = lead
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    TOTP.activate(user, SECRET)
    # The admin's own sign-in sends people to allauth's.
    login = client.get(reverse("admin:login"))
    assert login.status_code == 302 and login.url.startswith(reverse("account_login"))
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": FACTORY_PASSWORD},
    )
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302  # not signed in yet
    response = client.post(reverse("mfa_authenticate"), {"code": code_for(SECRET)})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_session_that_skipped_the_code_must_enter_one(client, researcher):
    user = researcher
    TOTP.activate(user, SECRET)
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))


def test_officers_are_not_asked_for_a_second_factor(client):
    client.force_login(UserFactory())
    assert client.get(reverse("questionnaire:dashboard")).status_code == 200


def test_demo_researcher_signs_in_with_the_printed_secret(client, capsys):
    with override_settings(DEBUG=True):
        call_command("create_demo_researcher")
        call_command("create_demo_researcher")
    out = capsys.readouterr().out
    assert TOTP_SECRET in out and "otpauth://totp/" in out and "Recovery codes" in out
    response = client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": code_for(TOTP_SECRET)})
    assert client.get(reverse("admin:index")).status_code == 200
