import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail

from outbox.models import OutboxEmail
from tests.factories import UserFactory

# A TOTP secret for the authenticator-app tests.
SECRET = "JBSWY3DPEHPK3PXP"
CODE_RE = re.compile(r"^\s*([A-Z]{4}-[A-Z]{4})\s*$", re.MULTILINE)


@pytest.fixture
def verified_user(db):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def received(row: OutboxEmail) -> str:
    """The text its recipient got. allauth's emails are erased from the outbox once sent (they
    hold codes and links), so this reads the sent message, matched by Message-ID."""
    [message] = [m for m in mail.outbox if m.extra_headers.get("Message-ID") == row.message_id]
    return message.body


def code_in(text: str) -> str:
    match = CODE_RE.search(text)
    assert match, f"no code in:\n{text}"
    return match.group(1)


def code_for(secret: str) -> str:
    """The authenticator app's code for `secret` now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def assert_in_site_layout(response):
    """The page is rendered in base.html: the site's service navigation and <main>."""
    html = response.content.decode()
    assert 'class="govuk-service-navigation"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert "/static/css/site.css" in html
