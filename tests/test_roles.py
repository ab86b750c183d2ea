"""Per-role permissions: researchers review, project leads also decide and publish."""

import pytest
from django.urls import reverse

from casestudies.models import CaseStudy
from casestudies.services import CaseStudyError, case_study_publish
from common import roles as permissions
from research import review
from submissions.models import Submission
from tests.factories import CaseStudyFactory
from tests.research.review_helpers import sent_submission

S = Submission.Status
CHANGELIST = reverse("admin:submissions_submission_changelist")


def test_predicates_per_role(researcher, lead):
    for check in [
        permissions.can_review,
        permissions.can_assign,
        permissions.can_export,
        permissions.can_add_members,
    ]:
        assert check(researcher) and check(lead)
    # They find people for a membership without reading anyone's account.
    assert not researcher.has_perm("auth.view_user") and not lead.has_perm("auth.view_user")
    assert permissions.can_request_changes(researcher)
    assert not permissions.can_decide(researcher) and permissions.can_decide(lead)
    assert not permissions.can_publish(researcher) and permissions.can_publish(lead)


def test_researcher_cannot_accept_or_decline(researcher_client, researcher, current_round):
    submission = sent_submission(current_round, status=S.IN_REVIEW)
    actions = researcher_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    names = {name for name, _ in actions}
    assert "start_review" in names and "accept" not in names and "decline" not in names
    response = researcher_client.post(
        CHANGELIST, {"action": "accept", "_selected_action": [submission.pk]}
    )
    submission.refresh_from_db()
    assert submission.status == S.IN_REVIEW
    page = researcher_client.get(
        reverse("admin:submissions_submission_change", args=[submission.pk])
    )
    assert "transition/accept/" not in page.content.decode()
    url = reverse("admin:submissions_submission_transition", args=[submission.pk, "accept"])
    response = researcher_client.post(url, follow=True)
    assert "You do not have permission to accept" in response.content.decode()
    for service in [review.submission_accept, review.submission_decline]:
        with pytest.raises(review.SubmissionTransitionError, match="permission"):
            service(submission=submission, by=researcher)
    submission.refresh_from_db()
    assert submission.status == S.IN_REVIEW
    assert response.status_code == 200


def test_project_lead_can_accept(lead_client, current_round):
    submission = sent_submission(current_round, status=S.IN_REVIEW)
    lead_client.post(CHANGELIST, {"action": "accept", "_selected_action": [submission.pk]})
    submission.refresh_from_db()
    assert submission.status == S.ACCEPTED


def test_researcher_cannot_publish_and_lead_can(researcher_client, researcher, lead_client):
    case_study = CaseStudyFactory(state=CaseStudy.State.IN_REVIEW, published_at=None)
    changelist = reverse("admin:casestudies_casestudy_changelist")
    actions = researcher_client.get(changelist).context["action_form"].fields["action"].choices
    names = {n for n, _ in actions}
    assert "publish" not in names
    with pytest.raises(CaseStudyError, match="permission to publish"):
        case_study_publish(case_study=case_study, by=researcher)
    lead_client.post(changelist, {"action": "publish", "_selected_action": [case_study.pk]})
    case_study.refresh_from_db()
    assert case_study.state == CaseStudy.State.PUBLISHED


def test_officer_cannot_open_the_admin(officer_client):
    response = officer_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert officer_client.get(response.url).status_code == 403
