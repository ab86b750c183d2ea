"""Changing or withdrawing consent after submitting, until a case study is published."""

import pytest
from django.conf import settings
from django.urls import reverse

from casestudies.services import CaseStudyError, case_study_publish
from outbox.models import OutboxEmail
from submissions.models import Consent, Submission
from tests.factories import CaseStudyFactory

from .conftest import complete_every_section, post_section

pytestmark = pytest.mark.django_db

CONSENT = reverse("questionnaire:consent")
WITHDRAW = {"publication": "none", "follow_up_contact": "no", "privacy_agreed": "on"}


@pytest.fixture
def submitted(officer_client):
    complete_every_section(officer_client)
    response = officer_client.post(reverse("questionnaire:check"), {"declaration": "on"})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.SUBMITTED
    return submission


def lead_emails():
    return OutboxEmail.objects.filter(key__contains=":consent:")


def test_consent_can_be_withdrawn_after_submitting_and_the_lead_is_told(officer_client, submitted):
    detail = reverse("questionnaire:submission_detail", args=[submitted.pk])
    assert "Change or withdraw your consent" in officer_client.get(detail).content.decode()
    assert 'name="publication"' in officer_client.get(CONSENT).content.decode()
    assert not lead_emails().exists()

    response = post_section(officer_client, CONSENT, WITHDRAW)

    assert response.status_code == 302 and response.url == detail
    latest = submitted.consents.order_by("-given_at", "-pk").first()
    assert latest.publication == Consent.Publication.NONE
    assert submitted.consents.count() == 2  # the one given with the answers is kept
    [email] = lead_emails()
    assert email.to == [settings.PROJECT_LEAD_EMAIL]
    assert "Do not publish" in email.body_text
    submitted.refresh_from_db()
    assert submitted.status == Submission.Status.SUBMITTED


def test_a_submitted_consent_must_be_whole(officer_client, submitted):
    response = post_section(
        officer_client, CONSENT, {"publication": "anonymised", "follow_up_contact": "yes"}
    )

    assert response.status_code == 200
    assert "Agree to the privacy notice" in response.content.decode()
    assert submitted.consents.count() == 1
    assert not lead_emails().exists()


def test_a_withdrawn_consent_blocks_publishing(officer_client, submitted, lead):
    post_section(officer_client, CONSENT, WITHDRAW)
    Submission.objects.filter(pk=submitted.pk).update(status=Submission.Status.ACCEPTED)
    case_study = CaseStudyFactory(
        state="in_review",
        published_at=None,
        authority=submitted.authority,
        source_submission=submitted,
        publication_basis="",
    )

    with pytest.raises(CaseStudyError, match="did not consent to publication"):
        case_study_publish(case_study=case_study, by=lead)


def test_consent_cannot_change_once_a_case_study_is_published(officer_client, submitted):
    CaseStudyFactory(authority=submitted.authority, source_submission=submitted)

    page = officer_client.get(CONSENT).content.decode()
    assert "has been published" in page and 'name="publication"' not in page
    detail = officer_client.get(reverse("questionnaire:submission_detail", args=[submitted.pk]))
    assert "has been published" in detail.content.decode()

    response = officer_client.post(CONSENT, {**WITHDRAW, "version": "0", "continue": ""})

    assert response.status_code == 302
    assert submitted.consents.count() == 1
    assert not lead_emails().exists()
