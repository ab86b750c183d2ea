import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, emails_to

from .conftest import assert_in_site_layout, code_in, received

pytestmark = pytest.mark.django_db


def test_sign_in_page_asks_for_email_and_password_and_offers_a_code(client):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert_in_site_layout(response)
    html = response.content.decode()
    assert "<title>Sign in – " in html
    assert 'name="login"' in html and 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert f'href="{reverse("account_request_login_code")}"' in html
    assert f'href="{reverse("account_reset_password")}"' in html
    assert f'href="{reverse("account_signup")}"' in html


def test_sign_in_with_password(client, verified_user):
    response = client.post(
        reverse("account_login"), {"login": verified_user.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == settings.LOGIN_REDIRECT_URL
    assert client.session["_auth_user_id"] == str(verified_user.pk)


def test_sign_in_with_the_email_in_capitals(client, verified_user):
    response = client.post(
        reverse("account_login"), {"login": verified_user.email.upper(), "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(verified_user.pk)


def test_wrong_password_shows_the_error_summary(client, verified_user):
    response = client.post(
        reverse("account_login"), {"login": verified_user.email, "password": "not my password"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Sign in – " in html
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#id_password">The email address or password is not correct</a>' in html
    assert 'id="id_password_1_error"' in html  # the field says so too
    assert f'value="{verified_user.email}"' in html  # what was typed is kept
    assert "_auth_user_id" not in client.session


def test_empty_sign_in_says_what_to_enter(client):
    response = client.post(reverse("account_login"), {})

    html = response.content.decode()
    assert '<a href="#id_login">Enter your email address</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html


def test_sign_in_by_emailed_code(client, verified_user, django_capture_on_commit_callbacks):
    page = client.get(reverse("account_request_login_code"))
    assert page.status_code == 200
    assert_in_site_layout(page)

    with django_capture_on_commit_callbacks(execute=True):
        requested = client.post(
            reverse("account_request_login_code"), {"email": verified_user.email}
        )

    assert requested.status_code == 302
    assert requested.url == reverse("account_confirm_login_code")
    [row] = emails_to(verified_user.email)
    assert len(mail.outbox) == 1
    assert row.subject == f"Your sign-in code – {settings.SITE_NAME}"
    assert f"a code to sign in to {settings.SITE_NAME}" in received(row)
    assert "The code expires in 3 minutes." in received(row)
    code_page = client.get(requested.url)
    assert code_page.status_code == 200
    assert 'autocomplete="one-time-code"' in code_page.content.decode()

    signed_in = client.post(requested.url, {"code": code_in(received(row))})

    assert signed_in.status_code == 302
    assert signed_in.url == settings.LOGIN_REDIRECT_URL
    assert client.session["_auth_user_id"] == str(verified_user.pk)


def test_a_wrong_sign_in_code_shows_the_error_summary(
    client, verified_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        requested = client.post(
            reverse("account_request_login_code"), {"email": verified_user.email}
        )

    wrong = client.post(requested.url, {"code": ""})

    html = wrong.content.decode()
    assert "<title>Error: Enter your sign-in code – " in html
    assert '<a href="#id_code">Enter the code from the email</a>' in html
    assert "_auth_user_id" not in client.session


def test_asking_for_a_code_for_an_unknown_address_looks_the_same(
    client, verified_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("account_request_login_code"), {"email": verified_user.email})
    client.cookies.clear()
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(
            reverse("account_request_login_code"), {"email": "nobody@example.org"}
        )

    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert client.get(unknown.url).status_code == 200
    [row] = emails_to("nobody@example.org")
    assert "There is no account with this address" in received(row)
    assert not re.search(r"[A-Z]{4}-[A-Z]{4}", received(row))


def test_password_reset_by_emailed_link_then_sign_in_with_the_new_password(
    client, verified_user, django_capture_on_commit_callbacks
):
    page = client.get(reverse("account_reset_password"))
    assert page.status_code == 200
    assert_in_site_layout(page)

    with django_capture_on_commit_callbacks(execute=True):
        requested = client.post(reverse("account_reset_password"), {"email": verified_user.email})

    assert requested.status_code == 302
    assert requested.url == reverse("account_reset_password_done")
    [row] = emails_to(verified_user.email)
    assert len(mail.outbox) == 1
    assert row.subject == f"Reset your password – {settings.SITE_NAME}"
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", received(row)).group(1)

    # allauth moves the key out of the address before showing the form.
    form_url = client.get(link).url
    form_page = client.get(form_url)
    assert form_page.status_code == 200
    assert form_page.content.decode().count('autocomplete="new-password"') == 2
    changed = client.post(
        form_url, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"}
    )
    assert changed.status_code == 302
    assert changed.url == reverse("account_reset_password_from_key_done")

    client.cookies.clear()
    old = client.post(
        reverse("account_login"), {"login": verified_user.email, "password": PASSWORD}
    )
    assert old.status_code == 200
    new = client.post(
        reverse("account_login"),
        {"login": verified_user.email, "password": "a brand new passphrase"},
    )
    assert new.status_code == 302
    assert client.session["_auth_user_id"] == str(verified_user.pk)


def test_a_used_password_reset_link_says_so(client, verified_user):
    response = client.get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"})
    )

    assert response.status_code == 200
    assert_in_site_layout(response)
    assert "The link has expired" in response.content.decode()


def test_sign_out_is_a_post_from_the_sign_out_page(client, verified_user):
    client.force_login(verified_user)

    page = client.get(reverse("account_logout"))
    assert page.status_code == 200
    assert_in_site_layout(page)
    assert '<form method="post" action="/accounts/logout/">' in page.content.decode()
    assert "_auth_user_id" in client.session

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_header_shows_sign_in_or_sign_out(client, verified_user):
    anonymous = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("account_login")}">Sign in</a>' in anonymous

    client.force_login(verified_user)
    signed_in = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("account_logout")}">Sign out</a>' in signed_in
    assert ">Sign in</a>" not in signed_in


def test_header_leads_a_signed_in_person_back_to_their_own_pages(client, verified_user, lead):
    # Without it an officer who browses the case studies has no way back to their submission.
    client.force_login(verified_user)
    officer_page = client.get(reverse("casestudies:list")).content.decode()
    assert f'href="{reverse("questionnaire:dashboard")}">Your account</a>' in officer_page
    own_page = client.get(reverse("questionnaire:dashboard")).content.decode()
    assert (
        'aria-current="page"><strong class="govuk-service-navigation__active-fallback">'
        "Your account</strong>" in own_page
    )

    client.force_login(lead)
    staff_page = client.get(reverse("casestudies:list")).content.decode()
    assert f'href="{reverse("admin:index")}">Researchers’ workspace</a>' in staff_page
    assert ">Your account</a>" not in staff_page


def test_signing_in_before_confirming_the_address_sends_a_new_code(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    [row] = emails_to(user.email)
    confirmed = client.post(response.url, {"code": code_in(received(row))})
    assert confirmed.url == settings.LOGIN_REDIRECT_URL
    assert client.session["_auth_user_id"] == str(user.pk)
