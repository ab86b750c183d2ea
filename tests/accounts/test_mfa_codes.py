"""Second-factor codes: what a person is told about a code used twice, and setting one up."""

import re
import time
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

from .conftest import SECRET, code_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def gate_on(settings):
    settings.ADMIN_REQUIRES_SECOND_FACTOR = True


@pytest.fixture
def frozen_time():
    """Start early in a TOTP window, so a code cannot expire half way through the test."""
    into_window = time.time() % 30
    if into_window > 20:
        time.sleep(30.1 - into_window)


def sign_in_with_password(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")


def test_a_code_used_twice_in_one_window_is_called_already_used(researcher, frozen_time):
    EmailAddress.objects.create(
        user=researcher, email=researcher.email, verified=True, primary=True
    )
    TOTP.activate(researcher, SECRET)
    code = code_for(SECRET)
    first, second = Client(), Client()
    sign_in_with_password(first, researcher)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302

    sign_in_with_password(second, researcher)
    response = second.post(reverse("mfa_authenticate"), {"code": code})

    page = response.content.decode()
    assert "This code has already been used" in page
    assert "not correct" not in page


def test_a_wrong_code_is_still_called_not_correct(researcher, frozen_time):
    EmailAddress.objects.create(
        user=researcher, email=researcher.email, verified=True, primary=True
    )
    TOTP.activate(researcher, SECRET)
    client = Client()
    sign_in_with_password(client, researcher)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert "The code is not correct" in response.content.decode()


SECRET_RE = re.compile(r'id="authenticator-secret">([A-Z2-7]+)<')


def test_new_staff_confirm_who_they_are_once_on_first_sign_in(researcher, frozen_time):
    EmailAddress.objects.create(
        user=researcher, email=researcher.email, verified=True, primary=True
    )
    client = Client()
    client.post(reverse("account_login"), {"login": researcher.email, "password": PASSWORD})
    setup = client.get(reverse("admin:index"))
    assert setup.url == reverse("mfa_activate_totp")
    secret = SECRET_RE.search(client.get(setup.url).content.decode()).group(1)
    activated = client.post(setup.url, {"code": code_for(secret)})
    assert activated.url == reverse("mfa_view_recovery_codes")

    # Straight into the workspace: no second request for a code.
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_session_signed_in_before_the_app_was_set_up_elsewhere_still_asks(
    researcher, frozen_time
):
    EmailAddress.objects.create(
        user=researcher, email=researcher.email, verified=True, primary=True
    )
    client = Client()
    client.post(reverse("account_login"), {"login": researcher.email, "password": PASSWORD})
    Authenticator.objects.filter(user=researcher).delete()
    totp = TOTP.activate(researcher, SECRET).instance
    # Set up before this session signed in (in another browser, say).
    Authenticator.objects.filter(pk=totp.pk).update(created_at=timezone.now() - timedelta(days=1))

    response = client.get(reverse("admin:index"))

    assert response.url.startswith(reverse("mfa_reauthenticate"))
