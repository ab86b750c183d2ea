"""The review workflow: transitions, requests for changes, assignment, notes, the changelist."""

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse

from instrument.models import Theme
from outbox.models import OutboxEmail
from research import review
from submissions import services
from submissions.models import (
    ChangeRequest,
    SectionProgress,
    Submission,
    SubmissionNote,
    SubmissionTransition,
)
from submissions.notifications import submission_resubmitted_notify
from submissions.sections import ABOUT, section_list, theme_key
from tests.factories import AuthorityFactory, make_officer
from tests.submissions.conftest import complete_every_section, post_section

from .review_helpers import sent_submission

S = Submission.Status
CHANGELIST = reverse("admin:submissions_submission_changelist")


def change_url(submission):
    return reverse("admin:submissions_submission_change", args=[submission.pk])


# --- every valid transition works, every invalid one is refused -----------------------------

MOVES = {
    "start_review": (review.submission_start_review, S.IN_REVIEW),
    "accept": (review.submission_accept, S.ACCEPTED),
    "decline": (review.submission_decline, S.DECLINED),
}
VALID = {
    "start_review": {S.SUBMITTED, S.RESUBMITTED},
    "accept": {S.IN_REVIEW, S.RESUBMITTED},
    "decline": {S.IN_REVIEW, S.RESUBMITTED},
}


@pytest.mark.parametrize("move", list(MOVES))
@pytest.mark.parametrize("status", list(S))
def test_transitions_through_the_change_page_buttons(
    move, status, lead_client, lead, current_round
):
    submission = sent_submission(current_round, status=status)
    name = move.replace("_", "-")
    url = reverse("admin:submissions_submission_transition", args=[submission.pk, name])
    response = lead_client.post(url, {"comment": "Read by two of us."}, follow=True)
    submission.refresh_from_db()
    _, target = MOVES[move]
    if status in VALID[move]:
        assert submission.status == target
        transition = submission.transitions.get()
        assert (transition.from_status, transition.to_status) == (status, target)
        assert transition.by == lead and transition.comment == "Read by two of us."
        page = lead_client.get(change_url(submission)).content.decode()
        assert "Read by two of us." in page  # the history is on the submission page
    else:
        assert submission.status == status
        assert not SubmissionTransition.objects.exists()
        assert "You cannot" in response.content.decode()


@pytest.mark.parametrize("status", list(S))
def test_request_changes_only_from_in_review(status, lead, current_round):
    submission = sent_submission(current_round, status=status)
    if status == S.IN_REVIEW:
        review.submission_request_changes(
            submission=submission, by=lead, changes={ABOUT: "Say who leads."}
        )
        submission.refresh_from_db()
        assert submission.status == S.CHANGES_REQUESTED
    else:
        with pytest.raises(review.SubmissionTransitionError, match="You cannot ask for changes"):
            review.submission_request_changes(
                submission=submission, by=lead, changes={ABOUT: "Say who leads."}
            )


def test_request_changes_needs_at_least_one_section(lead, current_round):
    submission = sent_submission(current_round, status=S.IN_REVIEW)
    with pytest.raises(review.SubmissionTransitionError, match="Say which sections"):
        review.submission_request_changes(submission=submission, by=lead, changes={ABOUT: " "})


def test_resubmit_only_from_changes_requested(lead, current_round):
    for status in S:
        if status == S.CHANGES_REQUESTED:
            continue
        submission = sent_submission(current_round, status=status)
        with pytest.raises(review.SubmissionTransitionError):
            services.submission_resubmit(submission=submission, by=lead)


def test_actions_apply_to_the_selected_submissions(lead_client, current_round):
    ready = sent_submission(current_round)
    draft = sent_submission(current_round, status=S.DRAFT)
    response = lead_client.post(
        CHANGELIST,
        {"action": "start_review", "_selected_action": [ready.pk, draft.pk]},
        follow=True,
    )
    ready.refresh_from_db(), draft.refresh_from_db()
    assert ready.status == S.IN_REVIEW and draft.status == S.DRAFT
    assert "You cannot start reviewing" in response.content.decode()


# --- requests for changes, end to end ---------------------------------------------------------


def test_request_changes_reopens_flagged_sections_emails_once_and_resubmits(
    officer, officer_client, lead_client, lead, authority, django_capture_on_commit_callbacks
):
    other_officer = make_officer(authority, "sam@testshire.gov.uk")
    complete_every_section(officer_client)
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(reverse("questionnaire:check"), {"declaration": "on"})
    submission = Submission.objects.get()
    review.submission_start_review(submission=submission, by=lead)
    theme = Theme.objects.order_by("order").first()
    flagged = {ABOUT: "Tell us who leads day to day.", theme_key(theme): "Add an example."}

    url = reverse("admin:submissions_submission_request_changes", args=[submission.pk])
    assert lead_client.get(url).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(
            url, {f"section-{k}": v for k, v in flagged.items()} | {"comment": "Thanks!"}
        )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == S.CHANGES_REQUESTED
    progress = dict(submission.sections.values_list("key", "status"))
    for section in section_list():
        expected = "in_progress" if section.key in flagged else "completed"
        assert progress[section.key] == expected, section.key
    assert set(ChangeRequest.objects.values_list("section_key", flat=True)) == set(flagged)
    # One email, to every verified officer, with the list.
    emails = OutboxEmail.objects.filter(key=f"submission:{submission.pk}:changes:1")
    assert emails.count() == 1
    assert sorted(emails.get().to) == sorted([officer.email, other_officer.email])
    assert "Tell us who leads day to day." in emails.get().body_text
    assert len(mail.outbox) == 1

    # The officers see the comments on the task list and the section page, and can edit.
    tasks = officer_client.get(reverse("questionnaire:task_list")).content.decode()
    assert "Tell us who leads day to day." in tasks and "Add an example." in tasks
    about = officer_client.get(reverse("questionnaire:about")).content.decode()
    assert "Tell us who leads day to day." in about
    dashboard = officer_client.get(reverse("questionnaire:dashboard")).content.decode()
    assert "asked for changes" in dashboard

    # Submitting before the flagged sections are completed again is refused.
    officer_client.post(reverse("questionnaire:check"), {"declaration": "on"})
    submission.refresh_from_db()
    assert submission.status == S.CHANGES_REQUESTED

    from tests.submissions.conftest import about_answers, theme_answers

    post_section(officer_client, reverse("questionnaire:about"), about_answers())
    post_section(
        officer_client,
        reverse("questionnaire:theme", args=[theme.slug]),
        theme_answers(theme, "A new example"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("questionnaire:check"), {"declaration": "on"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == S.RESUBMITTED
    assert not ChangeRequest.objects.open().exists()
    assert submission.reference == f"MLG-{submission.round.opens_on.year}-{submission.pk:06d}"
    confirmation = officer_client.get(reverse("questionnaire:confirmation")).content.decode()
    assert "has sent its changed answers" in confirmation
    # The comments have gone from the task list, which is read-only again.
    assert (
        "Add an example."
        not in officer_client.get(reverse("questionnaire:task_list")).content.decode()
    )
    # Then the review starts again.
    review.submission_start_review(submission=submission, by=lead)
    submission.refresh_from_db()
    assert submission.status == S.IN_REVIEW
    assert list(submission.transitions.values_list("to_status", flat=True)) == [
        S.SUBMITTED,
        S.IN_REVIEW,
        S.CHANGES_REQUESTED,
        S.RESUBMITTED,
        S.IN_REVIEW,
    ]


def test_every_status_shows_its_own_text_to_officers(officer_client, authority, current_round):
    submission = Submission.objects.create(
        authority=authority, round=current_round, status=S.ACCEPTED
    )
    page = officer_client.get(reverse("questionnaire:dashboard")).content.decode()
    assert "Accepted" in page
    submission.status = S.IN_REVIEW
    submission.save()
    page = officer_client.get(reverse("questionnaire:task_list")).content.decode()
    assert "in review" in page and "can no longer be changed" in page


# --- who is told ------------------------------------------------------------------------------


def test_accepting_emails_the_authoritys_verified_officers_once(
    lead_client, officer, authority, current_round, django_capture_on_commit_callbacks
):
    colleague = make_officer(authority, "sam@testshire.gov.uk")
    make_officer(authority, "pending@testshire.gov.uk", state="pending")
    submission = sent_submission(current_round, status=S.IN_REVIEW, authority=authority)
    url = reverse("admin:submissions_submission_transition", args=[submission.pk, "accept"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lead_client.post(url, {"comment": "Thank you, a strong example."})
    with django_capture_on_commit_callbacks(execute=True):
        lead_client.post(url)  # refused: already accepted
    submission.refresh_from_db()
    assert submission.status == S.ACCEPTED
    email = OutboxEmail.objects.get(key=f"submission:{submission.pk}:accepted")
    assert sorted(email.to) == sorted([officer.email, colleague.email])
    assert "accepted" in email.subject and submission.reference in email.subject
    assert "Thank you, a strong example." in email.body_text
    assert f"/my/submissions/{submission.pk}/" in email.body_text
    # Sign-off is the research team's choice, not a step before every publication.
    assert "may ask the verified officers of Testshire to check it" in email.body_text
    assert "will be asked to check it" not in email.body_text
    assert len(mail.outbox) == 1


def test_declining_tells_no_one_it_was_accepted(lead, officer, authority, current_round):
    submission = sent_submission(current_round, status=S.IN_REVIEW, authority=authority)
    review.submission_decline(submission=submission, by=lead)
    assert not OutboxEmail.objects.filter(key__contains=":accepted").exists()


def test_a_resubmission_emails_the_assignees_and_the_lead_once_each_time(
    lead, researcher, officer, authority, current_round, django_capture_on_commit_callbacks
):
    submission = sent_submission(current_round, status=S.IN_REVIEW, authority=authority)
    review.submission_assign(submission=submission, assignees=[researcher, lead], by=lead)
    theme = Theme.objects.order_by("order").first()

    def ask_and_resubmit():
        review.submission_request_changes(
            submission=submission, by=lead, changes={theme_key(theme): "Add an example."}
        )
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            services.submission_resubmit(submission=submission, by=officer)
        review.submission_start_review(submission=submission, by=lead)

    mail.outbox.clear()
    ask_and_resubmit()
    email = OutboxEmail.objects.get(key=f"submission:{submission.pk}:resubmitted:1")
    assert sorted(email.to) == sorted({researcher.email, lead.email, settings.PROJECT_LEAD_EMAIL})
    assert authority.name in email.subject
    assert theme.title in email.body_text and theme_key(theme) not in email.body_text
    assert f"/admin/submissions/submission/{submission.pk}/change/" in email.body_text
    assert len(mail.outbox) == 1
    with transaction.atomic():
        submission_resubmitted_notify(submission=submission)  # a retry sends nothing more
    assert OutboxEmail.objects.filter(key__contains=":resubmitted:").count() == 1

    ask_and_resubmit()  # a second round of changes is news again, once
    assert OutboxEmail.objects.filter(key__contains=":resubmitted:").count() == 2
    assert len(mail.outbox) == 2


# --- assignment -------------------------------------------------------------------------------


def test_assigning_emails_the_assignee_once(lead_client, lead, researcher, current_round):
    submission = sent_submission(current_round)
    url = reverse("admin:submissions_submission_assign", args=[submission.pk])
    lead_client.post(url, {"assignees": [researcher.pk]})
    lead_client.post(url, {"assignees": [researcher.pk]})
    assert list(submission.assignees.all()) == [researcher]
    emails = OutboxEmail.objects.filter(to=[researcher.email])
    assert emails.count() == 1
    assert submission.authority.name in emails.get().body_text


def test_assigned_to_me_and_unassigned_filters(lead_client, lead, researcher, current_round):
    mine = sent_submission(current_round, authority=AuthorityFactory(name="Mineshire"))
    theirs = sent_submission(current_round, authority=AuthorityFactory(name="Theirshire"))
    nobody = sent_submission(current_round, authority=AuthorityFactory(name="Nobodyshire"))
    review.submission_assign(submission=mine, assignees=[lead], by=lead)
    review.submission_assign(submission=theirs, assignees=[researcher], by=lead)
    me = lead_client.get(CHANGELIST, {"assignee": "me"}).content.decode()
    assert "Mineshire" in me and "Theirshire" not in me and "Nobodyshire" not in me
    none = lead_client.get(CHANGELIST, {"assignee": "none"}).content.decode()
    assert "Nobodyshire" in none and "Mineshire" not in none
    assert nobody.pk


# --- notes ------------------------------------------------------------------------------------


def test_notes_are_added_in_the_admin_and_never_shown_to_officers(
    officer_client, authority, researcher, current_round
):
    submission = Submission.objects.create(
        authority=authority, round=current_round, status=S.SUBMITTED
    )
    review.submission_note_add(
        submission=submission, author=researcher, text="Secret: compare with Camden."
    )
    assert SubmissionNote.objects.get().author == researcher
    pages = [
        reverse("questionnaire:dashboard"),
        reverse("questionnaire:task_list"),
        reverse("questionnaire:about"),
        reverse("questionnaire:missions"),
        reverse("questionnaire:check"),
        reverse("questionnaire:confirmation"),
        reverse("questionnaire:submission_detail", args=[submission.pk]),
    ]
    for url in pages:
        response = officer_client.get(url, follow=True)
        assert "compare with Camden" not in response.content.decode(), url


def test_note_inline_on_the_change_page(researcher_client, researcher, current_round):
    submission = sent_submission(current_round)
    review.submission_note_add(submission=submission, author=researcher, text="Check tier.")
    page = researcher_client.get(change_url(submission)).content.decode()
    assert "Check tier." in page and "internal notes" in page.lower()


# --- reading and filtering --------------------------------------------------------------------


def test_change_page_groups_answers_by_theme(lead_client, officer_client, lead, officer):
    complete_every_section(officer_client)
    officer_client.post(reverse("questionnaire:check"), {"declaration": "on"})
    submission = Submission.objects.get()
    page = lead_client.get(change_url(submission)).content.decode()
    for theme in Theme.objects.all():
        assert f"<h3>{theme.title}</h3>" in page
    assert "We worked with residents" in page


def test_search_finds_answer_text_and_authority_names(
    lead_client, officer_client, authority, current_round
):
    complete_every_section(officer_client)
    other = sent_submission(current_round, authority=AuthorityFactory(name="Otherborough"))
    found = lead_client.get(CHANGELIST, {"q": "residents"}).content.decode()
    assert "Testshire" in found and "Otherborough" not in found
    by_name = lead_client.get(CHANGELIST, {"q": "Otherborough"}).content.decode()
    assert "Otherborough" in by_name and ">Testshire<" not in by_name
    assert other.pk


def test_changelist_shows_completeness_and_filters(lead_client, current_round):
    submission = sent_submission(current_round, authority=AuthorityFactory(name="Fullshire"))
    total = len(section_list())
    SectionProgress.objects.bulk_create(
        SectionProgress(submission=submission, key=s.key, status="completed")
        for s in section_list()[:3]
    )
    page = lead_client.get(CHANGELIST).content.decode()
    assert f"3 of {total}" in page
    for params in [
        {"status__exact": "submitted"},
        {"round__id__exact": current_round.pk},
        {"authority__nation__exact": "England"},
        {"region": "North West"},
        {"authority__type__exact": "UA"},
        {"authority__tier__exact": "mayoral"},
        {"national_mission": 1},
        {"approach": 1},
        {"coded": "no"},
        {"coded": "yes"},
    ]:
        response = lead_client.get(CHANGELIST, params)
        assert response.status_code == 200, params
        assert "?e=1" not in response.url if hasattr(response, "url") else True
    assert "Fullshire" in lead_client.get(CHANGELIST, {"coded": "no"}).content.decode()
    assert "Fullshire" not in lead_client.get(CHANGELIST, {"coded": "yes"}).content.decode()


def test_changelist_query_count_is_fixed(lead_client, lead, current_round):
    """The same number of queries for 10 submissions as for 1,000 (one page of 100 shown)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from councils.models import Authority

    def add(start, count):
        authorities = Authority.objects.bulk_create(
            Authority(
                code=f"Q{n:04d}",
                name=f"Bulkshire {n}",
                official_name=f"Bulkshire {n} Council",
                slug=f"bulkshire-{n}",
                gss_code=f"E07{n:06d}",
                type="UA",
                nation="England",
                region="North West",
            )
            for n in range(start, start + count)
        )
        submissions = Submission.objects.bulk_create(
            Submission(authority=a, round=current_round, status=S.SUBMITTED) for a in authorities
        )
        Submission.assignees.through.objects.bulk_create(
            Submission.assignees.through(submission_id=s.pk, user_id=lead.pk) for s in submissions
        )

    def count_queries():
        lead_client.get(CHANGELIST)  # warm per-process caches (content types, permissions)
        with CaptureQueriesContext(connection) as queries:
            response = lead_client.get(CHANGELIST)
        assert response.status_code == 200
        return len(queries)

    add(0, 10)
    with_ten = count_queries()
    add(10, 990)
    assert count_queries() == with_ten


def test_a_malformed_submission_address_in_admin_is_not_a_server_error(lead_client):
    response = lead_client.get("/admin/submissions/submission/widgets.css/change/", follow=True)
    assert response.status_code == 200
    assert "doesn’t exist" in response.content.decode()
