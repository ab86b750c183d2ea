"""An officer inviting a colleague: an emailed link, for one address, used once, that expires.

The invited colleague joins verified on the strength of the inviter's own verified membership
(the inviter vouches for them, as a researcher would when approving a request)."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from common.emails import absolute_url, email_context
from common.text import clean_text
from outbox.services import email_enqueue

from .memberships import WORKFLOW, MembershipError
from .models import Invitation, Membership

INVITATION_DAYS = 14
S = Membership.State


class InvitationError(ValueError):
    """The invitation cannot be sent or used; the message says why, in plain English."""


def _inviter_membership(user) -> Membership:
    membership = Membership.objects.filter(user=user).select_related("authority").first()
    if membership is None or not membership.is_verified:
        raise InvitationError("Only verified officers of an authority can invite colleagues")
    return membership


@transaction.atomic
def invitation_send(*, by, email: str) -> Invitation:
    """Email `email` a link to join the inviter's authority; valid for INVITATION_DAYS days."""
    membership = _inviter_membership(by)
    email = clean_text(email).strip()
    already = Membership.objects.verified().filter(
        authority=membership.authority, user__emailaddress__email__iexact=email
    )
    if already.exists():
        raise InvitationError(f"{email} is already a verified officer of {membership.authority}")
    invitation = Invitation.objects.create(
        authority=membership.authority,
        email=email,
        invited_by=by,
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    email_enqueue(
        key=f"invitation:{invitation.pk}",
        to=[email],
        reply_to=[by.email] if by.email else None,
        template="invitation",
        context=email_context(
            invitation=invitation,
            authority=membership.authority,
            inviter_email=by.email,
            days=INVITATION_DAYS,
            accept_url=absolute_url("membership:invitation", invitation.token),
        ),
    )
    return invitation


def invitation_refusal(*, invitation: Invitation | None, user) -> str:
    """Why `user` cannot use this invitation now; "" if they can."""
    if invitation is None or invitation.used_at is not None:
        return "This invitation link has already been used or is not valid"
    if invitation.expires_at <= timezone.now():
        return "This invitation link has expired. Ask your colleague to invite you again"
    addresses = EmailAddress.objects.filter(
        user=user, verified=True, email__iexact=invitation.email
    )
    if not addresses.exists():
        return (
            f"This invitation is for {invitation.email}. Sign in with that address (or add and "
            "confirm it on your account) to use it"
        )
    current = Membership.objects.filter(user=user).first()
    if current is not None and current.is_verified:
        return f"You are already a verified officer of {current.authority}"
    return ""


@transaction.atomic
def invitation_accept(*, token: str, user, role: str) -> Membership:
    """Join the invitation's authority, verified; the invitation cannot be used again."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("authority")
        .filter(token=token)
        .first()
    )
    refusal = invitation_refusal(invitation=invitation, user=user)
    if refusal:
        raise InvitationError(refusal)
    now = timezone.now()
    membership = Membership.objects.select_for_update().filter(user=user).first()
    if membership is not None:
        try:
            WORKFLOW.check(
                current=membership.state,
                to=S.VERIFIED,
                subject="your membership",
                state_label=membership.get_state_display(),
            )
        except MembershipError as error:
            raise InvitationError(str(error)) from error
    else:
        membership = Membership(user=user)
    membership.authority = invitation.authority
    membership.role = clean_text(role).strip()
    membership.state = S.VERIFIED
    membership.verified_by_domain = False
    membership.decided_by = invitation.invited_by
    membership.decided_at = now
    membership.decline_reason = ""
    membership.save()
    invitation.used_at, invitation.used_by = now, user
    invitation.save(update_fields=["used_at", "used_by"])
    return membership
