"""Inviting a colleague from /my/: one address, one use, expires, verified by the inviter."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.models import Invitation, Membership
from outbox.models import OutboxEmail
from tests.factories import AuthorityFactory, client_for, make_officer, make_person, new_client

pytestmark = pytest.mark.django_db

INVITE = reverse("membership:invite")


def invite(client, email="sam@example.org"):
    return client.post(INVITE, {"email": email})


def accept_path(invitation):
    return reverse("membership:invitation", args=[invitation.token])


def test_officer_invites_a_colleague_who_joins_verified(officer_client, officer, authority):
    assert INVITE in officer_client.get(reverse("questionnaire:dashboard")).content.decode()

    response = invite(officer_client)

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "sam@example.org" and invitation.authority == authority
    assert invitation.expires_at - timezone.now() > timedelta(days=13)
    [email] = OutboxEmail.objects.filter(key=f"invitation:{invitation.pk}")
    assert email.to == ["sam@example.org"]
    assert accept_path(invitation) in email.body_text

    # Not signed in: the link sends them to sign in (or sign up) and back.
    anonymous = new_client().get(accept_path(invitation))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url

    sam = make_person("sam@example.org")
    client = client_for(sam)
    page = client.get(accept_path(invitation))
    assert f"Join {authority.name}" in page.content.decode()
    joined = client.post(accept_path(invitation), {"role": "Policy officer"})

    assert joined.status_code == 302
    membership = Membership.objects.get(user=sam)
    assert membership.authority == authority and membership.is_verified
    assert membership.decided_by == officer
    invitation.refresh_from_db()
    assert invitation.used_by == sam


def test_the_invitation_is_single_use(officer_client, officer):
    invite(officer_client)
    invitation = Invitation.objects.get()
    client_for(make_person("sam@example.org")).post(accept_path(invitation), {"role": "Officer"})

    # A forwarded link cannot be used again.
    other = make_person("sam.again@example.org")
    response = client_for(other).post(accept_path(invitation), {"role": "Officer"})
    assert "already been used" in response.content.decode()
    assert not Membership.objects.filter(user=other).exists()


def test_another_address_cannot_use_it(officer_client):
    invite(officer_client)
    invitation = Invitation.objects.get()
    stranger = make_person("stranger@example.org")

    response = client_for(stranger).post(accept_path(invitation), {"role": "Officer"})

    assert response.status_code == 200
    assert "This invitation is for sam@example.org" in response.content.decode()
    assert not Membership.objects.filter(user=stranger).exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_an_expired_invitation_cannot_be_used(officer_client):
    invite(officer_client)
    invitation = Invitation.objects.get()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    sam = make_person("sam@example.org")

    response = client_for(sam).post(accept_path(invitation), {"role": "Officer"})

    assert "expired" in response.content.decode()
    assert not Membership.objects.filter(user=sam).exists()


def test_only_verified_officers_can_invite(authority):
    pending = make_officer(authority, "pat@testshire.gov.uk", state="pending")
    invite(client_for(pending))
    outsider = make_person("nobody@example.org")
    invite(client_for(outsider))
    assert not Invitation.objects.exists()


def test_an_unconfirmed_address_cannot_use_it(officer_client):
    invite(officer_client)
    invitation = Invitation.objects.get()
    sam = make_person("sam@example.org", verified=False)
    client_for(sam).post(accept_path(invitation), {"role": "Officer"})
    assert not Membership.objects.filter(user=sam).exists()


def test_an_officer_of_another_authority_is_not_moved(officer_client):
    invite(officer_client, "sam@elsewhere.gov.uk")
    invitation = Invitation.objects.get()
    elsewhere = AuthorityFactory(name="Elsewhere")
    sam = make_officer(elsewhere, "sam@elsewhere.gov.uk")
    response = client_for(sam).post(accept_path(invitation), {"role": "Officer"})
    assert "already a verified officer of Elsewhere" in response.content.decode()
    assert Membership.objects.get(user=sam).authority == elsewhere


def test_a_mistake_in_the_address_keeps_what_was_typed_and_says_what_is_wrong(officer_client):
    # It used to redirect to /my/ with a banner, and the address typed was gone.
    response = invite(officer_client, "sam@testshire")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Invite a colleague – " in html
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#id_email">Enter an email address in the correct format' in html
    assert 'value="sam@testshire"' in html
    assert not Invitation.objects.exists()


def test_inviting_someone_already_verified_says_so_beside_the_address(officer_client, officer):
    response = invite(officer_client, officer.email)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"{officer.email} is already a verified officer of" in html
    assert f'value="{officer.email}"' in html


def test_a_missing_role_when_joining_says_error_once_in_the_title(officer_client):
    invite(officer_client)
    sam = make_person("sam@example.org")
    response = client_for(sam).post(accept_path(Invitation.objects.get()), {"role": ""})

    assert "<title>Error: Join " in response.content.decode()
    assert "Error: Error:" not in response.content.decode()
