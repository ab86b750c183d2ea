"""Who may see and change a submission: only verified officers of its authority, only while it
is a draft in an open round."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.models import Membership, Mission
from instrument.models import Round
from submissions.models import SectionProgress, Submission
from tests.factories import (
    AuthorityFactory,
    MissionPartnerFactory,
    UserFactory,
    make_officer,
    new_client,
)

from .conftest import (
    about_answers,
    complete_every_section,
    loaded_version,
    mission_answers,
)

pytestmark = pytest.mark.django_db

SECTION_PAGES = [
    "questionnaire:task_list",
    "questionnaire:about",
    "questionnaire:missions",
    "questionnaire:mission_add",
    "questionnaire:national_government",
    "questionnaire:consent",
    "questionnaire:check",
]


@pytest.fixture
def other_authority(db):
    return AuthorityFactory(name="Otherborough", email_domains="otherborough.gov.uk")


@pytest.fixture
def their_submission(other_authority, current_round):
    """Otherborough's draft, with a mission and a partner, made through its officer's pages."""
    officer = make_officer(other_authority, "kim@otherborough.gov.uk")
    client = new_client()
    client.force_login(officer)
    url = reverse("questionnaire:about")
    client.post(
        url,
        {
            "version": loaded_version(client, url),
            **about_answers(),
            "who_leads": "Otherborough secret",
            "continue": "",
        },
    )
    submission = Submission.objects.get(authority=other_authority)
    mission = Mission.objects.create(authority=other_authority, title="Their mission")
    submission.missions.add(mission)
    MissionPartnerFactory(mission=mission)
    return submission


def their_urls(submission):
    mission = submission.missions.get()
    partner = mission.mission_partners.get()
    return [
        reverse("questionnaire:mission_change", args=[mission.pk]),
        reverse("questionnaire:mission_remove", args=[mission.pk]),
        reverse("questionnaire:partner_remove", args=[mission.pk, partner.pk]),
        reverse("questionnaire:submission_detail", args=[submission.pk]),
    ]


def test_an_officer_gets_404_for_another_authoritys_pages_and_posts(
    officer_client, their_submission
):
    for url in their_urls(their_submission):
        assert officer_client.get(url).status_code == 404, url
        posted = officer_client.post(
            url, {"version": "1", **mission_answers(), "confirm": "yes", "save": ""}
        )
        assert posted.status_code == 404, url

    mission = their_submission.missions.get()
    assert mission.title == "Their mission"
    assert mission.mission_partners.exists()
    # Their own pages show their own submission, never the other one.
    for name in SECTION_PAGES:
        page = officer_client.get(reverse(name)).content.decode()
        assert "Otherborough" not in page and "Their mission" not in page, name


def test_an_officers_posts_change_only_their_own_submission(officer_client, their_submission):
    url = reverse("questionnaire:about")
    officer_client.post(
        url, {"version": loaded_version(officer_client, url), "who_leads": "Ours", "continue": ""}
    )

    their_submission.refresh_from_db()
    assert their_submission.who_leads == "Otherborough secret"
    assert Submission.objects.exclude(pk=their_submission.pk).get().who_leads == "Ours"


@pytest.mark.parametrize("state", [Membership.State.PENDING, Membership.State.DECLINED])
def test_an_unverified_member_can_read_nothing_of_the_submission(
    state, authority, current_round, their_submission
):
    verified = make_officer(authority, "jo@testshire.gov.uk")
    client = new_client()
    client.force_login(verified)
    url = reverse("questionnaire:about")
    client.post(url, {"version": loaded_version(client, url), "who_leads": "Draft text"})
    ours = Submission.objects.get(authority=authority)

    pending = make_officer(authority, "new@example.org", state=state)
    client.force_login(pending)

    for name in SECTION_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url == reverse("questionnaire:dashboard")
    theme = reverse("questionnaire:theme", args=["leading-change"])
    assert client.get(theme).url == reverse("questionnaire:dashboard")
    assert client.get(reverse("questionnaire:submission_detail", args=[ours.pk])).status_code == 404
    response = client.post(url, {"version": "1", "who_leads": "Overwritten", "continue": ""})
    assert response.url == reverse("questionnaire:dashboard")
    ours.refresh_from_db()
    assert ours.who_leads == "Draft text"

    dashboard = client.get(reverse("questionnaire:dashboard")).content.decode()
    assert "Draft text" not in dashboard
    assert "Continue your submission" not in dashboard
    assert "Start your submission" not in dashboard
    assert (
        "can work on your authority&#x27;s submission once you are a verified officer" in dashboard
    )


def test_a_user_without_a_membership_is_sent_to_choose_an_authority(current_round):
    user = UserFactory()
    client = new_client()
    client.force_login(user)

    response = client.get(reverse("questionnaire:task_list"), follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("questionnaire:dashboard")
    assert f'href="{reverse("membership:choose")}"' in html


def test_signed_out_visitors_are_asked_to_sign_in(current_round):
    response = new_client().get(reverse("questionnaire:task_list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert new_client().get(reverse("questionnaire:dashboard")).status_code == 302


@pytest.fixture
def submitted(officer_client, authority, current_round, django_capture_on_commit_callbacks):
    complete_every_section(officer_client)
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(reverse("questionnaire:check"), {"declaration": "on"})
    submission = Submission.objects.get(authority=authority)
    assert submission.status == Submission.Status.SUBMITTED
    return submission


def test_nobody_can_edit_a_submitted_submission(officer_client, submitted, authority):
    colleague = make_officer(authority, "alex@testshire.gov.uk")
    versions = dict(SectionProgress.objects.values_list("key", "version"))
    mission = submitted.missions.get()
    partner = mission.mission_partners.get()

    colleague_client = new_client()
    colleague_client.force_login(colleague)
    for client in (officer_client, colleague_client):
        about = client.get(reverse("questionnaire:about")).content.decode()
        assert "<textarea" not in about and 'name="version"' not in about
        assert "has already submitted its answers" in about
        assert "The chief executive and the cabinet member" in about

        posts = [
            (reverse("questionnaire:about"), {**about_answers(), "who_leads": "Changed"}),
            # Consent is the exception: it may change until publication (test_consent_changes).
            (reverse("questionnaire:missions"), {}),
            (reverse("questionnaire:mission_add"), mission_answers(title="New one", save="")),
            (
                reverse("questionnaire:mission_change", args=[mission.pk]),
                mission_answers(title="Changed", save=""),
            ),
            (reverse("questionnaire:mission_remove", args=[mission.pk]), {"confirm": "yes"}),
            (
                reverse("questionnaire:partner_remove", args=[mission.pk, partner.pk]),
                {"confirm": "yes"},
            ),
            (
                reverse("questionnaire:theme", args=["leading-change"]),
                {"what_worked": "Changed"},
            ),
        ]
        for url, data in posts:
            response = client.post(url, {"version": "999", "continue": "", **data}, follow=True)
            assert response.status_code == 200, url
            assert "Your changes have not been saved." in response.content.decode(), url

    submitted.refresh_from_db()
    assert submitted.who_leads.startswith("The chief executive")
    assert submitted.consents.count() == 1
    assert list(submitted.missions.values_list("title", flat=True)) == ["No child goes hungry"]
    assert mission.mission_partners.exists()
    assert dict(SectionProgress.objects.values_list("key", "version")) == versions


def test_the_task_list_of_a_submitted_submission_is_read_only(officer_client, submitted):
    page = officer_client.get(reverse("questionnaire:task_list")).content.decode()

    assert submitted.reference in page
    assert "Check your answers</a>" not in page
    assert officer_client.get(reverse("questionnaire:check")).url == reverse(
        "questionnaire:confirmation"
    )


@pytest.fixture
def closed_round(current_round):
    today = timezone.localdate()
    current_round.opens_on = today - timedelta(days=200)
    current_round.closes_on = today - timedelta(days=1)
    current_round.save()
    return current_round


def test_posts_to_a_closed_round_are_refused_and_change_nothing(officer_client, current_round):
    url = reverse("questionnaire:about")
    version = loaded_version(officer_client, url)
    submission = Submission.objects.get()
    today = timezone.localdate()
    Round.objects.filter(pk=current_round.pk).update(
        opens_on=today - timedelta(days=200), closes_on=today - timedelta(days=1)
    )

    response = officer_client.post(
        url, {"version": version, **about_answers(), "continue": ""}, follow=True
    )

    html = response.content.decode()
    assert "Your changes have not been saved." in html
    assert "closed on" in html
    submission.refresh_from_db()
    assert submission.who_leads == ""
    assert not SectionProgress.objects.filter(version__gt=0).exists()

    check = officer_client.post(reverse("questionnaire:check"), {"declaration": "on"}, follow=True)
    assert "Your changes have not been saved." in check.content.decode()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.DRAFT


def test_a_closed_round_without_a_submission_offers_nothing_to_start(officer_client, closed_round):
    response = officer_client.get(reverse("questionnaire:task_list"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("questionnaire:dashboard")
    assert "There is no call for practice open at the moment." in response.content.decode()
    assert not Submission.objects.exists()
