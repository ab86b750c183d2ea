"""Giving a person a membership in the admin, as a researcher (not a superuser): the user box
finds people by name or email (councils/member_search.py) without the view permission on users,
and shows nothing of an account beyond its name and email."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from councils.models import Membership
from tests.factories import UserFactory, client_for, make_officer, make_person

pytestmark = pytest.mark.django_db

ADD = reverse("admin:councils_membership_add")
SEARCH = reverse("admin:councils_membership_person_search")
# What the admin's Select2 box sends along with what was typed.
WIDGET_PARAMS = {"app_label": "councils", "model_name": "membership", "field_name": "user"}


@pytest.fixture
def people(authority):
    jo = make_person("jo.bloggs@camden.gov.uk")
    jo.first_name, jo.last_name = "Jo", "Bloggs"
    jo.save()
    return {
        "jo": jo,
        "joined": make_officer(authority, "jo.member@camden.gov.uk"),
        "gone": UserFactory(username="jo.gone", email="jo.gone@camden.gov.uk", is_active=False),
        "staff": UserFactory(username="jo.staff", email="jo.staff@camden.gov.uk", is_staff=True),
        "root": UserFactory(username="jo.root", email="jo.root@camden.gov.uk", is_superuser=True),
    }


def search_url(client) -> str:
    """The address the add form's user box asks, as the page gives it to Select2."""
    html = client.get(ADD).content.decode()
    select = re.search(r'<select[^>]*name="user"[^>]*>', html).group(0)
    return re.search(r'data-ajax--url="([^"]+)"', select).group(1)


def test_a_researcher_finds_people_who_may_be_given_a_membership(researcher_client, people):
    url = search_url(researcher_client)
    assert url == SEARCH

    response = researcher_client.get(url, {**WIDGET_PARAMS, "term": "jo"})

    assert response.status_code == 200
    assert response.json() == {
        "results": [{"id": str(people["jo"].pk), "text": "Jo Bloggs (jo.bloggs@camden.gov.uk)"}],
        "pagination": {"more": False},
    }
    by_name = researcher_client.get(url, {**WIDGET_PARAMS, "term": "bloggs jo"}).json()
    assert [r["id"] for r in by_name["results"]] == [str(people["jo"].pk)]
    assert researcher_client.get(url, {"term": "nobody"}).json()["results"] == []


def test_the_person_found_is_given_the_membership(researcher_client, people, authority):
    jo = people["jo"]
    response = researcher_client.post(
        ADD, {"user": jo.pk, "authority": authority.pk, "role": "Policy officer"}
    )

    assert response.status_code == 302
    assert Membership.objects.get(user=jo).authority == authority


def test_the_form_takes_only_the_people_the_search_offers(researcher_client, people, authority):
    for who in ("staff", "root", "gone", "joined"):
        response = researcher_client.post(
            ADD, {"user": people[who].pk, "authority": authority.pk, "role": "Officer"}
        )
        assert response.status_code == 200, who
        assert "user" in response.context["adminform"].form.errors, who
    assert not Membership.objects.filter(user__is_staff=True).exists()


def test_a_researcher_still_sees_and_changes_no_account(researcher, researcher_client, people):
    jo = people["jo"]
    assert not researcher.has_perm("auth.view_user")
    # The site's own autocomplete still asks for the view permission on users.
    site_search = researcher_client.get(
        reverse("admin:autocomplete"), {**WIDGET_PARAMS, "term": "jo"}
    )
    assert site_search.status_code == 403
    for url in (
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_change", args=[jo.pk]),
        reverse("admin:auth_user_password_change", args=[jo.pk]),
    ):
        assert researcher_client.get(url).status_code == 403, url
    change = researcher_client.post(
        reverse("admin:auth_user_change", args=[jo.pk]),
        {"username": jo.username, "is_staff": "on", "is_superuser": "on"},
    )
    assert change.status_code == 403
    jo.refresh_from_db()
    assert not jo.is_staff and not jo.is_superuser
    # The search says a person's name and email, nothing else of the account.
    body = researcher_client.get(SEARCH, {"term": "jo"}).content.decode()
    assert "pbkdf2" not in body and jo.password not in body
    assert set(researcher_client.get(SEARCH).json()["results"][0]) == {"id", "text"}


def test_only_those_who_may_add_memberships_search(researcher, people, officer_client):
    assert officer_client.get(SEARCH).status_code == 302  # not staff: the admin's sign-in
    researcher.groups.clear()
    researcher.user_permissions.add(*Permission.objects.filter(codename="view_membership"))

    assert client_for(researcher).get(SEARCH, {"term": "jo"}).status_code == 403
