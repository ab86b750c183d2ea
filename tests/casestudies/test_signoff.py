"""The authority's sign-off: requests emailed to verified officers, the /my/case-studies/ pages,
approving or asking for changes."""

import pytest
from django.conf import settings
from django.urls import reverse

from casestudies.models import CaseStudy
from casestudies.services import (
    CaseStudyError,
    case_study_publish,
    case_study_request_signoff,
    case_study_signoff,
)
from councils.models import Membership
from outbox.models import OutboxEmail
from tests.casestudies.editorial_data import camden
from tests.factories import (
    AuthorityFactory,
    CaseStudyFactory,
    UserFactory,
    emails_to,
    make_officer,
    notice,
)

State = CaseStudy.State
SignOff = CaseStudy.SignOff
LIST = reverse("signoff:list")


def detail(case_study) -> str:
    return reverse("signoff:detail", args=[case_study.pk])


@pytest.fixture
def authority(db):
    """Camden, whose officers the shared `officer` fixture joins."""
    return camden()


@pytest.fixture
def officers(officer, authority):
    """Two verified officers of the authority: the shared `officer` (signed in by
    `officer_client`) and a colleague."""
    return [officer, make_officer(authority, "ben@camden.gov.uk")]


@pytest.fixture
def case_study(authority):
    return CaseStudyFactory(
        authority=authority,
        state=State.IN_REVIEW,
        published_at=None,
        title="Camden’s food mission",
        summary="Everyone eats well.",
        body="## How it started\n\nWith **residents**.\n\n<script>alert(1)</script>",
    )


@pytest.fixture
def requested(case_study, officers, researcher):
    case_study_request_signoff(case_study=case_study, by=researcher)
    return case_study


# --- the request ----------------------------------------------------------------------------


def test_request_emails_each_verified_officer_once(case_study, officers, researcher, authority):
    make_officer(authority, "pending@camden.gov.uk", state=Membership.State.PENDING)
    make_officer(AuthorityFactory(name="Islington"), "ivy@islington.gov.uk")

    assert case_study_request_signoff(case_study=case_study, by=researcher) == 2

    case_study.refresh_from_db()
    assert case_study.signoff == SignOff.REQUESTED
    assert case_study.signoff_requests == 1
    assert case_study.signoff_requested_at is not None
    rows = list(OutboxEmail.objects.order_by("key"))
    assert [r.key for r in rows] == [
        f"casestudy:{case_study.pk}:signoff:1:{officer.pk}" for officer in officers
    ]
    assert [r.to for r in rows] == [["jo@testshire.gov.uk"], ["ben@camden.gov.uk"]]
    email = rows[0]
    assert "Camden’s food mission" in email.body_text
    assert settings.SITE_URL + detail(case_study) in email.body_text
    assert "What happens next" in email.body_text
    assert "Camden" in email.subject
    assert not emails_to("pending@camden.gov.uk")
    assert not emails_to("ivy@islington.gov.uk")


def test_asking_again_is_a_new_request_with_new_emails(requested, officers, researcher):
    case_study_signoff(case_study=requested, by=officers[0], approved=False, comment="Fix it")
    case_study_request_signoff(case_study=requested, by=researcher)
    requested.refresh_from_db()
    assert requested.signoff == SignOff.REQUESTED
    assert requested.signoff_requests == 2
    assert requested.signoff_comment == ""
    assert requested.signoff_by is None
    keys = set(OutboxEmail.objects.values_list("key", flat=True))
    assert {f"casestudy:{requested.pk}:signoff:2:{o.pk}" for o in officers} <= keys
    assert len(emails_to("jo@testshire.gov.uk")) == 2


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"authority": None, "place_name": "Bogotá", "country": "Colombia"}, "international"),
        ({"state": State.PUBLISHED}, "before they are published"),
        ({"state": State.WITHDRAWN}, "before they are published"),
    ],
)
def test_requests_that_make_no_sense_are_refused(officers, researcher, authority, fields, reason):
    case_study = CaseStudyFactory(**{"authority": authority, "state": State.DRAFT, **fields})
    with pytest.raises(CaseStudyError, match=reason):
        case_study_request_signoff(case_study=case_study, by=researcher)
    assert not OutboxEmail.objects.exists()
    assert CaseStudy.objects.get(pk=case_study.pk).signoff == SignOff.NOT_REQUESTED


def test_request_needs_a_verified_officer(case_study, researcher, authority):
    make_officer(authority, "pending@camden.gov.uk", state=Membership.State.PENDING)
    with pytest.raises(CaseStudyError, match="has no verified officers"):
        case_study_request_signoff(case_study=case_study, by=researcher)
    assert not OutboxEmail.objects.exists()


# --- the pages ------------------------------------------------------------------------------


def test_pages_need_sign_in(client, requested):
    for url in (LIST, detail(requested)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_list_shows_what_is_waiting(officer_client, requested, authority):
    not_asked = CaseStudyFactory(authority=authority, state=State.DRAFT, title="Not asked yet")
    other = CaseStudyFactory(state=State.DRAFT, title="Someone else’s", signoff=SignOff.REQUESTED)
    response = officer_client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Case studies to sign off" in html
    assert f'href="{detail(requested)}"' in html
    assert not_asked.title not in html
    assert other.title not in html


def test_officer_of_another_authority_gets_404(client, requested):
    client.force_login(make_officer(AuthorityFactory(name="Islington"), "ivy@islington.gov.uk"))
    assert client.get(detail(requested)).status_code == 404
    response = client.post(detail(requested), {"decision": "approve"})
    assert response.status_code == 404
    assert CaseStudy.objects.get(pk=requested.pk).signoff == SignOff.REQUESTED


@pytest.mark.parametrize("state", [Membership.State.PENDING, Membership.State.DECLINED])
def test_unverified_officers_get_404(client, requested, authority, state):
    client.force_login(make_officer(authority, "new@camden.gov.uk", state=state))
    assert client.get(LIST).status_code == 404
    assert client.get(detail(requested)).status_code == 404


def test_people_with_no_authority_get_404(client, requested):
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 404
    assert client.get(detail(requested)).status_code == 404


def test_case_studies_not_sent_for_signoff_are_404(officer_client, case_study):
    assert officer_client.get(detail(case_study)).status_code == 404


def test_detail_shows_the_draft_read_only_and_sanitised(officer_client, requested):
    response = officer_client.get(detail(requested))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Camden’s food mission" in html
    assert "Everyone eats well." in html
    assert "<strong>residents</strong>" in html
    assert "How it started" in html
    assert "<script>alert(1)</script>" not in html
    assert "Approve for publication" in html
    assert "Ask for changes" in html
    assert 'name="comment"' in html
    assert " style=" not in html
    assert " onclick=" not in html


def test_approve_is_recorded_and_the_lead_is_told(officer_client, requested, officers):
    response = officer_client.post(detail(requested), {"decision": "approve", "comment": ""})
    assert response.status_code == 302
    assert response["Location"] == LIST
    requested.refresh_from_db()
    assert requested.signoff == SignOff.APPROVED
    assert requested.signoff_by == officers[0]
    assert requested.signoff_at is not None
    assert requested.state == State.IN_REVIEW  # Publishing is the researchers' decision.
    [email] = emails_to(settings.PROJECT_LEAD_EMAIL)
    assert email.key == f"casestudy:{requested.pk}:signoff:1:response"
    assert "approved the draft case study" in email.body_text
    assert "What happens next" in email.body_text
    assert (
        settings.SITE_URL + reverse("admin:casestudies_casestudy_change", args=[requested.pk])
        in email.body_text
    )
    page = officer_client.get(LIST)
    assert "You approved “Camden’s food mission” for publication" in " ".join(notice(page))
    assert "Approved by the authority" in page.content.decode()


def test_asking_for_changes_needs_a_comment(officer_client, requested):
    response = officer_client.post(detail(requested), {"decision": "changes", "comment": "  "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert '<a href="#id_comment">Enter what needs to change</a>' in html
    assert "govuk-textarea--error" in html
    assert "<title>Error: " in html
    # What was chosen is kept.
    assert 'value="changes" checked' in html
    requested.refresh_from_db()
    assert requested.signoff == SignOff.REQUESTED
    assert not emails_to(settings.PROJECT_LEAD_EMAIL)


def test_a_decision_is_required(officer_client, requested):
    response = officer_client.post(detail(requested), {"comment": "Looks fine"})
    html = response.content.decode()
    assert '<a href="#id_decision">Select whether you approve' in html
    assert "Looks fine" in html


def test_asking_for_changes_is_recorded(officer_client, requested, officers):
    comment = "Please correct the date the mission started."
    response = officer_client.post(detail(requested), {"decision": "changes", "comment": comment})
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.signoff == SignOff.CHANGES_REQUESTED
    assert requested.signoff_comment == comment
    assert requested.signoff_by == officers[0]
    [email] = emails_to(settings.PROJECT_LEAD_EMAIL)
    assert comment in email.body_text
    assert "Changes asked for" in email.subject


def test_an_answered_request_cannot_be_answered_twice(client, requested, officers):
    client.force_login(officers[0])
    client.post(detail(requested), {"decision": "approve"})
    client.force_login(officers[1])
    response = client.get(detail(requested))
    html = response.content.decode()
    assert "Your authority’s answer" in html
    assert 'name="decision"' not in html
    response = client.post(detail(requested), {"decision": "changes", "comment": "No"})
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.signoff == SignOff.APPROVED
    assert requested.signoff_by == officers[0]
    with pytest.raises(CaseStudyError, match="already been answered"):
        case_study_signoff(case_study=requested, by=officers[1], approved=True)


def test_service_refuses_people_who_are_not_officers(requested, researcher):
    with pytest.raises(CaseStudyError, match="Only verified officers"):
        case_study_signoff(case_study=requested, by=researcher, approved=True)


@pytest.mark.parametrize("size", [2, 20])
def test_page_query_counts_do_not_grow(
    officer_client, authority, officers, researcher, django_assert_max_num_queries, size
):
    for n in range(size):
        case_study = CaseStudyFactory(authority=authority, state=State.DRAFT, published_at=None)
        case_study_request_signoff(case_study=case_study, by=researcher)
        if n % 2:
            case_study_signoff(case_study=case_study, by=officers[1], approved=True)
    with django_assert_max_num_queries(8):
        assert officer_client.get(LIST).status_code == 200
    with django_assert_max_num_queries(12):
        assert officer_client.get(detail(case_study)).status_code == 200


def test_old_links_to_a_published_case_study_go_to_its_page(officer_client, requested, lead):
    case_study_publish(case_study=requested, by=lead)
    response = officer_client.get(detail(requested))
    assert response.status_code == 302
    assert response["Location"] == requested.get_absolute_url()
    assert "This case study has been published" in " ".join(notice(response))


def test_nul_characters_in_the_comment_are_removed_not_a_server_error(officer_client, requested):
    response = officer_client.post(
        detail(requested), {"decision": "changes", "comment": "Please\x00 fix the date"}
    )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.signoff == SignOff.CHANGES_REQUESTED
    assert requested.signoff_comment == "Please fix the date"


def test_publishing_tells_the_authoritys_officers_once(case_study, officers, lead, authority):
    from casestudies.services import case_study_submit_for_review, case_study_withdraw

    case_study_publish(case_study=case_study, by=lead)
    sent = OutboxEmail.objects.filter(key__contains=":published:")
    assert sorted(e.to[0] for e in sent) == sorted(o.email for o in officers)
    email = sent.first()
    assert authority.name in email.subject
    assert case_study.get_absolute_url() in email.body_text

    # Withdrawn and published again: not news to them.
    case_study_withdraw(case_study=case_study, by=lead)
    case_study_submit_for_review(case_study=case_study, by=lead)
    case_study_publish(case_study=case_study, by=lead)
    assert sent.count() == len(officers)
