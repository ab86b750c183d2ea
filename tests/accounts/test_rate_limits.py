import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD

from .conftest import assert_in_site_layout

pytestmark = pytest.mark.django_db


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "10/m/ip,2/5m/key"})
def test_repeated_failed_sign_ins_are_stopped(client, verified_user):
    data = {"login": verified_user.email, "password": "guess"}
    for _ in range(2):
        response = client.post(reverse("account_login"), data)
        assert "The email address or password is not correct" in response.content.decode()

    blocked = client.post(reverse("account_login"), data)
    # Even the right password is refused until the limit has passed.
    blocked_right = client.post(
        reverse("account_login"), {"login": verified_user.email, "password": PASSWORD}
    )

    for response in (blocked, blocked_right):
        html = response.content.decode()
        assert 'class="govuk-error-summary"' in html
        assert "Too many attempts to sign in. Wait a few minutes, then try again" in html
        assert "<title>Error: Sign in – " in html
    assert "_auth_user_id" not in client.session


@override_settings(ACCOUNT_RATE_LIMITS={"login": "2/m/ip"})
def test_too_many_sign_in_requests_get_a_429_page_in_the_site_layout(client):
    for _ in range(2):
        assert client.post(reverse("account_login"), {}).status_code == 200

    response = client.post(reverse("account_login"), {})

    assert response.status_code == 429
    assert_in_site_layout(response)
    html = response.content.decode()
    assert "<title>Too many attempts – " in html
    assert '<h1 class="govuk-heading-l">Too many attempts</h1>' in html


@override_settings(ACCOUNT_RATE_LIMITS={"signup": "1/m/ip"})
def test_too_many_sign_ups_from_one_address_get_the_429_page(client):
    client.post(reverse("account_signup"), {})

    response = client.post(reverse("account_signup"), {})

    assert response.status_code == 429
    assert_in_site_layout(response)


def test_rate_limits_are_on_by_default():
    from allauth.account import app_settings

    limits = app_settings.RATE_LIMITS
    for action in ("login", "login_failed", "signup", "request_login_code", "reset_password"):
        assert limits[action], action
