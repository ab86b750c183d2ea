"""A member of the research team sets up an authenticator app in the browser before the admin."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.accounts.conftest import code_for
from tests.factories import PASSWORD

SETUP_TITLE = f"Set up an authenticator app – {django_settings.SITE_NAME}"


@pytest.fixture
def staff_signed_in(roles, researcher, share_session):
    """A researcher signed in who has just confirmed their password (allauth asks for it
    before a second factor is added); the browser gets the test client's session."""
    user = researcher
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    client.force_login(user)
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
    share_session(client)
    return user


def test_set_up_an_authenticator_app_with_a_wrong_code_first(
    page, settings, staff_signed_in, assert_no_axe_violations
):
    settings.ADMIN_REQUIRES_SECOND_FACTOR = True

    # The admin sends staff without a second factor to set one up.
    page.goto(reverse("admin:index"))
    expect(page).to_have_title(SETUP_TITLE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    secret = page.locator("#authenticator-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret)
    assert_no_axe_violations(page)

    code_box = page.get_by_label("Code", exact=True)
    code_box.fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(f"Error: {SETUP_TITLE}")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    message = "The code is not correct. Enter the 6-digit code your authenticator app shows now"
    expect(summary).to_contain_text(message)
    expect(code_box).to_have_value("000000")
    expect(page.locator("#authenticator-secret")).to_have_text(secret)  # same secret to retry
    assert_no_axe_violations(page)
    summary.get_by_role("link", name=message).click()
    expect(code_box).to_be_focused()

    code_box.fill(code_for(secret))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.get_by_text("Store these codes somewhere safe")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(mfa_settings.RECOVERY_CODE_COUNT)
    assert Authenticator.objects.filter(user=staff_signed_in, type=Authenticator.Type.TOTP).exists()
    assert_no_axe_violations(page)
