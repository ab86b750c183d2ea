"""The researchers' case study admin: pages, filters, actions, image checks, and drafting a case
study from a submission in the submissions admin."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from casestudies.admin import draft_case_study_from_submission
from casestudies.models import CaseStudy
from councils.models import Approach, PartnerType
from instrument.models import Theme
from outbox.models import OutboxEmail
from submissions.models import Consent, Submission
from tests.casestudies.editorial_data import camden, form_data, make_submission, png_bytes
from tests.factories import (
    CaseStudyFactory,
    CaseStudySourceFactory,
    MissionFactory,
    UserFactory,
    make_officer,
    notice,
)

State = CaseStudy.State
CHANGELIST = reverse("admin:casestudies_casestudy_changelist")
ADD = reverse("admin:casestudies_casestudy_add")


def change_url(case_study) -> str:
    return reverse("admin:casestudies_casestudy_change", args=[case_study.pk])


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def form_errors(response) -> dict:
    assert response.status_code == 200, "expected the form again, with errors"
    return response.context["adminform"].form.errors


# --- pages ----------------------------------------------------------------------------------


@pytest.fixture
def mixed(db):
    uk = CaseStudyFactory(authority=camden(), title="Camden food", state=State.PUBLISHED)
    uk.themes.set(Theme.objects.all()[:2])
    international = CaseStudyFactory(
        authority=None, place_name="Bogotá", country="Colombia", state=State.DRAFT, is_demo=True
    )
    return uk, international


def test_changelist_columns_filters_and_search(researcher_client, mixed):
    uk, international = mixed
    response = researcher_client.get(CHANGELIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bogotá, Colombia" in html
    assert '<td class="field-signoff_status">Not requested</td>' in html
    for params, expected in [
        ({"place": "uk"}, [uk]),
        ({"place": "international"}, [international]),
        ({"state__exact": "draft"}, [international]),
        ({"signoff__exact": "not_requested"}, [uk, international]),
        ({"themes__id__exact": Theme.objects.first().pk}, [uk]),
        ({"is_demo__exact": "1"}, [international]),
        ({"q": "Camden"}, [uk]),
        ({"q": "Colombia"}, [international]),
    ]:
        response = researcher_client.get(CHANGELIST, params)
        assert response.status_code == 200, params
        assert set(response.context["cl"].result_list) == set(expected), params


def test_change_and_add_pages_load(researcher_client, mixed):
    uk, _ = mixed
    CaseStudySourceFactory(case_study=uk)
    response = researcher_client.get(change_url(uk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "sources-TOTAL_FORMS" in html
    assert "Not drawn from a submission: a project lead records the basis" in html
    assert researcher_client.get(ADD).status_code == 200


def test_preview_link(researcher_client, mixed):
    uk, _ = mixed
    html = researcher_client.get(change_url(uk)).content.decode()
    try:
        url = reverse("casestudies:preview", args=[uk.pk])
    except NoReverseMatch:
        assert "The preview is not available yet." in html
    else:
        assert f'href="{url}"' in html
        assert f'href="{url}"' in researcher_client.get(CHANGELIST).content.decode()
        # "View on site" opens the public page once published, the preview before.
        assert f'href="{uk.get_absolute_url()}" class="viewsitelink"' in html
        draft = CaseStudyFactory(state=State.DRAFT)
        html = researcher_client.get(change_url(draft)).content.decode()
        preview = reverse("casestudies:preview", args=[draft.pk])
        assert f'href="{preview}" class="viewsitelink"' in html


def test_change_page_shows_consent_and_signoff(researcher_client):
    submission = make_submission(consent=Consent.Publication.ANONYMISED)
    case_study = CaseStudyFactory(
        authority=submission.authority,
        source_submission=submission,
        state=State.DRAFT,
        signoff=CaseStudy.SignOff.CHANGES_REQUESTED,
        signoff_comment="Fix the dates",
    )
    html = researcher_client.get(change_url(case_study)).content.decode()
    assert "Publish anonymised (type and region only)" in html
    assert "Authority asked for changes" in html
    assert "Fix the dates" in html


@pytest.mark.parametrize("size", [3, 30])
def test_changelist_query_count_is_fixed(researcher_client, django_assert_max_num_queries, size):
    officer = UserFactory()
    for n in range(size):
        CaseStudyFactory(
            authority=camden(name=f"Borough {n}") if n % 2 else None,
            place_name="" if n % 2 else "València",
            country="" if n % 2 else "Spain",
            signoff=CaseStudy.SignOff.APPROVED,
            signoff_by=officer,
            signoff_at="2026-05-01T12:00:00Z",
        )
    with django_assert_max_num_queries(12):
        assert researcher_client.get(CHANGELIST).status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_change_page_query_count_is_fixed(researcher_client, django_assert_max_num_queries, size):
    submission = make_submission()
    case_study = CaseStudyFactory(authority=submission.authority, source_submission=submission)
    case_study.missions.set(submission.missions.all())
    for _ in range(size):
        CaseStudySourceFactory(case_study=case_study)
        MissionFactory(authority=submission.authority)
    with django_assert_max_num_queries(30):
        assert researcher_client.get(change_url(case_study)).status_code == 200


def test_editing_changes_updated_at(researcher_client):
    case_study = CaseStudyFactory(authority=camden(), state=State.PUBLISHED)
    before = CaseStudy.objects.get(pk=case_study.pk)
    response = researcher_client.post(
        change_url(case_study), form_data(case_study, summary="A better summary.")
    )
    assert response.status_code == 302
    after = CaseStudy.objects.get(pk=case_study.pk)
    assert after.summary == "A better summary."
    assert after.updated_at > before.updated_at
    assert after.published_at == before.published_at
    assert after.state == State.PUBLISHED  # The form cannot change the state.


def test_saving_an_anonymised_case_study_that_names_its_authority_warns(researcher_client):
    # Unpublished: a warning. Published, the edit is refused (tests/casestudies/test_trust.py).
    case_study = CaseStudyFactory(authority=camden(), state=State.IN_REVIEW, is_anonymised=True)
    data = form_data(case_study, summary="What Camden learnt.")
    response = researcher_client.post(change_url(case_study), data, follow=True)
    assert response.redirect_chain
    assert any("is anonymised, but “Camden” appears in the summary" in m for m in notice(response))
    data["summary"] = "Lessons."
    quiet = researcher_client.post(change_url(case_study), data, follow=True)
    assert not any("is anonymised" in m for m in notice(quiet))


# --- the form's checks --------------------------------------------------------------------------


def test_add_international_example_with_facets(researcher_client):
    data = form_data(
        place_name="Bogotá",
        country="Colombia",
        themes=[t.pk for t in Theme.objects.all()[:2]],
        approaches=[Approach.objects.first().pk],
        partner_types=[PartnerType.objects.get(slug="community-group").pk],
        **{
            "sources-TOTAL_FORMS": "1",
            "sources-0-order": "1",
            "sources-0-title": "Manzanas del Cuidado",
            "sources-0-url": "https://manzanasdelcuidado.gov.co/",
        },
    )
    response = researcher_client.post(ADD, data)
    assert response.status_code == 302, response.context and form_errors(response)
    case_study = CaseStudy.objects.get()
    assert case_study.state == State.DRAFT
    assert case_study.is_international
    assert case_study.themes.count() == 2
    assert case_study.sources.get().url == "https://manzanasdelcuidado.gov.co/"


def test_a_place_is_required(researcher_client):
    errors = form_errors(researcher_client.post(ADD, form_data()))
    assert errors["place_name"] == [
        "Enter the place, or choose a UK authority if this is a UK case study"
    ]
    assert errors["country"] == ["Enter the country of this international example"]
    assert not CaseStudy.objects.exists()


def test_missions_must_belong_to_the_authority(researcher_client):
    authority = camden()
    elsewhere = MissionFactory(title="Someone else’s mission")
    data = form_data(authority=authority.pk, missions=[elsewhere.pk])
    errors = form_errors(researcher_client.post(ADD, data))
    assert "Someone else’s mission belongs to another authority" in errors["missions"][0]


def post_image(client, upload, alt="A community kitchen with volunteers"):
    data = form_data(place_name="Bogotá", country="Colombia", image=upload, image_alt=alt)
    return client.post(ADD, data)


def test_a_text_file_renamed_png_is_refused(researcher_client, media):
    upload = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    errors = form_errors(post_image(researcher_client, upload))
    assert errors["image"] == ["The selected file must be a JPG, PNG or WebP image"]
    assert not CaseStudy.objects.exists()
    assert not list(media.rglob("*.*"))


def test_an_svg_is_refused(researcher_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    upload = SimpleUploadedFile("logo.svg", svg, content_type="image/svg+xml")
    errors = form_errors(post_image(researcher_client, upload))
    assert errors["image"] == ["The selected file must be a JPG, PNG or WebP image"]


def test_other_image_types_are_refused(researcher_client):
    upload = SimpleUploadedFile("anim.gif", png_bytes(fmt="GIF"), content_type="image/gif")
    errors = form_errors(post_image(researcher_client, upload))
    assert errors["image"] == ["The selected file must be a JPG, PNG or WebP image"]


def test_an_oversize_image_is_refused(researcher_client):
    # A real PNG, padded past 5 MB.
    upload = SimpleUploadedFile(
        "big.png", png_bytes() + b"\0" * (5 * 1024 * 1024), content_type="image/png"
    )
    errors = form_errors(post_image(researcher_client, upload))
    assert "It must be smaller than 5.0\xa0MB" in errors["image"][0]
    assert errors["image"][0].startswith("The selected file is 5.0\xa0MB")
    assert not CaseStudy.objects.exists()


def test_an_image_needs_alternative_text(researcher_client):
    upload = SimpleUploadedFile("kitchen.png", png_bytes(), content_type="image/png")
    errors = form_errors(post_image(researcher_client, upload, alt="  "))
    assert errors["image_alt"] == ["Enter alternative text for the image, describing what it shows"]
    assert not CaseStudy.objects.exists()


def test_a_good_image_is_kept_under_a_name_of_its_own(researcher_client, media):
    upload = SimpleUploadedFile("camden-kitchen.jpg", png_bytes(), content_type="image/jpeg")
    response = post_image(researcher_client, upload)
    assert response.status_code == 302
    case_study = CaseStudy.objects.get()
    # Named by what it is (a PNG), and not after the uploaded file (which may name a council).
    assert case_study.image.name.startswith("case-studies/")
    assert case_study.image.name.endswith(".png")
    assert "camden" not in case_study.image.name
    assert case_study.image_alt == "A community kitchen with volunteers"
    assert (media / case_study.image.name).exists()


# --- actions --------------------------------------------------------------------------------


def act(client, action, *case_studies, url=CHANGELIST):
    return client.post(
        url,
        {"action": action, "_selected_action": [c.pk for c in case_studies]},
        follow=True,
    )


def test_publish_action_refuses_without_consent(lead_client):
    submission = make_submission(consent=Consent.Publication.NONE)
    case_study = CaseStudyFactory(
        authority=submission.authority,
        source_submission=submission,
        state=State.IN_REVIEW,
        published_at=None,
        title="Food in Camden",
    )
    hackney = make_submission(authority=camden(name="Hackney"), consent=None)
    missing = CaseStudyFactory(
        authority=hackney.authority,
        source_submission=hackney,
        state=State.IN_REVIEW,
        published_at=None,
        title="Hackney’s homes",
    )
    response = act(lead_client, "publish", case_study, missing)
    messages = notice(response)
    assert "“Food in Camden” cannot be published: Camden did not consent to publication." in (
        messages
    )
    assert any("“Hackney’s homes” cannot be published" in m for m in messages)
    assert not any("case study published" in m for m in messages)
    assert set(CaseStudy.objects.values_list("state", flat=True)) == {State.IN_REVIEW}


def test_editorial_actions_move_case_studies_and_say_so(lead_client):
    one = CaseStudyFactory(state=State.DRAFT, published_at=None, title="One")
    two = CaseStudyFactory(state=State.DRAFT, published_at=None, title="Two")

    messages = notice(act(lead_client, "submit_for_review", one, two))
    assert "2 case studies submitted for review: “One”, “Two”." in messages

    messages = notice(act(lead_client, "publish", one))
    assert "1 case study published: “One”." in messages
    assert CaseStudy.objects.get(pk=one.pk).state == State.PUBLISHED

    messages = notice(act(lead_client, "publish", one, two))
    assert "1 case study published: “Two”." in messages
    assert "“One” is already published." in messages

    messages = notice(act(lead_client, "withdraw", one))
    assert "1 case study withdrawn: “One”." in messages

    messages = notice(act(lead_client, "return_to_draft", one))
    assert "1 case study returned to draft: “One”." in messages
    assert dict(CaseStudy.objects.values_list("title", "state")) == {
        "One": State.DRAFT,
        "Two": State.PUBLISHED,
    }


def test_send_for_signoff_action(researcher_client):
    authority = camden()
    make_officer(authority, "ana@camden.gov.uk")
    case_study = CaseStudyFactory(authority=authority, state=State.DRAFT, title="Food")
    international = CaseStudyFactory(
        authority=None, place_name="Bogotá", country="Colombia", state=State.DRAFT, title="Care"
    )
    messages = notice(act(researcher_client, "request_signoff", case_study, international))
    assert "Sent “Food” to Camden for sign-off: 1 officer emailed." in messages
    assert any("“Care” is an international example" in m for m in messages)
    assert OutboxEmail.objects.get().to == ["ana@camden.gov.uk"]
    response = researcher_client.get(CHANGELIST)
    assert "Waiting for the authority" in response.content.decode()


# --- drafting from a submission (the submissions admin) ---------------------------------------


@pytest.fixture
def submission_admin_action(monkeypatch):
    """The action as SubmissionAdmin offers it; added here if SubmissionAdmin does not yet."""
    model_admin = admin.site.get_model_admin(Submission)
    actions = list(model_admin.actions or [])
    if draft_case_study_from_submission not in actions:
        monkeypatch.setattr(model_admin, "actions", [*actions, draft_case_study_from_submission])
    return "draft_case_study_from_submission"


SUBMISSIONS = reverse("admin:submissions_submission_changelist")


def test_draft_action_opens_the_new_draft(researcher_client, submission_admin_action):
    submission = make_submission()
    response = researcher_client.post(
        SUBMISSIONS,
        {"action": submission_admin_action, "_selected_action": [submission.pk]},
    )
    case_study = CaseStudy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == change_url(case_study)
    assert case_study.source_submission == submission
    page = researcher_client.get(response["Location"])
    assert page.status_code == 200
    assert any("The submission itself is unchanged" in m for m in notice(page))


def test_draft_action_reports_counts(researcher_client, submission_admin_action):
    first = make_submission()
    second = make_submission(authority=camden(name="Hackney"))
    unsubmitted = make_submission(authority=camden(name="Haringey"), status="draft")
    response = researcher_client.post(
        SUBMISSIONS,
        {
            "action": submission_admin_action,
            "_selected_action": [first.pk, second.pk, unsubmitted.pk],
        },
        follow=True,
    )
    messages = notice(response)
    assert any(m.startswith("Drafted 2 case studies:") for m in messages)
    assert any("Haringey has not submitted its answers" in m for m in messages)
    assert "1 submission was not drafted (the reasons are above)." in messages
    assert CaseStudy.objects.count() == 2


def test_draft_action_is_offered_by_the_submissions_admin(
    researcher_client, submission_admin_action
):
    make_submission()
    html = researcher_client.get(SUBMISSIONS).content.decode()
    assert "Draft a case study from this submission" in html
    assert draft_case_study_from_submission.short_description == (
        "Draft a case study from this submission"
    )
