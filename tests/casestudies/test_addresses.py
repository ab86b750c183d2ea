"""A case study's address follows its published title, on every write path, and the addresses it
had before lead to the current one (casestudies/addresses.py)."""

import pytest
from django.urls import reverse

from casestudies.addresses import case_study_address_update
from casestudies.drafting import case_study_draft_from_submission
from casestudies.models import CaseStudy, CaseStudySlug
from casestudies.services import (
    case_study_publish,
    case_study_submit_for_review,
    case_study_withdraw,
)
from common import pagecache
from tests.casestudies.editorial_data import camden, form_data, make_submission
from tests.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db

State = CaseStudy.State
ADD = reverse("admin:casestudies_casestudy_add")


def change_url(case_study) -> str:
    return reverse("admin:casestudies_casestudy_change", args=[case_study.pk])


def detail(slug: str) -> str:
    return reverse("casestudies:detail", args=[slug])


def in_review(**fields) -> CaseStudy:
    fields = {"authority": None, "place_name": "Bogotá", "country": "Colombia", **fields}
    return CaseStudyFactory(state=State.IN_REVIEW, published_at=None, **fields)


INTERNATIONAL = {
    "title": "Care blocks",
    "summary": "Services within walking distance.",
    "body": "It began with carers.",
    "place_name": "Bogotá",
    "country": "Colombia",
    "publication_basis": "public_sources",
}


def admin_form(case_study=None, **overrides) -> dict:
    """What the admin's change form posts (an international case study by default), no sources."""
    return form_data(case_study, **{**(INTERNATIONAL if case_study is None else {}), **overrides})


def retitle(lead_client, case_study, title: str) -> CaseStudy:
    response = lead_client.post(change_url(case_study), admin_form(case_study, title=title))
    assert response.status_code == 302, response.context["adminform"].form.errors
    case_study.refresh_from_db()
    return case_study


def assert_moved(client, old: str, case_study: CaseStudy) -> None:
    response = client.get(detail(old))
    assert response.status_code == 301
    assert response.url == case_study.get_absolute_url() == detail(case_study.slug)
    assert client.get(response.url).status_code == 200


# --- publishing (casestudies.services) --------------------------------------------------------


def test_publishing_gives_the_title_address(lead):
    case_study = in_review(title="Care blocks: services near home", slug="draft-17")
    case_study_publish(case_study=case_study, by=lead)
    assert case_study.slug == "care-blocks-services-near-home"
    assert CaseStudy.objects.get(pk=case_study.pk).slug == "care-blocks-services-near-home"
    # The draft's address was never public, so it is not kept.
    assert not CaseStudySlug.objects.exists()


def test_addresses_stay_unique_and_clear_of_the_fixed_paths(lead):
    CaseStudyFactory(title="Care blocks", slug="care-blocks")
    CaseStudySlug.objects.create(case_study=CaseStudyFactory(), slug="care-blocks-2")
    second = in_review(title="Care blocks")
    case_study_publish(case_study=second, by=lead)
    assert second.slug == "care-blocks-3"
    called_map = in_review(title="Map")
    case_study_publish(case_study=called_map, by=lead)
    assert called_map.slug == "map-2"  # /case-studies/map/ is the map


def test_a_title_changed_while_withdrawn_moves_the_address_when_published_again(lead, client):
    case_study = in_review(title="Care blocks")
    case_study_publish(case_study=case_study, by=lead)
    case_study_withdraw(case_study=case_study, by=lead)
    assert client.get(detail("care-blocks")).status_code == 404
    case_study.title = "Bogotá’s care blocks"
    case_study_address_update(case_study=case_study)
    case_study.save()
    assert case_study.slug == "care-blocks"  # not public: nothing to follow yet
    case_study_submit_for_review(case_study=case_study, by=lead)
    case_study_publish(case_study=case_study, by=lead)
    assert case_study.slug == "bogotas-care-blocks"
    assert_moved(client, "care-blocks", case_study)


# --- the admin's form, as the project lead ----------------------------------------------------


def test_a_published_title_edited_in_the_admin_moves_the_address(lead_client, client):
    case_study = CaseStudyFactory(
        title="Care blocks", slug="care-blocks", authority=None, place_name="Bogotá", country="CO"
    )
    first = client.get(detail("care-blocks"))
    assert first.status_code == 200
    assert client.get(detail("care-blocks"))[pagecache.HIT_HEADER] == "hit"

    retitle(lead_client, case_study, "Bogotá’s care blocks")

    assert case_study.slug == "bogotas-care-blocks"
    # The cached copy of the old page is stale: the old address now leads to the new one.
    assert_moved(client, "care-blocks", case_study)
    assert "/case-studies/care-blocks/" in lead_client.get(change_url(case_study)).content.decode()


def test_an_edit_that_keeps_the_title_keeps_the_address(lead_client):
    case_study = CaseStudyFactory(
        title="Care blocks", slug="care-blocks-legacy", authority=None, place_name="B", country="C"
    )
    response = lead_client.post(
        change_url(case_study), admin_form(case_study, summary="A new summary.")
    )
    assert response.status_code == 302
    case_study.refresh_from_db()
    assert (case_study.summary, case_study.slug) == ("A new summary.", "care-blocks-legacy")


def test_a_new_case_study_added_in_the_admin_takes_its_title_address(lead_client):
    response = lead_client.post(ADD, admin_form(title="Care blocks"))
    assert response.status_code == 302
    case_study = CaseStudy.objects.get()
    assert (case_study.state, case_study.slug) == (State.DRAFT, "care-blocks")
    # A draft retitled keeps its address until it is published.
    retitle(lead_client, case_study, "Bogotá’s care blocks")
    assert case_study.slug == "care-blocks"


def test_going_back_to_an_earlier_title_takes_back_its_address(lead_client, client):
    case_study = CaseStudyFactory(
        title="Care blocks", slug="care-blocks", authority=None, place_name="B", country="C"
    )
    retitle(lead_client, case_study, "Carers first")
    retitle(lead_client, case_study, "Care blocks")
    assert case_study.slug == "care-blocks"
    assert list(case_study.previous_slugs.values_list("slug", flat=True)) == ["carers-first"]
    assert client.get(detail("care-blocks")).status_code == 200
    assert_moved(client, "carers-first", case_study)


def test_another_case_study_never_takes_an_earlier_address(lead_client, lead, client):
    case_study = CaseStudyFactory(
        title="Care blocks", slug="care-blocks", authority=None, place_name="B", country="C"
    )
    retitle(lead_client, case_study, "Carers first")
    newcomer = in_review(title="Care blocks")
    case_study_publish(case_study=newcomer, by=lead)
    assert newcomer.slug == "care-blocks-2"
    assert_moved(client, "care-blocks", case_study)


def test_drafting_from_a_submission_avoids_earlier_addresses(researcher):
    submission = make_submission()
    CaseStudySlug.objects.create(
        case_study=CaseStudyFactory(), slug="how-camden-works-through-missions"
    )
    draft = case_study_draft_from_submission(submission=submission, by=researcher)
    assert draft.slug == "how-camden-works-through-missions-2"


# --- what an earlier address may lead to ------------------------------------------------------


def test_an_earlier_address_never_leads_to_an_unpublished_case_study(lead_client, lead, client):
    case_study = CaseStudyFactory(
        title="Care blocks", slug="care-blocks", authority=None, place_name="B", country="C"
    )
    retitle(lead_client, case_study, "Carers first")
    case_study_withdraw(case_study=case_study, by=lead)
    for slug in ("care-blocks", "carers-first", "no-such-case-study"):
        assert client.get(detail(slug)).status_code == 404, slug


def test_an_address_used_while_named_never_leads_to_it_anonymised(lead_client, client):
    case_study = CaseStudyFactory(title="Camden’s food mission", authority=camden())
    named_address = case_study.slug
    retitle(lead_client, case_study, "A borough’s food mission")
    assert_moved(client, named_address, case_study)
    # Later the authority asks to be anonymised (its consent changed, and it was published again).
    CaseStudy.objects.filter(pk=case_study.pk).update(is_anonymised=True)
    assert client.get(detail(named_address)).status_code == 404
    assert client.get(detail(case_study.slug)).status_code == 200


def test_an_address_only_ever_anonymised_leads_to_its_anonymised_case_study(lead_client, client):
    case_study = CaseStudyFactory(
        title="A borough’s food mission", authority=camden(), is_anonymised=True
    )
    old = case_study.slug
    retitle(lead_client, case_study, "A borough feeds everyone")
    assert case_study.slug == "a-borough-feeds-everyone"
    assert_moved(client, old, case_study)
