import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, emails_to

from .conftest import assert_in_site_layout, code_in, received

pytestmark = pytest.mark.django_db

User = get_user_model()


def sign_up(client, email, password=PASSWORD, capture=None):
    data = {"email": email, "password1": password, "password2": password}
    if capture is None:
        return client.post(reverse("account_signup"), data)
    with capture(execute=True):
        return client.post(reverse("account_signup"), data)


def test_sign_up_page_asks_for_an_email_address_and_a_new_password(client):
    response = client.get(reverse("account_signup"))

    assert response.status_code == 200
    assert_in_site_layout(response)
    html = response.content.decode()
    assert "<title>Create an account – " in html
    assert 'name="email"' in html and 'autocomplete="email"' in html
    assert 'name="username"' not in html
    assert html.count('autocomplete="new-password"') == 2
    assert "placeholder=" not in html
    assert 'for="id_email"' in html and ">\n          Email address\n" in html


def test_sign_up_sends_one_code_and_the_right_code_verifies_and_signs_in(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client, "new.person@example.org", capture=django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    rows = emails_to("new.person@example.org")
    assert len(rows) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert mail.outbox[0].subject == rows[0].subject
    code = code_in(received(rows[0]))
    assert code in mail.outbox[0].body

    page = client.get(response.url)
    assert page.status_code == 200
    assert_in_site_layout(page)
    assert 'autocomplete="one-time-code"' in page.content.decode()

    verified = client.post(response.url, {"code": code})

    assert verified.status_code == 302
    assert verified.url == settings.LOGIN_REDIRECT_URL
    user = User.objects.get(email="new.person@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified
    home = client.get(verified.url)
    assert "Sign out" in home.content.decode()


def test_a_wrong_code_shows_the_error_summary_and_does_not_sign_in(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client, "typo@example.org", capture=django_capture_on_commit_callbacks)

    wrong = client.post(response.url, {"code": "BBBB-BBBB"})

    assert wrong.status_code == 200
    html = wrong.content.decode()
    assert "<title>Error: Check your email – " in html
    assert 'class="govuk-error-summary"' in html and 'role="alert"' in html
    assert '<a href="#id_code">The code is not correct.' in html
    assert "govuk-form-group--error" in html
    assert "_auth_user_id" not in client.session
    assert not EmailAddress.objects.get(email="typo@example.org").verified


def test_the_sign_up_email_says_what_happened_and_what_to_do_next(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, "reader@example.org", capture=django_capture_on_commit_callbacks)

    [row] = emails_to("reader@example.org")
    assert row.subject == f"Your code to finish creating your account – {settings.SITE_NAME}"
    assert f"creating an account on {settings.SITE_NAME}" in received(row)
    assert "The code expires in 15 minutes." in received(row)
    assert "you will be signed in" in received(row)
    assert "If you did not try to create an account, you can ignore this email" in received(row)


def test_empty_sign_up_lists_every_problem_in_the_error_summary(client):
    response = client.post(reverse("account_signup"), {})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Create an account – " in html
    assert '<a href="#id_email">Enter your email address</a>' in html
    assert '<a href="#id_password1">Enter a password</a>' in html
    assert '<a href="#id_password2">Enter the password again to confirm it</a>' in html
    # Each field says what is wrong too, and is described by its error message.
    assert 'aria-describedby="id_email_hint id_email_1_error"' in html
    assert 'class="govuk-input govuk-input--error"' in html


def test_invalid_sign_up_keeps_the_email_address_typed(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "someone@example.org", "password1": "short", "password2": "short"},
    )

    html = response.content.decode()
    assert 'value="someone@example.org"' in html
    assert '<a href="#id_password1">This password is too short.' in html


def page_outline(html: str) -> tuple:
    """What a visitor sees of a page, minus the address they typed and the CSRF token."""
    return (
        re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S),
        re.findall(r'name="([^"]+)"', html),
        re.findall(r"<button[^>]*>(.*?)</button>", html, re.S),
    )


def test_signing_up_with_an_existing_address_looks_the_same_as_a_new_sign_up(
    client, verified_user, django_capture_on_commit_callbacks
):
    other_client = Client()
    new = sign_up(other_client, "brand.new@example.org", capture=django_capture_on_commit_callbacks)
    existing = sign_up(client, verified_user.email, capture=django_capture_on_commit_callbacks)

    assert (existing.status_code, existing.url) == (new.status_code, new.url)
    new_page = other_client.get(new.url)
    existing_page = client.get(existing.url)
    assert existing_page.status_code == new_page.status_code == 200
    assert page_outline(existing_page.content.decode()) == page_outline(new_page.content.decode())
    assert verified_user.email in existing_page.content.decode()
    assert User.objects.filter(email__iexact=verified_user.email).count() == 1
    # The owner of the address hears about it by email; nothing is said on screen.
    [row] = emails_to(verified_user.email)
    assert row.subject.startswith("You already have an account")
    assert "we have not created a new one" in received(row)


def test_nul_characters_in_sign_up_are_removed_not_a_server_error(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "nul\x00byte@example.org",
                "password1": PASSWORD + "\x00",
                "password2": PASSWORD + "\x00",
            },
        )

    assert response.status_code == 302
    assert User.objects.filter(email="nulbyte@example.org").exists()


@pytest.mark.parametrize(
    "url_name, data",
    [
        ("account_login", {"login": "\x00@example.org", "password": "\x00"}),
        ("account_request_login_code", {"email": "a\x00@example.org"}),
        ("account_reset_password", {"email": "\x00"}),
        ("account_signup", {"email": "\x00", "password1": "\x00", "password2": "\x00"}),
    ],
)
def test_nul_characters_in_any_entrance_form_are_not_a_server_error(client, url_name, data):
    response = client.post(reverse(url_name), data)

    assert response.status_code in (200, 302)
