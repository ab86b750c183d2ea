"""Helpers for the membership tests."""

from allauth.account.models import EmailAddress

from outbox.models import OutboxEmail
from tests.factories import UserFactory


def officer(email="officer@example.org", verified=True):
    user = UserFactory(username=email, email=email)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def emails_to(address):
    # JSONField "contains" lookups are not available on SQLite; the tables here are tiny.
    return [row for row in OutboxEmail.objects.order_by("pk") if address in row.to]
