"""Data for the editorial tests (workflow, sign-off, admin): submissions with answers,
reflections, missions and consent."""

import datetime
import io

from PIL import Image

from councils.models import Approach, Authority, NationalMission
from instrument.models import Question, Round
from submissions.models import Answer, Consent, Submission, ThemeReflection
from tests.factories import (
    AuthorityFactory,
    MissionFactory,
    MissionPartnerFactory,
    PartnerFactory,
)

ACCEPTED = "accepted"


def camden(**fields) -> Authority:
    defaults = {
        "name": "Camden",
        "official_name": "London Borough of Camden",
        "type": Authority.Type.LONDON_BOROUGH,
        "region": "London",
        "email_domains": "camden.gov.uk",
    }
    return AuthorityFactory(**{**defaults, **fields})


def make_round() -> Round:
    n = Round.objects.count() + 1
    return Round.objects.create(
        title=f"Test call {n}",
        slug=f"test-call-{n}",
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
    )


def consent_give(submission, publication, *, at=None) -> Consent:
    consent = Consent.objects.create(
        submission=submission,
        publication=publication,
        follow_up_contact=True,
        privacy_agreed=True,
        wording_version="test",
    )
    if at is not None:
        # given_at is auto_now_add: set it afterwards to order consents.
        Consent.objects.filter(pk=consent.pk).update(given_at=at)
        consent.refresh_from_db()
    return consent


def make_submission(
    *, authority=None, status=ACCEPTED, consent=Consent.Publication.NAMED
) -> Submission:
    """A submission with answers in two themes, reflections, two missions with partners,
    approaches, and (unless consent is None) one consent."""
    authority = authority or camden()
    submission = Submission.objects.create(
        authority=authority,
        round=make_round(),
        status=status,
        uses_mission_language="yes",
        who_leads="The chief executive and the cabinet member for renewal.",
        national_government="Longer funding settlements would help.",
    )
    submission.approaches.set(Approach.objects.filter(slug__in=["anchor-institutions"]))
    questions = list(
        Question.objects.filter(section="theme")
        .select_related("theme")
        .order_by("theme__order", "order")
    )
    first_theme, second_theme = (
        questions[0].theme,
        next(q.theme for q in questions if q.theme_id != questions[0].theme_id),
    )
    for question in questions:
        if question.theme_id == first_theme.pk:
            Answer.objects.create(
                submission=submission, question=question, text=f"Answer to {question.pk}."
            )
    # A blank answer does not make its theme "answered".
    third = next(q for q in questions if q.theme_id not in (first_theme.pk, second_theme.pk))
    Answer.objects.create(submission=submission, question=third, text="   ")
    ThemeReflection.objects.create(
        submission=submission,
        theme=first_theme,
        what_worked="Starting with residents.",
        what_didnt="Too many boards.",
    )
    ThemeReflection.objects.create(
        submission=submission, theme=second_theme, what_worked="Shared data.", what_didnt=""
    )
    food = MissionFactory(
        authority=authority,
        submission=submission,
        title="Access to food for all",
        statement="By 2030, everyone eats well every day.",
        challenge_area="Food insecurity",
    )
    food.national_missions.set(NationalMission.objects.filter(slug="nhs-fit-for-the-future"))
    MissionPartnerFactory(
        mission=food, partner=PartnerFactory(type__slug="community-group"), role="Runs hubs"
    )
    homes = MissionFactory(
        authority=authority,
        submission=submission,
        title="Sustainable neighbourhoods",
        statement="By 2030, estates are healthy and sustainable.",
    )
    homes.national_missions.set(NationalMission.objects.filter(slug="clean-energy-superpower"))
    MissionPartnerFactory(mission=homes, partner=PartnerFactory(type__slug="academic-institution"))
    if consent is not None:
        consent_give(submission, consent)
    return submission


def png_bytes(size=(40, 30), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def form_data(case_study=None, **overrides) -> dict:
    """What the change form posts for a UK case study, with no sources."""
    data = {
        "title": "Food for everyone",
        "summary": "A borough’s food mission.",
        "body": "It began with residents.",
        "authority": "",
        "place_name": "",
        "country": "",
        "image_alt": "",
        "source_submission": "",
        "what_worked": "",
        "what_didnt": "",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    if case_study is not None:
        data.update(
            title=case_study.title,
            summary=case_study.summary,
            body=case_study.body,
            authority=case_study.authority_id or "",
            place_name=case_study.place_name,
            country=case_study.country,
            publication_basis=case_study.publication_basis,
        )
    data.update(overrides)
    return data
