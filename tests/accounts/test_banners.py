"""Banners say each thing once."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from tests.factories import emails_to as outbox_rows_to

from .conftest import code_in, received
from .test_signup import sign_up

pytestmark = pytest.mark.django_db


def signed_in_mentions(response) -> int:
    return len(re.findall(r"signed in as", response.content.decode()))


def test_signing_in_says_who_is_signed_in_once(officer):
    response = Client().post(
        reverse("account_login"), {"login": officer.email, "password": PASSWORD}, follow=True
    )

    assert response.request["PATH_INFO"] == reverse("questionnaire:dashboard")
    assert signed_in_mentions(response) == 1


def test_finishing_sign_up_says_who_is_signed_in_once(client, django_capture_on_commit_callbacks):
    sign_up(client, "sam@testshire.gov.uk", capture=django_capture_on_commit_callbacks)
    [row] = outbox_rows_to("sam@testshire.gov.uk")

    response = client.post(
        reverse("account_email_verification_sent"),
        {"code": code_in(received(row))},
        follow=True,
    )

    assert signed_in_mentions(response) == 1
    assert "is confirmed" in response.content.decode()


def test_the_same_message_twice_is_one_banner(rf):
    request = rf.get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    for _ in range(2):
        messages.success(request, "Saved.")
    html = render_to_string("includes/messages.html", {"messages": messages.get_messages(request)})

    assert html.count("Saved.") == 1
