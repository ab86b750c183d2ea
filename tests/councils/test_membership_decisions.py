"""The project team approving and declining officers' requests, and the status officers see."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from councils.memberships import membership_approve, membership_decline, membership_request
from councils.models import Membership
from outbox.models import OutboxEmail
from tests.factories import emails_to, make_person

CHOOSE = reverse("membership:choose")
DASHBOARD = reverse("questionnaire:dashboard")


# --- approving and declining -------------------------------------------------------------------


def test_approving_emails_the_officer_once(camden, researcher):
    user = make_person("jo@gmail.example")
    membership = membership_request(user=user, authority=camden, role="Analyst")

    assert membership_approve(membership=membership, by=researcher)
    assert not membership_approve(membership=membership, by=researcher)

    assert membership.state == Membership.State.VERIFIED
    assert membership.decided_by == researcher and membership.decided_at
    [email] = emails_to("jo@gmail.example")
    assert email.key == f"membership:{membership.pk}:approved"
    assert "Camden" in email.subject
    assert settings.SITE_URL + DASHBOARD in email.body_text
    assert "Sign in and start your authority's submission" in email.body_text


def test_declining_emails_the_reason_and_the_lead_contact_once(camden):
    user = make_person("jo@gmail.example")
    membership = membership_request(user=user, authority=camden, role="Analyst")

    assert membership_decline(membership=membership, by=None, reason="We could not reach you.")
    assert not membership_decline(membership=membership, by=None, reason="Again")

    assert membership.state == Membership.State.DECLINED
    assert membership.decline_reason == "We could not reach you."
    [email] = emails_to("jo@gmail.example")
    assert "We could not reach you." in email.body_text
    assert settings.PROJECT_LEAD_EMAIL in email.body_text
    assert email.reply_to == [settings.PROJECT_LEAD_EMAIL]


def test_a_verified_membership_cannot_be_declined(camden):
    membership = membership_request(user=make_person("a@camden.gov.uk"), authority=camden, role="x")
    assert not membership_decline(membership=membership, by=None)
    membership.refresh_from_db()
    assert membership.state == Membership.State.VERIFIED
    assert not OutboxEmail.objects.exists()


# --- the status the dashboard shows ----------------------------------------------------------


def test_status_include_for_each_state(camden):
    template = "councils/includes/membership_status.html"
    html = render_to_string(template, {"membership": None})
    assert f'href="{CHOOSE}">Choose your authority' in html

    membership = membership_request(
        user=make_person("jo@gmail.example"), authority=camden, role="Lead"
    )
    html = render_to_string(template, {"membership": membership})
    assert "Camden" in html and "Lead" in html
    assert '<strong class="govuk-tag govuk-tag--yellow">Waiting for approval</strong>' in html

    membership_decline(membership=membership, by=None, reason="Unknown to us")
    html = render_to_string(template, {"membership": membership})
    assert "govuk-tag--red" in html and "Unknown to us" in html

    membership_approve(membership=membership, by=None)
    html = render_to_string(template, {"membership": membership})
    assert '<strong class="govuk-tag govuk-tag--green">Verified</strong>' in html
