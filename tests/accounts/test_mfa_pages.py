"""The authenticator-app pages staff see are GOV.UK pages with plain-English instructions."""

import html
import re

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

from .conftest import SECRET, assert_in_site_layout, code_for

pytestmark = pytest.mark.django_db
WRONG_CODE = "000000"
SECRET_RE = re.compile(r'id="authenticator-secret">([A-Z2-7]+)<')


def title_of(response) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", response.content.decode()).group(1))


def h1_of(response) -> str:
    return html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode()).group(1))


def assert_page(response, heading):
    assert response.status_code == 200
    assert_in_site_layout(response)
    assert h1_of(response) == heading
    assert title_of(response) == f"{heading} – {settings.SITE_NAME}"


def assert_wrong_code_error(response, heading, message):
    assert response.status_code == 200
    assert_in_site_layout(response)
    assert title_of(response) == f"Error: {heading} – {settings.SITE_NAME}"
    text = html.unescape(response.content.decode())
    assert 'class="govuk-error-summary"' in text
    assert f'<a href="#id_code">{message}</a>' in text  # summary links to the box
    assert 'class="govuk-error-message"' in text


def assert_code_box(response):
    box = re.search(r"<input[^>]*\bname=\"code\"[^>]*>", response.content.decode()).group(0)
    assert 'inputmode="numeric"' in box
    assert 'autocomplete="one-time-code"' in box
    assert "placeholder" not in box
    return box


@pytest.fixture
def signed_in(client, verified_user):
    """A staff member signed in who has just confirmed their password (allauth asks for it
    before anyone adds or changes a second factor)."""
    verified_user.is_staff = True
    verified_user.save()
    client.force_login(verified_user)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    return verified_user


def test_setup_page_explains_the_steps_and_shows_the_qr_code_and_secret(client, signed_in):
    response = client.get(reverse("mfa_activate_totp"))
    assert_page(response, "Set up an authenticator app")
    text = html.unescape(response.content.decode())
    assert "scan this QR code" in text
    assert "type this secret" in text
    assert "Enter the 6-digit code" in text
    assert SECRET_RE.search(text)
    # The QR code is an image with a data: URI (img-src allows data:), not inline SVG with styles.
    assert re.search(r'<img [^>]*src="data:image/svg\+xml;base64,[^"]+"', text)
    assert "<svg" not in text and "style=" not in text
    assert_code_box(response)


def test_setup_with_a_wrong_code_shows_the_error_and_keeps_the_secret(client, signed_in):
    secret = SECRET_RE.search(client.get(reverse("mfa_activate_totp")).content.decode()).group(1)
    response = client.post(reverse("mfa_activate_totp"), {"code": WRONG_CODE})
    assert_wrong_code_error(
        response,
        "Set up an authenticator app",
        "The code is not correct. Enter the 6-digit code your authenticator app shows now",
    )
    assert SECRET_RE.search(response.content.decode()).group(1) == secret
    assert f'value="{WRONG_CODE}"' in assert_code_box(response)
    assert not Authenticator.objects.filter(user=signed_in).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": ""})
    assert_wrong_code_error(
        response,
        "Set up an authenticator app",
        "Enter the 6-digit code from your authenticator app",
    )


def test_setup_with_the_right_code_shows_recovery_codes_to_store_safely(client, signed_in):
    secret = SECRET_RE.search(client.get(reverse("mfa_activate_totp")).content.decode()).group(1)
    code = code_for(secret)
    response = client.post(reverse("mfa_activate_totp"), {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302
    assert response.url == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=signed_in, type=Authenticator.Type.TOTP).exists()

    response = client.get(response.url)
    assert_page(response, "Your recovery codes")
    text = html.unescape(response.content.decode())
    assert "Store these codes somewhere safe" in text
    codes = re.findall(r"<li>(\d{8})</li>", text)
    assert len(codes) == mfa_settings.RECOVERY_CODE_COUNT
    assert reverse("mfa_download_recovery_codes") in text
    assert reverse("admin:index") in text  # staff carry on to the workspace
    assert "<script" not in text.split('id="main-content"')[1].split("</main>")[0]


def test_two_factor_overview_and_new_recovery_codes(client, signed_in):
    response = client.get(reverse("mfa_index"))
    assert_page(response, "Two-factor authentication")
    assert "Not set up" in response.content.decode()

    TOTP.activate(signed_in, SECRET)
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(signed_in)
    response = client.get(reverse("mfa_index"))
    assert_page(response, "Two-factor authentication")
    text = response.content.decode()
    assert "10 of 10 codes left" in text
    assert reverse("mfa_deactivate_totp") in text and reverse("mfa_view_recovery_codes") in text

    response = client.get(reverse("mfa_generate_recovery_codes"))
    assert_page(response, "Get new recovery codes")
    assert "Your 10 unused codes will stop working." in response.content.decode()
    response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.url == reverse("mfa_view_recovery_codes")

    response = client.get(reverse("mfa_deactivate_totp"))
    assert_page(response, "Turn off your authenticator app")


def test_code_step_at_sign_in(client, verified_user):
    TOTP.activate(verified_user, SECRET)
    response = client.post(
        reverse("account_login"), {"login": verified_user.email, "password": PASSWORD}
    )
    assert response.url == reverse("mfa_authenticate")

    response = client.get(reverse("mfa_authenticate"))
    assert_page(response, "Check your authenticator app")
    assert "Open your authenticator app and enter the 6-digit code" in response.content.decode()
    assert_code_box(response)

    response = client.post(reverse("mfa_authenticate"), {"code": WRONG_CODE})
    assert_wrong_code_error(
        response,
        "Check your authenticator app",
        "The code is not correct. Enter the 6-digit code your authenticator app shows now, "
        "or one of your recovery codes",
    )
    assert f'value="{WRONG_CODE}"' in assert_code_box(response)

    response = client.post(reverse("mfa_authenticate"), {"code": code_for(SECRET)})
    assert response.status_code == 302
    assert client.get(reverse("account_email")).status_code == 200  # signed in


def test_confirm_it_is_you_with_a_code_before_the_admin(client, settings, verified_user):
    settings.ADMIN_REQUIRES_SECOND_FACTOR = True
    verified_user.is_staff = True
    verified_user.save()
    TOTP.activate(verified_user, SECRET)
    client.force_login(verified_user)

    response = client.get(reverse("admin:index"), follow=True)
    assert_page(response, "Confirm it is you")
    text = html.unescape(response.content.decode())
    assert "Open your authenticator app and enter the 6-digit code" in text
    assert_code_box(response)

    url = response.redirect_chain[-1][0]
    response = client.post(url, {"code": WRONG_CODE, "next": reverse("admin:index")})
    assert_wrong_code_error(
        response,
        "Confirm it is you",
        "The code is not correct. Enter the 6-digit code your authenticator app shows now, "
        "or one of your recovery codes",
    )

    response = client.post(url, {"code": code_for(SECRET), "next": reverse("admin:index")})
    assert response.status_code == 302 and response.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
