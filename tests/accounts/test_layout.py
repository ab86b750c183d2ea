"""Every allauth page a visitor reaches in the account flows is rendered in the site's layout."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import PASSWORD, emails_to

from .conftest import assert_in_site_layout, code_in, received

pytestmark = pytest.mark.django_db


class RecordingClient(Client):
    """Keeps the last HTML page shown at each path."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages = {}

    def request(self, **request):
        response = super().request(**request)
        if response.status_code not in (301, 302) and response["Content-Type"].startswith(
            "text/html"
        ):
            self.pages[request["PATH_INFO"]] = response
        return response


def test_every_account_page_in_the_flows_uses_the_site_layout(
    verified_user, django_capture_on_commit_callbacks
):
    client = RecordingClient()
    capture = django_capture_on_commit_callbacks

    # Sign up, with a wrong code first, then the right one; then sign out.
    client.get(reverse("account_signup"))
    client.post(reverse("account_signup"), {})
    with capture(execute=True):
        client.post(
            reverse("account_signup"),
            {"email": "walker@example.org", "password1": PASSWORD, "password2": PASSWORD},
            follow=True,
        )
    client.post(reverse("account_email_verification_sent"), {"code": "BBBB-BBBB"})
    code = code_in(received(emails_to("walker@example.org")[0]))
    client.post(reverse("account_email_verification_sent"), {"code": code})
    client.get(reverse("account_logout"))
    client.post(reverse("account_logout"))

    # Sign in: wrong password, then by emailed code.
    client.get(reverse("account_login"))
    client.post(reverse("account_login"), {"login": verified_user.email, "password": "x"})
    client.get(reverse("account_request_login_code"))
    with capture(execute=True):
        client.post(
            reverse("account_request_login_code"), {"email": verified_user.email}, follow=True
        )
    client.post(reverse("account_confirm_login_code"), {"code": ""})
    client.logout()

    # Password reset by emailed link.
    client.get(reverse("account_reset_password"))
    client.post(reverse("account_reset_password"), {})
    with capture(execute=True):
        client.post(reverse("account_reset_password"), {"email": verified_user.email}, follow=True)
    link = re.search(r"http://testserver(\S+)", received(emails_to(verified_user.email)[-1]))
    client.get(link.group(1), follow=True)
    set_password_url = next(p for p in client.pages if p.endswith("set-password/"))
    client.post(set_password_url, {})
    client.post(
        set_password_url,
        {"password1": "another long passphrase", "password2": "another long passphrase"},
        follow=True,
    )
    client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "0", "key": "x"}))

    # Too many requests.
    with override_settings(ACCOUNT_RATE_LIMITS={"login": "0/m/ip"}):
        client.post(reverse("account_login"), {})

    expected = {
        reverse("account_signup"),
        reverse("account_email_verification_sent"),
        reverse("account_logout"),
        reverse("account_login"),
        reverse("account_request_login_code"),
        reverse("account_confirm_login_code"),
        reverse("account_reset_password"),
        reverse("account_reset_password_done"),
        reverse("account_reset_password_from_key_done"),
    }
    assert expected <= set(client.pages)
    assert set_password_url in client.pages
    account_pages = {p: r for p, r in client.pages.items() if p.startswith("/accounts/")}
    statuses = {r.status_code for r in account_pages.values()}
    assert statuses <= {200, 429}, statuses
    assert 429 in statuses
    for path, response in account_pages.items():
        try:
            assert_in_site_layout(response)
        except AssertionError as error:
            raise AssertionError(f"{path} is not in the site layout") from error


@pytest.mark.parametrize(
    "url_name",
    [
        "account_email",
        "account_change_password",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "mfa_index",
        "account_logout",
    ],
)
def test_signed_in_account_pages_use_the_site_layout(client, verified_user, url_name):
    client.force_login(verified_user)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert_in_site_layout(response)
    assert 'class="govuk-heading-l"' in response.content.decode()


def test_change_password_errors_use_the_error_summary(client, verified_user):
    client.force_login(verified_user)
    response = client.post(reverse("account_change_password"), {})

    html = response.content.decode()
    assert "<title>Error: Change your password – " in html
    assert '<a href="#id_oldpassword">Enter your current password</a>' in html


def test_allauth_pages_we_did_not_rewrite_show_the_error_summary_above_the_heading(
    client, verified_user
):
    # The two-factor pages are allauth's own templates, drawn with our GOV.UK elements.
    client.force_login(verified_user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert response.status_code == 200
    assert_in_site_layout(response)
    html = response.content.decode()
    assert "<title>Error: " in html
    summary = html.index('class="govuk-error-summary"')
    assert summary < html.index('<h1 class="govuk-heading-l">')
    assert '<a href="#id_code">' in html
