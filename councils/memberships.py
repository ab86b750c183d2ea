"""Officers' memberships of their authority: asking to join, and the project team's decision."""

from collections.abc import Iterable
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common.emails import absolute_url, email_context
from common.states import Workflow
from common.text import clean_text
from outbox.models import OutboxEmail
from outbox.services import email_enqueue

from .models import Authority, Membership


class MembershipError(ValueError):
    """The membership cannot change this way (for example, it is already verified)."""


class MembershipRequestLimitError(MembershipError):
    """The account has asked the project lead too often today."""


# Each request that needs approval emails the project lead; without a cap one account could
# email them without limit by asking to join authority after authority.
REQUESTS_PER_DAY = 3


S = Membership.State

# A new membership has no state yet and may go to pending or verified. A verified membership
# is changed only in the admin (or removed by deleting it), never by these services.
WORKFLOW = Workflow(
    {
        S.PENDING: ({S.PENDING, S.DECLINED}, "ask again about"),
        S.VERIFIED: ({S.PENDING, S.DECLINED}, "verify"),
        S.DECLINED: ({S.PENDING}, "decline"),
    },
    error=MembershipError,
)


def email_domain_matches(*, address: str, domains: Iterable[str]) -> bool:
    """True when the address is at one of the domains or a subdomain of one of them."""
    domain = address.rpartition("@")[2].strip().lower().rstrip(".")
    if not domain:
        return False
    for allowed in domains:
        allowed = allowed.strip().lower().lstrip("@").rstrip(".")
        # The dot matters: "notcamden.gov.uk" must not pass for "camden.gov.uk".
        if allowed and (domain == allowed or domain.endswith("." + allowed)):
            return True
    return False


def _verified_addresses(user) -> list[str]:
    return list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )


def _user_email(user) -> str:
    if user.email:
        return user.email
    address = EmailAddress.objects.filter(user=user).order_by("-primary", "-verified").first()
    return address.email if address else ""


def _membership_context(membership: Membership) -> dict:
    return email_context(
        membership=membership,
        authority=membership.authority,
        user_email=_user_email(membership.user),
        admin_url=absolute_url("admin:councils_membership_change", membership.pk),
        pending_url=absolute_url("admin:councils_membership_changelist") + "?state__exact=pending",
        dashboard_url=absolute_url("questionnaire:dashboard"),
        choose_url=absolute_url("membership:choose"),
        lead_name=settings.PROJECT_LEAD_NAME,
        lead_role=settings.PROJECT_LEAD_ROLE,
        lead_email=settings.PROJECT_LEAD_EMAIL,
    )


@transaction.atomic
def membership_request(*, user, authority: Authority, role: str) -> Membership:
    """Link the user to their authority with their role.

    Verified at once when one of the user's verified email addresses is at one of the
    authority's email domains (or a subdomain); otherwise pending, and the project lead is
    emailed to approve it. A pending or declined request is replaced; a verified membership
    is not changed here (the project team does that in the admin).
    """
    if not authority.is_current:
        raise MembershipError(f"{authority} is no longer a current authority")
    role = clean_text(role).strip()
    by_domain = any(
        email_domain_matches(address=address, domains=authority.email_domain_list)
        for address in _verified_addresses(user)
    )
    to = S.VERIFIED if by_domain else S.PENDING
    now = timezone.now()
    membership = Membership.objects.select_for_update().filter(user=user).first()
    if membership is not None:
        WORKFLOW.check(
            current=membership.state,
            to=to,
            subject="your membership",
            state_label=membership.get_state_display(),
        )
    # Asking again for the same authority while waiting is only a change of role: the
    # project lead has already been asked, so no second email.
    already_asked = (
        membership is not None
        and membership.state == S.PENDING
        and membership.authority_id == authority.pk
        and to == S.PENDING
    )
    if (
        to == S.PENDING
        and not already_asked
        and membership is not None
        and requests_today(membership=membership, now=now) >= REQUESTS_PER_DAY
    ):
        raise MembershipRequestLimitError(
            f"You have asked to join an authority {REQUESTS_PER_DAY} times today"
        )
    if membership is None:
        membership = Membership(user=user)
    membership.authority = authority
    membership.role = role
    membership.verified_by_domain = by_domain
    membership.state = to
    membership.decided_by = None
    membership.decided_at = now if by_domain else None
    membership.decline_reason = ""
    membership.save()
    if to == S.PENDING and not already_asked:
        context = _membership_context(membership)
        email_enqueue(
            # One email per request: a new request (after a decline or a change of authority)
            # gets a new key, a retry of the same call cannot send twice.
            key=f"membership:{membership.pk}:requested:{now:%Y%m%d%H%M%S%f}",
            to=[settings.PROJECT_LEAD_EMAIL],
            reply_to=[context["user_email"]] if context["user_email"] else None,
            template="membership_requested",
            context=context,
            related_admin_url=context["admin_url"],
        )
    return membership


def requests_today(*, membership: Membership, now=None) -> int:
    """How many requests this membership emailed to the project lead in the last 24 hours.

    The outbox rows are the record: one per request that needed approval."""
    now = now or timezone.now()
    return OutboxEmail.objects.filter(
        key__startswith=f"membership:{membership.pk}:requested:",
        created_at__gte=now - timedelta(days=1),
    ).count()


def _locked(membership: Membership) -> Membership:
    # Locks the row so two researchers acting at once cannot both decide (and both email).
    return (
        Membership.objects.select_for_update()
        .select_related("user", "authority")
        .get(pk=membership.pk)
    )


@transaction.atomic
def membership_approve(*, membership: Membership, by) -> bool:
    """Verify a pending (or declined) membership and email the officer.

    Returns False, changing nothing, when it is already verified.
    """
    locked = _locked(membership)
    if not WORKFLOW.allows(current=locked.state, to=S.VERIFIED):
        return False
    locked.state = S.VERIFIED
    locked.verified_by_domain = False
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.decline_reason = ""
    locked.save()
    context = _membership_context(locked)
    email_enqueue(
        key=f"membership:{locked.pk}:approved",
        to=[context["user_email"]],
        reply_to=[settings.PROJECT_LEAD_EMAIL],
        template="membership_approved",
        context=context,
        related_admin_url=context["admin_url"],
    )
    membership.refresh_from_db()
    return True


@transaction.atomic
def membership_decline(*, membership: Membership, by, reason: str = "") -> bool:
    """Decline a pending membership, with the reason, and email the officer.

    Returns False, changing nothing, unless it is pending: a declined one is already
    declined, and a verified officer is removed by deleting the membership instead.
    """
    locked = _locked(membership)
    if not WORKFLOW.allows(current=locked.state, to=S.DECLINED):
        return False
    now = timezone.now()
    locked.state = S.DECLINED
    locked.decided_by = by
    locked.decided_at = now
    locked.decline_reason = clean_text(reason).strip()
    locked.save()
    context = _membership_context(locked)
    email_enqueue(
        # The decision time is in the key: a later request can be declined (and emailed) again.
        key=f"membership:{locked.pk}:declined:{now:%Y%m%d%H%M%S%f}",
        to=[context["user_email"]],
        reply_to=[settings.PROJECT_LEAD_EMAIL],
        template="membership_declined",
        context=context,
        related_admin_url=context["admin_url"],
    )
    membership.refresh_from_db()
    return True
