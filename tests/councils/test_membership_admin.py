"""Researchers approving and declining officers' requests in the admin."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from councils.memberships import membership_request
from councils.models import Authority, Membership
from tests.factories import AuthorityFactory, emails_to, make_person

CHANGELIST = reverse("admin:councils_membership_changelist")


def request_from(email, authority, role="Policy officer"):
    return membership_request(user=make_person(email), authority=authority, role=role)


@pytest.fixture
def camden(db):
    """A unitary Camden (the filters below count on its type), not the councils' London one."""
    return AuthorityFactory(name="Camden", email_domains="camden.gov.uk")


@pytest.fixture
def pending(camden):
    return request_from("jo@gmail.example", camden)


def act(client, action, memberships, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [m.pk for m in memberships], **extra}
    return client.post(CHANGELIST, data, follow=True)


def notices(response):
    """The admin's messages as the changelist showed them after the action."""
    return [str(m) for m in response.context["messages"]]


def test_list_filters_search_and_pages(researcher_client, pending, camden):
    request_from("a@camden.gov.uk", camden)
    response = researcher_client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "jo@gmail.example" in html and "Approve selected memberships" in html
    assert "Decline selected memberships" in html

    response = researcher_client.get(CHANGELIST, {"state__exact": "pending"})
    assert [m.user.email for m in response.context["cl"].result_list] == ["jo@gmail.example"]
    response = researcher_client.get(
        CHANGELIST, {"authority__nation__exact": "England", "authority__type__exact": "UA"}
    )
    assert response.context["cl"].result_count == 2
    assert researcher_client.get(CHANGELIST, {"q": "gmail"}).context["cl"].result_count == 1
    assert researcher_client.get(CHANGELIST, {"q": "Camden"}).context["cl"].result_count == 2

    change = researcher_client.get(reverse("admin:councils_membership_change", args=[pending.pk]))
    assert change.status_code == 200
    assert researcher_client.get(reverse("admin:councils_membership_add")).status_code == 200


@pytest.mark.parametrize("field, term", [("authority", "Cam"), ("user", "gmail")])
def test_autocomplete_for_authority_and_user(researcher_client, admin_client, pending, field, term):
    # Searching people needs auth.view_user, which no role holds (common/roles.py): superusers only.
    client = admin_client if field == "user" else researcher_client
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "councils", "model_name": "membership", "field_name": field, "term": term},
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


@pytest.mark.parametrize("count", [5, 30])
def test_list_takes_a_fixed_number_of_queries(
    researcher_client, db, count, django_assert_max_num_queries
):
    for n in range(count):
        request_from(f"officer{n}@example.org", AuthorityFactory(type=Authority.Type.DISTRICT))
    with django_assert_max_num_queries(12):
        response = researcher_client.get(CHANGELIST)
    assert response.context["cl"].result_count == count


def test_approve_action_verifies_and_emails_the_officer_once(
    researcher_client, pending, researcher
):
    response = act(researcher_client, "approve_selected", [pending])

    assert response.redirect_chain == [(CHANGELIST, 302)]
    pending.refresh_from_db()
    assert pending.state == Membership.State.VERIFIED
    assert pending.decided_by == researcher
    assert notices(response) == ["1 membership approved; the officer has been emailed."]
    [email] = emails_to("jo@gmail.example")
    assert "/my/" in email.body_text

    response = act(researcher_client, "approve_selected", [pending])
    assert len(emails_to("jo@gmail.example")) == 1
    assert notices(response) == ["1 membership left as it was (already verified)."]


def test_approve_action_counts_several(researcher_client, camden):
    memberships = [request_from(f"p{n}@example.org", camden) for n in range(3)]
    response = act(researcher_client, "approve_selected", memberships)
    assert notices(response) == ["3 memberships approved; each officer has been emailed."]
    assert camden.memberships.verified().count() == 3


def test_decline_action_asks_for_a_reason_then_emails_it_once(researcher_client, pending, camden):
    verified = request_from("a@camden.gov.uk", camden)

    confirm = act(researcher_client, "decline_selected", [pending, verified])

    assert confirm.status_code == 200 and not confirm.redirect_chain
    html = confirm.content.decode()
    assert 'name="reason"' in html and "jo@gmail.example" in html
    pending.refresh_from_db()
    assert pending.state == Membership.State.PENDING
    assert not emails_to("jo@gmail.example")

    response = act(
        researcher_client,
        "decline_selected",
        [pending, verified],
        confirm="yes",
        reason="We could not confirm\x00 you work there.",
    )

    assert response.redirect_chain == [(CHANGELIST, 302)]
    assert notices(response) == [
        "1 membership declined; the officer has been emailed.",
        "1 membership left as it was (not waiting for approval).",
    ]
    pending.refresh_from_db()
    verified.refresh_from_db()
    assert pending.state == Membership.State.DECLINED
    assert pending.decline_reason == "We could not confirm you work there."
    assert verified.state == Membership.State.VERIFIED
    [email] = emails_to("jo@gmail.example")
    assert "We could not confirm you work there." in email.body_text
    assert not emails_to("a@camden.gov.uk")

    act(researcher_client, "decline_selected", [pending], confirm="yes", reason="Again")
    assert len(emails_to("jo@gmail.example")) == 1


def test_a_declined_request_can_still_be_approved(researcher_client, pending):
    act(researcher_client, "decline_selected", [pending], confirm="yes", reason="")
    act(researcher_client, "approve_selected", [pending])
    pending.refresh_from_db()
    assert pending.state == Membership.State.VERIFIED
    assert len(emails_to("jo@gmail.example")) == 2  # declined, then approved
