"""An officer's own personal data: a copy of all of it, and deleting their account.

Also the retention rule for accounts: an account whose email address was never confirmed is
deleted after settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from contact.models import ContactMessage
from contact.services import contact_messages_delete
from councils.models import Membership
from outbox.services import email_forget, emails_to
from submissions.models import Consent, SectionProgress, Submission

User = get_user_model()


def _when(value):
    return value.isoformat() if value else None


def personal_data_export(*, user) -> dict:
    """Everything the site holds about this person, as plain data (for a JSON download).

    Their authority's answers are the authority's, not theirs: the copy lists what they did
    to the submission (submitted it, gave consent, completed sections), not its contents."""
    addresses = list(EmailAddress.objects.filter(user=user).order_by("email"))
    emails = {a.email.lower() for a in addresses} | {user.email.lower()}
    membership = Membership.objects.filter(user=user).select_related("authority").first()
    outbox = {row.pk: row for address in sorted(emails) for row in emails_to(address)}
    return {
        "account": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary} for a in addresses
        ],
        "membership": membership
        and {
            "authority": membership.authority.name,
            "role": membership.role,
            "state": membership.get_state_display(),
            "requested_at": _when(membership.created_at),
            "decided_at": _when(membership.decided_at),
        },
        "submissions_you_submitted": [
            {
                "reference": s.reference,
                "authority": s.authority.name,
                "submitted_at": _when(s.submitted_at),
            }
            for s in Submission.objects.filter(submitted_by=user).select_related("authority")
        ],
        "consents_you_gave": [
            {
                "submission": c.submission.reference,
                "publication": c.publication,
                "follow_up_contact": c.follow_up_contact,
                "privacy_agreed": c.privacy_agreed,
                "wording_version": c.wording_version,
            }
            for c in Consent.objects.filter(given_by=user).select_related("submission")
        ],
        "sections_you_last_changed": [
            {"section": p.key, "status": p.status, "updated_at": _when(p.updated_at)}
            for p in SectionProgress.objects.filter(updated_by=user)
        ],
        "messages_you_sent_us": [
            {
                "name": m.name,
                "email": m.email,
                "organisation": m.organisation,
                "role": m.role,
                "message": m.message,
                "sent_at": _when(m.created_at),
            }
            for m in ContactMessage.objects.filter(_any_address(emails))
        ],
        "emails_we_sent_you": [
            {"subject": row.subject, "written_at": _when(row.created_at), "state": row.state}
            for row in outbox.values()
        ],
    }


def account_name_set(*, user, name: str) -> None:
    """The name researchers see; blank shows the email address instead."""
    user.first_name, user.last_name = name[:150], ""
    user.save(update_fields=["first_name", "last_name"])


def _any_address(emails: set[str]) -> Q:
    query = Q(pk__in=[])
    for address in emails:
        query |= Q(email__iexact=address)
    return query


def account_delete(*, user) -> None:
    """Delete the account and the personal details that hang off it.

    The authority's submission stays: who submitted it, gave consent or changed a section
    becomes "nobody" (those links are SET_NULL), and the history keeps what changed, not who.
    Emails to them are kept as a count for the researchers, without address or text. The
    contact messages sent from an address the account confirmed go too, with what the emails
    about them say (an address it never confirmed may be someone else's)."""
    with transaction.atomic():
        addresses = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
        addresses.add(user.email)
        for address in addresses - {""}:
            email_forget(address=address)
        confirmed = EmailAddress.objects.filter(user=user, verified=True)
        contact_messages_delete(
            messages=ContactMessage.objects.filter(
                _any_address(set(confirmed.values_list("email", flat=True)))
            )
        )
        user.delete()


def unverified_accounts_delete(*, days: int, now=None) -> int:
    """Delete accounts older than `days` whose email address was never confirmed."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    stale = (
        User.objects.filter(date_joined__lt=cutoff, is_staff=False, is_superuser=False)
        .exclude(emailaddress__verified=True)
        .exclude(membership__isnull=False)
    )
    count = 0
    for user in stale:
        account_delete(user=user)
        count += 1
    return count
