"""An officer downloads all their personal data and deletes their account from /my/account/;
Celery beat deletes what the privacy notice says it keeps only for a while."""

import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts import tasks as account_tasks
from accounts.services import unverified_accounts_delete
from contact import tasks as contact_tasks
from contact.models import ContactMessage
from contact.services import contact_message_create
from councils.models import Membership
from missions_project.celery import app as celery_app
from outbox.models import OutboxEmail
from submissions.models import Submission
from tests.factories import (
    PASSWORD,
    ContactMessageFactory,
    OutboxEmailFactory,
    UserFactory,
    make_officer,
)

pytestmark = pytest.mark.django_db
User = get_user_model()
EMAIL = "jo@testshire.gov.uk"


@pytest.fixture
def officer_and_submission(officer, current_round):
    """The shared `officer` (whose address is EMAIL), named, with a submission and an email."""
    user = officer
    user.first_name, user.last_name = "Jo", "Bloggs"
    user.save()
    submission = Submission.objects.create(
        authority=user.membership.authority,
        round=current_round,
        reference="MLG-2026-000001",
        submitted_by=user,
        status=Submission.Status.SUBMITTED,
        who_leads="The chief executive",
    )
    OutboxEmailFactory(to=[EMAIL], subject="Your submission", body_text="Dear Jo")
    ContactMessageFactory(email=EMAIL, message="Hello from Jo")
    return user, submission


def confirm_password(client, response):
    """allauth's "enter your password again" step, as the officer would take it."""
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    again = client.post(response.url, {"password": PASSWORD})
    assert again.status_code == 302, again.content.decode()
    return again.url


def test_officer_downloads_all_their_personal_data(client, officer_and_submission):
    user, submission = officer_and_submission
    someone_else = make_officer(user.membership.authority, "al@testshire.gov.uk")
    OutboxEmailFactory(to=[someone_else.email], subject="Not yours")
    client.force_login(user)

    page = client.get(reverse("accounts:personal_data"))
    response = client.get(reverse("accounts:personal_data_download"))

    assert page.status_code == 200
    assert 'href="/my/account/download/"' in page.content.decode()
    assert response["Content-Type"] == "application/json"
    assert "attachment;" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == EMAIL and data["account"]["last_name"] == "Bloggs"
    assert data["email_addresses"] == [{"email": EMAIL, "verified": True, "primary": True}]
    assert data["membership"]["authority"] == "Testshire"
    assert data["submissions_you_submitted"][0]["reference"] == submission.reference
    assert data["messages_you_sent_us"][0]["message"] == "Hello from Jo"
    assert [e["subject"] for e in data["emails_we_sent_you"]] == ["Your submission"]
    assert "al@testshire.gov.uk" not in response.content.decode()


def test_personal_data_pages_need_a_signed_in_user(client):
    for name in ["personal_data", "personal_data_download", "account_delete"]:
        response = client.get(reverse(f"accounts:{name}"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_officer_deletes_their_account_and_the_submission_stays_without_them(
    client, officer_and_submission
):
    user, submission = officer_and_submission
    client.force_login(user)

    url = confirm_password(client, client.get(reverse("accounts:account_delete")))
    confirm = client.get(url)
    deleted = client.post(reverse("accounts:account_delete"))

    assert confirm.status_code == 200
    assert "Are you sure you want to delete your account?" in confirm.content.decode()
    assert deleted.status_code == 302 and deleted.url == reverse("home")
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email=EMAIL).exists()
    assert not Membership.objects.filter(user_id=user.pk).exists()
    submission.refresh_from_db()
    assert submission.submitted_by is None
    assert submission.who_leads == "The chief executive"
    for row in OutboxEmail.objects.all():
        assert EMAIL not in row.to and "Dear Jo" not in row.body_text
    assert "_auth_user_id" not in client.session
    for history in submission.history.all():
        assert history.history_user_id is None


def test_deleting_an_account_asks_for_the_password_again(client, officer_and_submission):
    user, _ = officer_and_submission
    client.force_login(user)  # a session with no recent sign-in on record

    response = client.post(reverse("accounts:account_delete"))

    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response.url
    assert User.objects.filter(pk=user.pk).exists()


def test_old_contact_messages_are_deleted(settings):
    settings.CONTACT_RETENTION_DAYS = 30
    old = ContactMessageFactory(created_at=timezone.now() - timedelta(days=31))
    recent = ContactMessageFactory(created_at=timezone.now() - timedelta(days=29))

    assert contact_tasks.delete_old_contact_messages.delay().get() == 1

    assert list(ContactMessage.objects.all()) == [recent]
    assert not ContactMessage.objects.filter(pk=old.pk).exists()


def test_old_unverified_accounts_are_deleted(settings):
    settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS = 7
    long_ago = timezone.now() - timedelta(days=8)
    stale = UserFactory(date_joined=long_ago)
    EmailAddress.objects.create(user=stale, email=stale.email, verified=False, primary=True)
    no_address = UserFactory(date_joined=long_ago)
    confirmed = UserFactory(date_joined=long_ago)
    EmailAddress.objects.create(user=confirmed, email=confirmed.email, verified=True, primary=True)
    staff = UserFactory(date_joined=long_ago, is_staff=True)
    new = UserFactory()

    account_tasks.delete_unverified_accounts.delay()

    left = set(User.objects.values_list("pk", flat=True))
    assert left == {confirmed.pk, staff.pk, new.pk}
    assert stale.pk not in left and no_address.pk not in left


def test_expired_sessions_are_cleared():
    for expiry in [-60, 3600]:
        session = SessionStore()
        session.set_expiry(expiry)
        session.create()

    account_tasks.clear_expired_sessions.delay()

    assert Session.objects.count() == 1
    assert Session.objects.get().expire_date > timezone.now()


def test_beat_runs_the_retention_tasks():
    tasks = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert {
        "contact.tasks.delete_old_contact_messages",
        "accounts.tasks.delete_unverified_accounts",
        "accounts.tasks.clear_expired_sessions",
    } <= tasks


def test_deleting_an_account_deletes_the_messages_it_sent_and_erases_their_emails(
    client, officer_and_submission, django_capture_on_commit_callbacks
):
    user, _ = officer_and_submission
    with django_capture_on_commit_callbacks(execute=True):
        sent = contact_message_create(
            name="Jo Bloggs", email=EMAIL.upper(), message="Jo's question", consent_to_contact=True
        )
    someone_else = ContactMessageFactory(email="al@testshire.gov.uk")
    emails = sent.emails
    client.force_login(user)

    url = confirm_password(client, client.get(reverse("accounts:account_delete")))
    assert "the messages you sent us" in client.get(url).content.decode()
    client.post(reverse("accounts:account_delete"))

    assert list(ContactMessage.objects.all()) == [someone_else]
    for email in emails:
        email.refresh_from_db()
        text = " ".join([email.subject, email.body_text, *email.to, *email.reply_to])
        assert "Jo Bloggs" not in text and "Jo's question" not in text
        assert EMAIL not in text.lower()


def test_an_address_the_account_never_confirmed_keeps_its_messages(settings):
    """Anyone can sign up with someone else's address: deleting that account (here, by the
    retention rule for unconfirmed accounts) must not delete the real owner's messages."""
    stale = UserFactory(email="ada@example.org", date_joined=timezone.now() - timedelta(days=60))
    EmailAddress.objects.create(user=stale, email=stale.email, verified=False, primary=True)
    ada = ContactMessageFactory(email="ada@example.org")

    assert unverified_accounts_delete(days=30) == 1

    assert list(ContactMessage.objects.all()) == [ada]
