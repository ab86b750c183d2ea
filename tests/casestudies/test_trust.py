"""Anonymity and consent hold on every write: publishing, the admin form and actions, reverting
from history, loaders; identifying text however it is written; image metadata; the preview's
second factor; who demo content is attributed to. Tests act as the real roles."""

import io
import json

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from casestudies.anonymity import identifying_text
from casestudies.drafting import case_study_upsert
from casestudies.models import CaseStudy
from casestudies.services import CaseStudyError, case_study_publish
from submissions.models import Consent
from tests.casestudies.editorial_data import camden, make_submission
from tests.casestudies.test_admin import form_data
from tests.factories import AuthorityFactory, CaseStudyFactory, client_for

State = CaseStudy.State
CHANGELIST = "admin:casestudies_casestudy_changelist"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def change_url(case_study) -> str:
    return reverse("admin:casestudies_casestudy_change", args=[case_study.pk])


def page_errors(response) -> str:
    assert response.status_code == 200, "expected the form again, with errors"
    form = response.context["adminform"].form
    inline = [
        str(e)
        for f in response.context["inline_admin_formsets"]
        for e in f.formset.non_form_errors()
    ]
    return " ".join([*form.non_field_errors(), *inline])


def in_review(**fields) -> CaseStudy:
    return CaseStudyFactory(state=State.IN_REVIEW, published_at=None, **fields)


# --- consent on every path to public --------------------------------------------------------


def test_clearing_the_source_submission_does_not_escape_its_consent(researcher, lead):
    submission = make_submission(consent=Consent.Publication.NONE)
    case_study = in_review(
        authority=submission.authority, source_submission=submission, publication_basis=""
    )
    # The researcher clears the link in the admin form ...
    response = client_for(researcher).post(
        change_url(case_study), form_data(case_study, source_submission="")
    )
    assert response.status_code == 302
    assert CaseStudy.objects.get(pk=case_study.pk).source_submission is None
    # ... and the lead, even with a basis recorded, still cannot publish it, by any path.
    CaseStudy.objects.filter(pk=case_study.pk).update(publication_basis="public_sources")
    with pytest.raises(CaseStudyError, match="Camden did not consent to publication"):
        case_study_publish(case_study=CaseStudy.objects.get(pk=case_study.pk), by=lead)
    response = client_for(lead).post(
        reverse(CHANGELIST), {"action": "publish", "_selected_action": [case_study.pk]}, follow=True
    )
    assert any("did not consent" in str(m) for m in get_messages(response.wsgi_request))
    assert CaseStudy.objects.get(pk=case_study.pk).state == State.IN_REVIEW


def test_without_a_submission_a_lead_must_record_the_basis(researcher, lead):
    case_study = in_review(
        authority=None, place_name="Bogotá", country="Colombia", publication_basis=""
    )
    with pytest.raises(CaseStudyError, match="a project lead must record the basis"):
        case_study_publish(case_study=case_study, by=lead)
    # Only the lead may choose it: the researcher's form has no such field.
    assert (
        "publication_basis"
        not in client_for(researcher).get(change_url(case_study)).context["adminform"].form.fields
    )
    response = client_for(lead).post(
        change_url(case_study),
        form_data(case_study, publication_basis=CaseStudy.Basis.PUBLIC_SOURCES),
    )
    assert response.status_code == 302
    case_study_publish(case_study=CaseStudy.objects.get(pk=case_study.pk), by=lead)
    assert CaseStudy.objects.get(pk=case_study.pk).state == State.PUBLISHED


def test_a_loader_cannot_publish_without_a_basis(db):
    with pytest.raises(CaseStudyError, match="record the basis"):
        case_study_upsert(
            slug="x",
            title="X",
            summary="S",
            body="B",
            place_name="P",
            country="C",
            state=State.PUBLISHED,
        )
    assert not CaseStudy.objects.filter(slug="x").exists()


# --- every save of a published case study -----------------------------------------------------


@pytest.fixture
def published_anonymised(lead):
    authority = camden(gss_code="E09000007", code="CMD")
    submission = make_submission(authority=authority, consent=Consent.Publication.ANONYMISED)
    case_study = in_review(
        authority=authority,
        source_submission=submission,
        title="A London borough feeds everyone",
        slug="a-london-borough",
        summary="Lessons.",
        publication_basis="",
    )
    case_study_publish(case_study=case_study, by=lead)
    return CaseStudy.objects.get(pk=case_study.pk)


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("title", "How Camden feeds everyone", "“Camden” appears in the title"),
        ("summary", "What Cam\u00adden learnt.", "“Camden” appears in the summary"),
        ("body", "E09000007 set it up.", "“E09000007” appears in the body"),
        ("image_alt", "The CMD town hall", "“CMD” appears in the image's alternative text"),
    ],
)
def test_an_edit_naming_an_anonymised_authority_is_refused(
    researcher, published_anonymised, field, value, shown
):
    case_study = published_anonymised
    data = form_data(case_study, **{field: value})
    response = client_for(researcher).post(change_url(case_study), data)
    assert shown in page_errors(response)
    assert getattr(CaseStudy.objects.get(pk=case_study.pk), field) != value


def test_an_edit_changing_the_authority_of_a_published_case_study_is_refused(
    researcher, published_anonymised
):
    other = AuthorityFactory(name="Islington")
    response = client_for(researcher).post(
        change_url(published_anonymised), form_data(published_anonymised, authority=other.pk)
    )
    assert "drawn from Camden's submission" in page_errors(response)


def test_a_source_naming_an_anonymised_authority_is_refused(researcher, published_anonymised):
    data = form_data(
        published_anonymised,
        **{
            "sources-TOTAL_FORMS": "1",
            "sources-0-order": "1",
            "sources-0-title": "Camden’s food plan",
            "sources-0-url": "https://example.org/food",
        },
    )
    response = client_for(researcher).post(change_url(published_anonymised), data)
    assert "“Camden” appears in a source's title" in page_errors(response)
    assert not published_anonymised.sources.exists()


def test_edits_are_versioned_and_a_revert_cannot_republish(lead, published_anonymised):
    case_study = published_anonymised
    client = client_for(lead)
    assert (
        client.post(change_url(case_study), form_data(case_study, summary="Better.")).status_code
        == 302
    )
    history = list(case_study.history.order_by("history_date"))
    assert [h.summary for h in history][-2:] == ["Lessons.", "Better."]
    assert (
        client.get(reverse("admin:casestudies_casestudy_history", args=[case_study.pk])).status_code
        == 200
    )
    # Withdrawn, then reverted to a published version: the text comes back, the state does not.
    CaseStudy.objects.filter(pk=case_study.pk).update(state=State.WITHDRAWN)
    old = history[-2]
    revert = reverse(
        "admin:casestudies_casestudy_simple_history", args=[case_study.pk, old.history_id]
    )
    assert client.post(revert, form_data(old, summary=old.summary)).status_code == 302
    saved = CaseStudy.objects.get(pk=case_study.pk)
    assert (saved.summary, saved.state) == ("Lessons.", State.WITHDRAWN)


# --- identifying text, however written ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Tower-Hamlets",
        "TowerHamlets",
        "Tower  Hamlets",
        "T o w e r Hamlets",
        "Tower\u00adHam\u200blets",
        "ＴＯＷＥＲ ＨＡＭＬＥＴＳ",
        "E09000030 did it",
        "LBTH did it",
    ],
)
def test_identifying_text_however_written(db, text):
    authority = AuthorityFactory(
        name="Tower Hamlets",
        official_name="London Borough of Tower Hamlets",
        gss_code="E09000030",
        code="LBTH",
    )
    case_study = CaseStudyFactory(authority=authority, is_anonymised=True, body=text)
    assert identifying_text(case_study).where == "the body"


def test_unrelated_words_are_not_flagged(db):
    authority = AuthorityFactory(name="Camden", code="CMD", gss_code="E09000007")
    case_study = CaseStudyFactory(
        authority=authority,
        title="A borough",
        slug="a-borough",
        summary="S.",
        body="We make plans at wemakecamden.org; the cmd line.",
    )
    assert identifying_text(case_study) is None


def test_a_small_county_or_strategic_authority_identifies_its_members(db):
    county = AuthorityFactory(name="Rutlandshire", official_name="Rutlandshire County Council")
    district = AuthorityFactory(name="Oakton", county=county)
    case_study = CaseStudyFactory(authority=district, body="A district in Rutlandshire.")
    assert identifying_text(case_study).name == "Rutlandshire"
    for n in range(10):  # With ten or more members, naming the county leaves many candidates.
        AuthorityFactory(name=f"District {n}", county=county)
    assert identifying_text(case_study) is None


# --- images ---------------------------------------------------------------------------------


def test_uploaded_images_lose_their_metadata_and_name(researcher, media):
    picture = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = "Camden Council photographer"  # Artist
    exif[0x010E] = "Camden town hall"  # ImageDescription
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif, comment=b"Camden")
    upload = SimpleUploadedFile("camden-town-hall.jpg", buffer.getvalue(), "image/jpeg")
    case_study = in_review(authority=camden())
    data = form_data(case_study, image=upload, image_alt="People at a market stall")
    response = client_for(researcher).post(change_url(case_study), data)
    assert response.status_code == 302
    saved = CaseStudy.objects.get(pk=case_study.pk)
    assert "camden" not in saved.image.name.lower()
    raw = (media / saved.image.name).read_bytes()
    assert b"Camden" not in raw
    with Image.open(media / saved.image.name) as stored:
        assert not stored.getexif()
        assert stored.size == (40, 30)


# --- the preview's second factor ------------------------------------------------------------------


def test_the_preview_needs_the_admin_second_factor(settings, researcher):
    settings.ADMIN_REQUIRES_SECOND_FACTOR = True
    case_study = in_review()
    response = client_for(researcher).get(reverse("casestudies:preview", args=[case_study.pk]))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


# --- who wrote demo content -------------------------------------------------------------------------


def test_demo_content_is_not_attributed_to_the_project(db, client):
    demo = CaseStudyFactory(is_demo=True, title="Demo one")
    CaseStudyFactory(title="Real one")
    page = client.get(demo.get_absolute_url()).content.decode()
    citation = page.split("How to cite this case study", 1)[1].split("</p>", 1)[0]
    assert "The developers of this website" in citation
    assert not citation.split("</h2>", 1)[1].lstrip().startswith('<p class="govuk-body">New Local')
    rows = {
        r["title"]: r
        for r in json.loads(client.get(reverse("case_studies_json")).content)["case_studies"]
    }
    assert rows["Demo one"]["written_by"].startswith("The developers of this website")
    assert rows["Real one"]["written_by"] == "New Local and Inner Circle Consulting"
    feed = client.get(reverse("casestudies:feed")).content.decode()
    assert "<name>The developers of this website" in feed
