"""The editorial workflow: drafting from a submission, the states, and the consent guard."""

import pytest
from django.contrib.admin.models import LogEntry
from django.forms.models import model_to_dict

from casestudies.drafting import case_study_draft_from_submission
from casestudies.models import CaseStudy, CaseStudySlug
from casestudies.services import (
    CaseStudyError,
    case_study_publish,
    case_study_return_to_draft,
    case_study_submit_for_review,
    case_study_withdraw,
)
from councils.models import PartnerType
from instrument.models import Question, Theme
from submissions.models import Answer, Consent, Submission
from tests.casestudies.editorial_data import (
    camden,
    consent_give,
    make_submission,
)
from tests.factories import (
    AuthorityFactory,
    CaseStudyFactory,
    CaseStudySourceFactory,
)

State = CaseStudy.State


def draft(**fields) -> CaseStudy:
    fields.setdefault("state", State.DRAFT)
    fields.setdefault("published_at", None)
    return CaseStudyFactory(**fields)


# --- the states -------------------------------------------------------------------------------

VALID = [
    (case_study_submit_for_review, State.DRAFT, State.IN_REVIEW),
    (case_study_submit_for_review, State.WITHDRAWN, State.IN_REVIEW),
    (case_study_publish, State.IN_REVIEW, State.PUBLISHED),
    (case_study_withdraw, State.PUBLISHED, State.WITHDRAWN),
    (case_study_return_to_draft, State.IN_REVIEW, State.DRAFT),
    (case_study_return_to_draft, State.WITHDRAWN, State.DRAFT),
]
# A list, not a set: parallel workers must collect the same tests in the same order.
SERVICES = [
    case_study_submit_for_review,
    case_study_publish,
    case_study_withdraw,
    case_study_return_to_draft,
]
INVALID = [
    (service, state)
    for service in SERVICES
    for state in State.values
    if not any(v[0] is service and v[1] == state for v in VALID)
]


def _id(value):
    return getattr(value, "__name__", value)


@pytest.mark.parametrize(("service", "before", "after"), VALID, ids=_id)
def test_every_valid_move_works(lead, service, before, after):
    case_study = draft(state=before, authority=None, place_name="Bogotá", country="Colombia")
    service(case_study=case_study, by=lead)
    case_study.refresh_from_db()
    assert case_study.state == after
    assert LogEntry.objects.filter(object_id=str(case_study.pk), user=lead).exists()


@pytest.mark.parametrize(("service", "before"), INVALID, ids=_id)
def test_invalid_moves_are_refused_with_a_reason(lead, service, before):
    case_study = draft(state=before, title="Care blocks")
    updated_at = CaseStudy.objects.get(pk=case_study.pk).updated_at
    with pytest.raises(CaseStudyError, match="“Care blocks”") as refused:
        service(case_study=case_study, by=lead)
    assert str(refused.value).endswith(".")
    saved = CaseStudy.objects.get(pk=case_study.pk)
    assert (saved.state, saved.updated_at) == (before, updated_at)


def test_published_date_is_set_the_first_time_only(lead):
    case_study = draft(state=State.IN_REVIEW, authority=None, place_name="X", country="Y")
    case_study_publish(case_study=case_study, by=lead)
    first = case_study.published_at
    assert first is not None
    case_study_withdraw(case_study=case_study, by=lead)
    case_study_submit_for_review(case_study=case_study, by=lead)
    case_study_publish(case_study=case_study, by=lead)
    case_study.refresh_from_db()
    assert case_study.state == State.PUBLISHED
    assert case_study.published_at == first
    assert case_study.updated_at > first


def test_an_image_without_alternative_text_is_not_published(lead):
    case_study = draft(state=State.IN_REVIEW, image="case-studies/x.png", image_alt="")
    with pytest.raises(CaseStudyError, match="without alternative text"):
        case_study_publish(case_study=case_study, by=lead)


# --- the consent guard ------------------------------------------------------------------------


def in_review_from(submission, **fields) -> CaseStudy:
    return draft(
        state=State.IN_REVIEW,
        authority=submission.authority,
        source_submission=submission,
        **fields,
    )


def test_no_consent_to_publication_is_refused(lead):
    submission = make_submission(consent=Consent.Publication.NONE)
    case_study = in_review_from(submission)
    with pytest.raises(CaseStudyError, match="Camden did not consent to publication"):
        case_study_publish(case_study=case_study, by=lead)
    case_study.refresh_from_db()
    assert case_study.state == State.IN_REVIEW
    assert case_study.published_at is None


@pytest.mark.parametrize("consent", [None, ""], ids=["no consent", "question not answered"])
def test_missing_consent_is_refused(lead, consent):
    submission = make_submission(consent=consent)
    case_study = in_review_from(submission)
    with pytest.raises(CaseStudyError, match="has not said whether its answers may be published"):
        case_study_publish(case_study=case_study, by=lead)
    assert CaseStudy.objects.get(pk=case_study.pk).state == State.IN_REVIEW


def test_the_latest_consent_counts(lead):
    submission = make_submission(consent=None)
    consent_give(submission, Consent.Publication.NAMED, at="2026-03-01T10:00:00Z")
    consent_give(submission, Consent.Publication.NONE, at="2026-03-02T10:00:00Z")
    case_study = in_review_from(submission)
    with pytest.raises(CaseStudyError, match="did not consent"):
        case_study_publish(case_study=case_study, by=lead)
    # Changing their mind back to "named" later allows it.
    consent_give(submission, Consent.Publication.NAMED, at="2026-03-03T10:00:00Z")
    case_study_publish(case_study=case_study, by=lead)
    assert case_study.state == State.PUBLISHED
    assert case_study.is_anonymised is False


def test_submission_must_be_accepted_before_publication(lead):
    submission = make_submission(status=Submission.Status.SUBMITTED)
    case_study = in_review_from(submission)
    with pytest.raises(CaseStudyError, match="have not accepted Camden's submission"):
        case_study_publish(case_study=case_study, by=lead)
    Submission.objects.filter(pk=submission.pk).update(status="accepted")
    case_study_publish(case_study=case_study, by=lead)
    assert CaseStudy.objects.get(pk=case_study.pk).state == State.PUBLISHED


def test_anonymised_consent_publishes_anonymised(lead):
    submission = make_submission(consent=Consent.Publication.ANONYMISED)
    case_study = in_review_from(
        submission, title="A London borough’s food mission", slug="a-london-borough"
    )
    case_study_publish(case_study=case_study, by=lead)
    case_study.refresh_from_db()
    assert case_study.state == State.PUBLISHED
    assert case_study.is_anonymised is True
    assert CaseStudy.objects.published().filter(pk=case_study.pk, is_anonymised=True).exists()


@pytest.mark.parametrize(
    ("fields", "where", "name"),
    [
        ({"title": "How CAMDEN feeds everyone"}, "the title", "Camden"),
        ({"body": "The London Borough of Camden set it up."}, "the body", "Camden"),
        ({"summary": "Its mission, Access to food for all, began."}, "the summary", "Access to"),
    ],
)
def test_anonymised_text_must_not_name_the_authority_or_its_missions(lead, fields, where, name):
    submission = make_submission(consent=Consent.Publication.ANONYMISED)
    fields = {"title": "A borough", "slug": "a-borough", "summary": "S.", "body": "B.", **fields}
    case_study = in_review_from(submission, **fields)
    with pytest.raises(CaseStudyError, match="asked to be anonymised, but “") as refused:
        case_study_publish(case_study=case_study, by=lead)
    assert name in str(refused.value)
    assert where in str(refused.value)
    assert CaseStudy.objects.get(pk=case_study.pk).state == State.IN_REVIEW


def test_a_draft_address_naming_the_authority_gives_way_to_the_title(lead):
    submission = make_submission(consent=Consent.Publication.ANONYMISED)
    case_study = in_review_from(submission, title="A borough", slug="food-in-camden")
    case_study_publish(case_study=case_study, by=lead)
    assert CaseStudy.objects.get(pk=case_study.pk).slug == "a-borough"
    # The draft's address was never public: it leads nowhere.
    assert not CaseStudySlug.objects.exists()


def test_anonymised_sources_must_not_point_at_the_authority(lead):
    submission = make_submission(
        authority=camden(email_domains="lbcamden.gov.uk"), consent=Consent.Publication.ANONYMISED
    )
    case_study = in_review_from(submission, title="A borough", slug="a-borough")
    CaseStudySourceFactory(case_study=case_study, url="https://www.lbcamden.gov.uk/food")
    with pytest.raises(CaseStudyError, match="“lbcamden.gov.uk” appears in a source's web"):
        case_study_publish(case_study=case_study, by=lead)


def test_case_studies_not_from_a_submission_need_no_consent(lead):
    case_study = draft(state=State.IN_REVIEW, authority=None, place_name="Bogotá", country="CO")
    case_study_publish(case_study=case_study, by=lead)
    assert case_study.state == State.PUBLISHED


# --- drafting from a submission -------------------------------------------------------------


def submission_snapshot(submission: Submission):
    submission = Submission.objects.get(pk=submission.pk)
    return (
        model_to_dict(submission, exclude=["approaches"]),
        submission.updated_at,
        list(submission.approaches.values_list("pk", flat=True)),
        list(submission.answers.order_by("pk").values("pk", "question", "text", "updated_at")),
        list(submission.reflections.order_by("pk").values()),
        list(submission.consents.order_by("pk").values()),
        list(submission.missions.order_by("pk").values()),
        list(submission.sections.order_by("pk").values()),
    )


def test_draft_from_submission_prefills_and_leaves_the_submission_untouched(researcher):
    submission = make_submission()
    before = submission_snapshot(submission)

    case_study = case_study_draft_from_submission(submission=submission, by=researcher)

    assert submission_snapshot(submission) == before
    case_study.refresh_from_db()
    assert case_study.state == State.DRAFT
    assert case_study.source_submission == submission
    assert case_study.authority == submission.authority
    assert case_study.is_anonymised is False
    assert "Camden" in case_study.title
    assert case_study.slug
    assert case_study.summary.startswith("Camden uses the language of missions.")
    body = case_study.body
    assert "## About the approach" in body
    assert "- Anchor institutions" in body
    assert "The chief executive and the cabinet member for renewal." in body
    assert "### Access to food for all" in body
    assert "By 2030, everyone eats well every day." in body
    assert "## The role of national government" in body
    # Answers grouped under their theme's heading, each under its question.
    answered = list(submission.answers.exclude(text__regex=r"^\s*$").select_related("question"))
    first_theme = answered[0].question.theme
    assert f"## {first_theme.title}" in body
    for answer in answered:
        assert f"### {answer.question.text}\n\n{answer.text}" in body
    assert body.index(f"## {first_theme.title}") < body.index(answered[0].text)
    # Themes answered: answers or reflections with text; a blank answer does not count.
    reflection_themes = set(submission.reflections.values_list("theme__title", flat=True))
    assert set(case_study.themes.values_list("title", flat=True)) == reflection_themes
    assert "Starting with residents." in case_study.what_worked
    assert "Shared data." in case_study.what_worked
    assert case_study.what_didnt == f"{first_theme.title}: Too many boards."
    assert set(case_study.missions.all()) == set(submission.missions.all())
    assert set(case_study.approaches.values_list("slug", flat=True)) == {"anchor-institutions"}
    assert set(case_study.national_missions.values_list("slug", flat=True)) == {
        "nhs-fit-for-the-future",
        "clean-energy-superpower",
    }
    assert set(case_study.partner_types.values_list("slug", flat=True)) == {
        "community-group",
        "academic-institution",
    }
    assert LogEntry.objects.filter(object_id=str(case_study.pk), action_flag=1).exists()


def test_draft_of_an_anonymised_submission_leaves_out_names(researcher):
    submission = make_submission(consent=Consent.Publication.ANONYMISED)
    # Camden is not the only London borough, so "in London" does not name it.
    AuthorityFactory(type="LBO", region="London")
    case_study = case_study_draft_from_submission(submission=submission, by=researcher)
    assert case_study.is_anonymised is True
    text = " ".join([case_study.title, case_study.slug, case_study.summary, case_study.body])
    assert "Camden" not in text and "camden" not in text
    assert "Access to food for all" not in text
    assert "London borough in London" in case_study.title
    assert "2 missions" in case_study.body


def test_only_one_draft_per_submission(researcher):
    submission = make_submission()
    case_study_draft_from_submission(submission=submission, by=researcher)
    with pytest.raises(CaseStudyError, match="already has a case study"):
        case_study_draft_from_submission(submission=submission, by=researcher)
    assert CaseStudy.objects.count() == 1


def test_an_unsubmitted_submission_cannot_be_drafted(researcher):
    submission = make_submission(status=Submission.Status.DRAFT)
    with pytest.raises(CaseStudyError, match="has not submitted its answers"):
        case_study_draft_from_submission(submission=submission, by=researcher)
    assert not CaseStudy.objects.exists()


def test_partner_types_are_seeded(db):
    assert list(PartnerType.objects.values_list("name", flat=True)) == [
        "Community group",
        "VCSE organisation",
        "Public sector body",
        "Business",
        "Academic institution",
        "Other",
    ]


def test_a_drafted_submission_can_be_published_end_to_end(researcher, lead):
    submission = make_submission(authority=camden(name="Hackney", official_name="Hackney"))
    case_study = case_study_draft_from_submission(submission=submission, by=researcher)
    case_study_submit_for_review(case_study=case_study, by=researcher)
    case_study_publish(case_study=case_study, by=lead)
    assert CaseStudy.objects.published().get() == case_study
    assert Theme.objects.filter(case_studies=case_study).exists()


def test_learning_and_enablers_answers_come_after_the_themes_without_a_theme(researcher):
    # They have no theme: drafting once failed on PostgreSQL linking the case study to "None".
    submission = make_submission()
    learning = Question.objects.learning().order_by("order", "pk").first()
    Answer.objects.create(submission=submission, question=learning, text="We learned from Bogotá.")

    case_study = case_study_draft_from_submission(submission=submission, by=researcher)

    body = case_study.body
    assert "## Learning and enablers" in body
    assert body.index("## Learning and enablers") > body.index(f"## {Theme.objects.first().title}")
    assert None not in set(case_study.themes.values_list("pk", flat=True))
