"""An officer choosing their authority: the search, the request, verification by email domain."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from councils.memberships import (
    MembershipError,
    email_domain_matches,
    membership_decline,
    membership_request,
)
from councils.models import Membership
from outbox.models import OutboxEmail
from tests.factories import AuthorityFactory, UserFactory, emails_to, make_person, notice

CHOOSE = reverse("membership:choose")
DASHBOARD = reverse("questionnaire:dashboard")


@pytest.fixture
def signed_in(client, db):
    def sign_in(email="officer@example.org", verified=True):
        user = make_person(email, verified=verified)
        client.force_login(user)
        return user

    return sign_in


# --- the page -------------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client, db):
    response = client.get(CHOOSE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.post(CHOOSE, {"authority": 1, "role": "x"}).status_code == 302
    assert not Membership.objects.exists()


def test_search_form_works_without_javascript(client, signed_in, camden):
    signed_in()
    response = client.get(CHOOSE)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form method="get" action="/my/authority/"' in html
    assert '<label class="govuk-label govuk-label--m" for="id_q">' in html
    assert "Search for your council or strategic authority" in html
    assert 'name="q"' in html
    # No results and no choice until someone searches.
    assert 'name="authority"' not in html
    assert "<script" not in html.split("</main>")[0].split("<main")[1]


def test_search_lists_current_matches_as_radios_with_a_role_and_continue(client, signed_in, camden):
    AuthorityFactory(name="Camberwick", official_name="Camberwick District Council")
    AuthorityFactory(name="Old Camden", is_current=False)
    AuthorityFactory(name="Leeds")
    signed_in()

    response = client.get(CHOOSE, {"q": "cam"})

    html = response.content.decode()
    names = [a.name for a in response.context["results"].authorities]
    assert names == ["Camberwick", "Camden"]
    assert f'type="radio" value="{camden.pk}"' in html
    assert "London borough, London" in html  # type and region in the radio's hint
    assert 'name="role"' in html and "What is your job title or role?" in html
    assert ">Continue</button>" in html
    assert 'name="q" value="cam"' in html  # the search travels with the choice


def test_search_matches_official_and_former_names(client, signed_in, camden):
    successor = AuthorityFactory(name="Westmorland and Furness", code="WAF")
    AuthorityFactory(
        name="Cumbria",
        official_name="Cumbria County Council",
        is_current=False,
        replaced_by_codes="WAF",
    )
    signed_in()

    by_official = client.get(CHOOSE, {"q": "Borough of Cam"})
    assert [a.name for a in by_official.context["results"].authorities] == ["Camden"]

    by_former = client.get(CHOOSE, {"q": "cumbria"})
    assert by_former.context["results"].authorities == [successor]
    assert "Took over from Cumbria County Council" in by_former.content.decode()


def test_best_matches_come_first(client, signed_in, db):
    for name in ["North Yorkshire", "York", "Yorkshire Dales", "East Riding of Yorkshire"]:
        AuthorityFactory(name=name)
    signed_in()
    response = client.get(CHOOSE, {"q": "york"})
    assert [a.name for a in response.context["results"].authorities] == [
        "York",
        "Yorkshire Dales",
        "East Riding of Yorkshire",
        "North Yorkshire",
    ]


def test_no_matches_says_so(client, signed_in, camden):
    signed_in()
    response = client.get(CHOOSE, {"q": "Atlantis"})
    html = response.content.decode()
    assert "No authorities match “Atlantis”" in html
    assert "contact the project team" in html
    assert 'name="authority"' not in html


def test_many_matches_are_capped_with_a_message_to_refine(client, signed_in, db):
    AuthorityFactory.create_batch(25)  # "Testshire n"
    signed_in()
    response = client.get(CHOOSE, {"q": "Testshire"})
    results = response.context["results"]
    assert len(results.authorities) == 20
    assert results.more
    assert "More than 20 authorities match" in response.content.decode()
    assert response.content.decode().count('type="radio"') == 20


@pytest.mark.parametrize("count", [5, 60])
def test_search_results_take_a_fixed_number_of_queries(
    client, signed_in, db, count, django_assert_max_num_queries
):
    AuthorityFactory.create_batch(count)
    AuthorityFactory.create_batch(3, is_current=False, replaced_by_codes="Z001")
    signed_in()
    # Session, user, membership, verified email, former names, matches: the same for any size.
    with django_assert_max_num_queries(6):
        response = client.get(CHOOSE, {"q": "Testshire"})
    assert response.status_code == 200
    assert len(response.context["results"].authorities) == min(count, 20)


def test_search_with_nul_bytes_or_too_long_is_not_an_error(client, signed_in, camden):
    signed_in()
    response = client.get(CHOOSE, {"q": "Cam\x00den"})
    assert response.status_code == 200
    assert [a.name for a in response.context["results"].authorities] == ["Camden"]

    response = client.get(CHOOSE, {"q": "x" * 101})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Search must be 100 characters or fewer" in html
    assert 'href="#id_q"' in html
    assert "<title>Error: " in html


def test_people_without_a_verified_email_are_asked_to_confirm_it_first(client, signed_in, camden):
    signed_in("someone@camden.gov.uk", verified=False)
    response = client.get(CHOOSE)
    assert "Confirm your email address first" in response.content.decode()


# --- choosing ---------------------------------------------------------------------------------


def test_email_at_the_authoritys_domain_is_verified_at_once(client, signed_in, camden):
    user = signed_in("jo.bloggs@camden.gov.uk")

    response = client.post(CHOOSE, {"q": "camden", "authority": camden.pk, "role": "Policy lead"})

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    membership = Membership.objects.get(user=user)
    assert (membership.authority, membership.role) == (camden, "Policy lead")
    assert membership.state == Membership.State.VERIFIED
    assert membership.verified_by_domain
    assert notice(response) == [
        "You are now a verified officer of Camden. You can start your authority's submission."
    ]
    assert emails_to(settings.PROJECT_LEAD_EMAIL) == []
    assert not OutboxEmail.objects.exists()


def test_email_at_a_subdomain_is_verified_too(client, signed_in, camden):
    user = signed_in("jo@Policy.Camden.gov.uk")
    client.post(CHOOSE, {"authority": camden.pk, "role": "Analyst"})
    assert Membership.objects.get(user=user).state == Membership.State.VERIFIED
    assert not OutboxEmail.objects.exists()


def test_domain_matching():
    domains = ["camden.gov.uk", "@lbc.example"]
    assert email_domain_matches(address="a@camden.gov.uk", domains=domains)
    assert email_domain_matches(address="a@x.camden.gov.uk", domains=domains)
    assert email_domain_matches(address="a@LBC.example", domains=domains)
    assert not email_domain_matches(address="a@notcamden.gov.uk", domains=domains)
    assert not email_domain_matches(address="a@camden.gov.uk.evil.com", domains=domains)
    assert not email_domain_matches(address="a@camden.gov.uk", domains=[])


def test_an_unverified_address_at_the_domain_does_not_count(client, camden):
    user = make_person("me@example.org")
    EmailAddress.objects.create(user=user, email="me@camden.gov.uk", verified=False)
    client.force_login(user)
    client.post(CHOOSE, {"authority": camden.pk, "role": "Analyst"})
    assert Membership.objects.get(user=user).state == Membership.State.PENDING


def test_other_domains_wait_for_approval_and_the_lead_is_told_once(client, signed_in, camden):
    user = signed_in("jo@gmail.example")

    response = client.post(CHOOSE, {"authority": camden.pk, "role": "Policy lead"})

    assert response["Location"] == DASHBOARD
    membership = Membership.objects.get(user=user)
    assert membership.state == Membership.State.PENDING
    assert not membership.verified_by_domain
    assert "You asked to join Camden." in notice(response)[0]
    assert "email you when it is approved" in notice(response)[0]
    [email] = OutboxEmail.objects.all()
    assert email.to == [settings.PROJECT_LEAD_EMAIL]
    assert email.reply_to == ["jo@gmail.example"]
    admin_url = settings.SITE_URL + reverse(
        "admin:councils_membership_change", args=[membership.pk]
    )
    assert admin_url in email.body_text
    assert email.related_admin_url == admin_url
    assert "jo@gmail.example" in email.subject and "Camden" in email.subject
    assert "Policy lead" in email.body_text
    assert "camden.gov.uk" in email.body_text

    # Asking again for the same authority only changes the role: no second email.
    client.post(CHOOSE, {"authority": camden.pk, "role": "Head of Policy"})
    membership.refresh_from_db()
    assert membership.role == "Head of Policy"
    assert OutboxEmail.objects.count() == 1


def test_while_waiting_for_approval_the_account_page_links_to_the_questions(
    client, signed_in, camden
):
    # The notice says "you can read the questions while you wait": the page must offer them.
    signed_in("jo@gmail.example")
    client.post(CHOOSE, {"authority": camden.pk, "role": "Policy lead"})

    page = client.get(DASHBOARD).content.decode()

    assert "Waiting for approval" in page
    assert (
        f'<a class="govuk-link" href="{reverse("instrument:theme_list")}">read the questions</a>'
        in page
    )


def test_choosing_again_while_pending_replaces_the_request(client, signed_in, camden):
    user = signed_in("jo@gmail.example")
    leeds = AuthorityFactory(name="Leeds")
    client.post(CHOOSE, {"authority": camden.pk, "role": "Policy lead"})

    client.post(CHOOSE, {"authority": leeds.pk, "role": "Policy lead"})

    assert Membership.objects.get(user=user).authority == leeds
    assert Membership.objects.count() == 1
    lead_emails = emails_to(settings.PROJECT_LEAD_EMAIL)
    assert len(lead_emails) == 2
    assert "Leeds" in lead_emails[-1].subject


def test_a_pending_request_is_shown_and_kept_when_searching_again(client, signed_in, camden):
    signed_in("jo@gmail.example")
    client.post(CHOOSE, {"authority": camden.pk, "role": "Policy lead"})

    html = client.get(CHOOSE, {"q": "camden"}).content.decode()

    assert "You asked to join Camden as Policy lead. This is waiting for approval." in html
    assert f'value="{camden.pk}" aria-describedby="authority-1-hint" checked' in html
    assert 'value="Policy lead"' in html


def test_after_a_decline_the_officer_can_ask_again(client, signed_in, camden):
    user = signed_in("jo@gmail.example")
    client.post(CHOOSE, {"authority": camden.pk, "role": "Policy lead"})
    membership_decline(membership=user.membership, by=UserFactory(), reason="Not known")

    page = client.get(CHOOSE).content.decode()
    assert "was declined" in page and "Not known" in page
    client.post(CHOOSE, {"authority": camden.pk, "role": "Policy lead"})

    membership = Membership.objects.get(user=user)
    assert membership.state == Membership.State.PENDING
    assert membership.decline_reason == ""
    assert len(emails_to(settings.PROJECT_LEAD_EMAIL)) == 2


def test_a_verified_officer_cannot_change_authority_here(client, signed_in, camden):
    user = signed_in("jo@camden.gov.uk")
    client.post(CHOOSE, {"authority": camden.pk, "role": "Policy lead"})
    leeds = AuthorityFactory(name="Leeds")

    page = client.get(CHOOSE)
    html = page.content.decode()
    assert page.templates[0].name == "councils/membership_verified.html"
    assert 'name="q"' not in html
    assert "contact the project team" in html
    assert "govuk-tag--green" in html

    response = client.post(CHOOSE, {"authority": leeds.pk, "role": "Chief executive"})
    assert response["Location"] == DASHBOARD
    assert "contact the project team" in notice(response)[0]
    assert Membership.objects.get(user=user).authority == camden
    with pytest.raises(MembershipError):
        membership_request(user=user, authority=leeds, role="x")


def test_a_non_current_authority_cannot_be_chosen(client, signed_in, db):
    abolished = AuthorityFactory(name="Cumbria", is_current=False)
    user = signed_in()

    response = client.post(CHOOSE, {"q": "Cumbria", "authority": abolished.pk, "role": "Analyst"})

    assert response.status_code == 200
    assert "Select your council or strategic authority from the list" in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()
    with pytest.raises(MembershipError):
        membership_request(user=user, authority=abolished, role="Analyst")


def test_errors_keep_the_results_and_what_was_typed(client, signed_in, camden):
    signed_in()

    response = client.post(CHOOSE, {"q": "camden", "role": "Policy lead"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert '<a href="#id_authority">Select your council or strategic authority</a>' in html
    assert 'id="id_authority"' in html  # the link's target: the first radio
    assert 'value="Policy lead"' in html
    assert [a.name for a in response.context["results"].authorities] == ["Camden"]

    response = client.post(CHOOSE, {"q": "camden", "authority": camden.pk, "role": ""})
    html = response.content.decode()
    assert '<a href="#id_role">Enter your job title or role</a>' in html
    assert f'value="{camden.pk}" aria-describedby="authority-1-hint" checked' in html
    assert not Membership.objects.exists()


def test_nul_bytes_in_the_role_are_removed(client, signed_in, camden):
    user = signed_in()

    client.post(CHOOSE, {"q": "cam\x00", "authority": camden.pk, "role": "Policy\x00 lead"})
    assert Membership.objects.get(user=user).role == "Policy lead"

    response = client.post(CHOOSE, {"authority": camden.pk, "role": "\x00"})
    assert response.status_code == 200
    assert "Enter your job title or role" in response.content.decode()


def test_several_officers_can_belong_to_one_authority(client, camden):
    for email in ["a@camden.gov.uk", "b@camden.gov.uk"]:
        client.force_login(make_person(email))
        client.post(CHOOSE, {"authority": camden.pk, "role": "Officer"})
    assert camden.memberships.verified().count() == 2


def test_autocomplete_suggestions_are_current_authorities_only(client, signed_in, camden):
    """The JavaScript enhancement asks the same search for names; abolished ones never appear."""
    AuthorityFactory(name="Camden Old", is_current=False)
    signed_in()
    response = client.get(CHOOSE, {"q": "camd", "format": "json"})
    assert response.status_code == 200
    assert response.json() == {"names": ["Camden"]}
    assert client.get(CHOOSE, {"q": "", "format": "json"}).json() == {"names": []}


def test_autocomplete_suggestions_need_sign_in(client, camden):
    response = client.get(CHOOSE, {"q": "camd", "format": "json"})
    assert response.status_code == 302


# --- how often one account may ask -----------------------------------------------------------


def test_an_account_may_ask_to_join_at_most_three_times_a_day(client, signed_in, camden):
    user = signed_in("jo@gmail.example")
    others = [AuthorityFactory(name=name) for name in ("Leeds", "York", "Bath")]
    for authority in [camden, *others[:2]]:
        client.post(CHOOSE, {"authority": authority.pk, "role": "Policy lead"})
    assert len(emails_to(settings.PROJECT_LEAD_EMAIL)) == 3

    response = client.post(CHOOSE, {"q": "Bath", "authority": others[2].pk, "role": "Lead"})

    assert response.status_code == 429
    html = response.content.decode()
    assert "You have asked to join an authority 3 times in the last day" in html
    assert "Your request has not been sent" in html
    assert 'href="#id_authority"' in html, "the error summary links to the choice"
    membership = Membership.objects.get(user=user)
    assert membership.authority.name == "York" and membership.role == "Policy lead"
    assert len(emails_to(settings.PROJECT_LEAD_EMAIL)) == 3

    # Changing only the role of the waiting request sends nothing, so it is still allowed.
    response = client.post(CHOOSE, {"authority": others[1].pk, "role": "Head of Policy"})
    assert response["Location"] == DASHBOARD
    assert Membership.objects.get(user=user).role == "Head of Policy"


def test_the_request_limit_is_per_account_and_per_day(client, signed_in, camden):
    from datetime import timedelta

    from django.utils import timezone

    from councils.memberships import MembershipRequestLimitError

    user = signed_in("jo@gmail.example")
    leeds = AuthorityFactory(name="Leeds")
    for authority in (camden, leeds, camden):
        membership_request(user=user, authority=authority, role="Analyst")
    with pytest.raises(MembershipRequestLimitError):
        membership_request(user=user, authority=leeds, role="Analyst")

    # Another account is not held back by this one.
    other = make_person("sam@gmail.example")
    membership_request(user=other, authority=leeds, role="Analyst")

    # A day later the account may ask again.
    OutboxEmail.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    assert membership_request(user=user, authority=leeds, role="Analyst").authority == leeds
