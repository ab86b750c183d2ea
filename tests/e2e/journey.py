"""Helpers for the whole-loop journey: people with their own browsers, and the mail they get.

Every email the journey triggers is read here: from Django's locmem outbox when eager Celery
sends it in the web process, or, against the real stack, from the SMTP sink the Celery worker
delivers to. A journey step takes the one message it expects, so a message nobody read is left
over and fails the check at the end of each part."""

import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import expect

from outbox.models import OutboxEmail
from tests.factories import PASSWORD, make_staff
from tests.integration.harness import wait_for

CODE_RE = re.compile(r"^\s*([A-Z]{4}-[A-Z]{4})\s*$", re.MULTILINE)
LINK_RE = re.compile(r"https?://[^\s<>\"')]+")


@dataclass
class Message:
    to: list
    subject: str
    body: str

    @property
    def code(self) -> str:
        match = CODE_RE.search(self.body)
        assert match, f"no code in:\n{self.body}"
        return match.group(1)

    @property
    def links(self) -> list[str]:
        """The links in the message, as paths on the site under test (emails point at
        SITE_URL, which is not the live server's address)."""
        paths = []
        for url in LINK_RE.findall(self.body):
            parts = urlsplit(url.rstrip(".,"))
            paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        return paths


class Mailbox:
    """The messages sent so far, each read once by each recipient. `source` returns every
    sent message (as `Message`s), oldest first; by default Django's locmem outbox. `settle`,
    if given, waits until every email caused so far has been delivered (see `smtp_mailbox`)."""

    def __init__(self, source=None, settle=None):
        self.source = source or (
            lambda: [Message(list(m.to), m.subject, m.body) for m in mail.outbox]
        )
        self.settle = settle
        self.taken: set[tuple[int, str]] = set()

    def unread(self) -> list[tuple]:
        return [
            (to, m.subject)
            for i, m in enumerate(self.source())
            for to in m.to
            if (i, to) not in self.taken
        ]

    def take(self, to: str, subject: str = "", timeout: float = 20) -> Message:
        """The oldest message `to` has not read whose subject contains `subject`; waits for it
        (a real worker sends a moment after the page answers)."""
        deadline = time.monotonic() + timeout
        while True:
            for index, message in enumerate(self.source()):
                if (index, to) in self.taken or to not in message.to:
                    continue
                if subject.lower() in message.subject.lower():
                    self.taken.add((index, to))
                    return message
            if time.monotonic() > deadline:
                raise AssertionError(f"No email to {to} about “{subject}”; {self.unread()}")
            time.sleep(0.2)

    def assert_all_read(self) -> None:
        if self.settle:
            self.settle()
        assert not self.unread(), f"emails nobody read: {self.unread()}"


def from_smtp(message) -> Message:
    """A message as the SMTP server received it (parsed with email.policy.default), as the
    reader sees it: the subject decoded, the plain-text part with its transfer encoding
    (quoted-printable, base64) and charset undone."""
    to = [address.addr_spec for address in message["To"].addresses]
    body = message.get_body(preferencelist=("plain",)).get_content()
    return Message(to, str(message["Subject"]), body)


def smtp_mailbox(sink) -> Mailbox:
    """The messages a real Celery worker delivered to the SMTP sink (tests/integration)."""

    def settle():
        # An email still pending in the outbox may be on its way: wait until none is, so a
        # message nobody read cannot slip past the check by arriving late.
        wait_for(
            lambda: not OutboxEmail.objects.pending().exists(),
            timeout=30,
            interval=0.2,
            message="every outbox email to be sent",
        )

    return Mailbox(source=lambda: [from_smtp(m) for m in sink.received()], settle=settle)


@dataclass
class Person:
    """Someone in the journey, with their own browser window."""

    email: str
    page: object
    secret: str = ""
    user: object = field(default=None)

    def totp_code(self) -> str:
        counter = int(time.time()) // mfa_settings.TOTP_PERIOD
        return format_hotp_value(hotp_value(self.secret, counter))


def staff_with_authenticator(group: str, username: str, first_name: str, secret: str):
    """A member of the research team with a verified email and an authenticator app."""
    user = make_staff(group, username, email=f"{username}@newlocal.example", first_name=first_name)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    TOTP.activate(user, secret)
    return user


def sign_in(person: Person, *, totp: bool = False, check=None) -> None:
    """Through the sign-in form (and the authenticator step for staff), by clicking."""
    page = person.page
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    if totp:
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your authenticator app")
        if check:
            check(page)
        page.get_by_label("Code", exact=True).fill(person.totp_code())
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text(f"You are signed in as {person.email}.").first).to_be_visible()


def sign_out(page) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()


def admin_action(page, action_label: str, row_text: str) -> None:
    """Tick the row showing `row_text` on an admin list, choose the action and press Go."""
    row = page.locator("#result_list tbody tr").filter(has_text=row_text)
    row.locator("input[name='_selected_action']").check()
    page.get_by_label("Action:").select_option(label=action_label)
    page.get_by_role("button", name="Go").click()
