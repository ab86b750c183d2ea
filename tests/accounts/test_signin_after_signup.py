"""Signing in soon after an unfinished sign-up: the code already sent, not "too many attempts"."""

import html
import time
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from tests.factories import emails_to as outbox_rows_to

from .conftest import code_in, received
from .test_signup import sign_up

pytestmark = pytest.mark.django_db

EMAIL = "new.officer@testshire.gov.uk"


def test_signing_in_again_in_the_browser_that_signed_up_goes_to_the_code_page(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, EMAIL, capture=django_capture_on_commit_callbacks)

    response = client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})

    code_page = reverse("account_email_verification_sent")
    assert response.url == code_page
    [row] = outbox_rows_to(EMAIL)
    confirmed = client.post(code_page, {"code": code_in(received(row))})
    assert confirmed.url == settings.LOGIN_REDIRECT_URL
    assert "_auth_user_id" in client.session


def test_from_another_browser_it_says_a_code_was_sent_without_a_link(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, EMAIL, capture=django_capture_on_commit_callbacks)
    other = Client(REMOTE_ADDR=client.defaults.get("REMOTE_ADDR", "127.0.0.1"))

    response = other.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})

    page = html.unescape(response.content.decode())
    assert "Too many attempts" not in page
    assert "We sent a code to this email address a moment ago" in page
    with mock.patch("time.time", return_value=time.time() + 60):
        later = other.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert later.url == reverse("account_email_verification_sent")


def test_a_wrong_password_for_that_address_says_nothing_about_codes(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, EMAIL, capture=django_capture_on_commit_callbacks)

    response = client.post(reverse("account_login"), {"login": EMAIL, "password": "wrong one"})

    assert "We sent a code" not in html.unescape(response.content.decode())
