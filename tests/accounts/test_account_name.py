"""A name on the account: asked at sign-up, editable on /my/account/, shown to researchers."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from councils.models import Membership
from submissions.models import Submission, SubmissionNote
from tests.factories import PASSWORD, new_client

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_sign_up_asks_for_an_optional_name_and_keeps_it():
    client = new_client()
    page = client.get(reverse("account_signup")).content.decode()
    assert "Your name" in page and 'autocomplete="name"' in page

    client.post(
        reverse("account_signup"),
        {
            "name": "  Ada   Lovelace ",
            "email": "ada@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    new_client().post(
        reverse("account_signup"),
        {"email": "anon@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert User.objects.get(email="ada@example.org").get_full_name() == "Ada Lovelace"
    assert User.objects.get(email="anon@example.org").get_full_name() == ""


def test_officer_changes_their_name_on_my_account(officer_client, officer):
    page = officer_client.get(reverse("accounts:personal_data")).content.decode()
    assert 'name="name"' in page

    response = officer_client.post(reverse("accounts:personal_data"), {"name": "Jo Bloggs"})

    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.get_full_name() == "Jo Bloggs"
    assert (
        'value="Jo Bloggs"'
        in officer_client.get(reverse("accounts:personal_data")).content.decode()
    )

    too_long = officer_client.post(reverse("accounts:personal_data"), {"name": "x" * 151})
    assert too_long.status_code == 200
    assert "150 characters or fewer" in too_long.content.decode()


def test_researchers_see_the_name_not_the_email_local_part(
    researcher_client, researcher, officer, authority, current_round
):
    officer.first_name = "Jo Bloggs"
    officer.save()
    submission = Submission.objects.create(
        authority=authority, round=current_round, submitted_by=officer
    )
    SubmissionNote.objects.create(submission=submission, author=researcher, text="Looks good.")

    page = researcher_client.get(
        reverse("admin:submissions_submission_change", args=[submission.pk])
    ).content.decode()
    assert "Jo Bloggs" in page
    assert "Rosa" in page  # the note's author, by name

    memberships = researcher_client.get(reverse("admin:councils_membership_changelist"))
    assert memberships.status_code == 200
    assert "Jo Bloggs" in memberships.content.decode()
    assert Membership.objects.filter(user=officer).exists()


def test_without_a_name_researchers_see_the_whole_email_address():
    from common.people import display_name

    user = User(username="jo", email="jo@testshire.gov.uk")
    assert display_name(user) == "jo@testshire.gov.uk"
    assert display_name(None) == ""
