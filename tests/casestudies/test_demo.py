"""Demo case studies loaded by `manage.py load_demo`: labelled, published, safe to run again."""

from io import StringIO

import pytest
from django.core.management import call_command

from casestudies.addresses import case_study_address_update
from casestudies.models import CaseStudy, CaseStudySource
from councils.models import Authority
from tests.factories import AuthorityFactory


@pytest.fixture
def demo_authorities(db):
    camden = AuthorityFactory(
        name="Camden", slug="camden", gss_code="E09000007", type=Authority.Type.LONDON_BOROUGH
    )
    west_yorkshire = AuthorityFactory(
        name="West Yorkshire",
        slug="west-yorkshire-combined-authority",
        gss_code="E47000003",
        type=Authority.Type.COMBINED,
    )
    return camden, west_yorkshire


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot():
    through = [
        CaseStudy.themes.through,
        CaseStudy.missions.through,
        CaseStudy.national_missions.through,
        CaseStudy.approaches.through,
        CaseStudy.partner_types.through,
    ]
    return (
        list(
            CaseStudy.objects.order_by("pk").values_list(
                "pk", "slug", "title", "summary", "body", "state", "published_at", "updated_at"
            )
        ),
        list(CaseStudySource.objects.order_by("pk").values_list("pk", "title", "url", "order")),
        [list(model.objects.order_by("pk").values_list("pk")) for model in through],
    )


def test_loads_three_international_examples_published(demo_authorities):
    output = load_demo()
    assert "3 international case studies" in output
    international = CaseStudy.objects.published().international().order_by("place_name")
    assert [(c.place_name, c.country) for c in international] == [
        ("Blekinge", "Sweden"),
        ("Bogotá", "Colombia"),
        ("València", "Spain"),
    ]
    for case_study in international:
        assert case_study.is_demo
        assert case_study.published_at is not None
        assert case_study.source_submission is None
        assert "**Demo content.**" in case_study.body
        assert "Demo content" in case_study.summary
        assert case_study.sources.count() >= 2
        assert all(s.url.startswith("https://") for s in case_study.sources.all())
        assert case_study.themes.exists()
        assert case_study.approaches.exists()
        assert case_study.partner_types.exists()
        assert not case_study.missions.exists()
    valencia = international.get(place_name="València")
    assert valencia.sources.filter(url="https://www.valencia.es/missionsvalencia").exists()
    assert "climate" in valencia.summary.lower()
    bogota = international.get(place_name="Bogotá")
    assert "Manzanas del Cuidado" in bogota.summary


def test_loads_uk_examples_linked_to_their_authority_and_missions(demo_authorities):
    camden, west_yorkshire = demo_authorities
    load_demo()
    food = CaseStudy.objects.published().get(authority=camden)
    assert [m.title for m in food.missions.all()] == ["Access to food for all"]
    assert food.sources.filter(url="https://www.wemakecamden.org.uk/about/").exists()
    assert set(food.national_missions.values_list("slug", flat=True)) == {"nhs-fit-for-the-future"}
    assert set(food.partner_types.values_list("slug", flat=True)) == {
        "academic-institution",
        "community-group",
    }
    plan = CaseStudy.objects.published().get(authority=west_yorkshire)
    assert plan.missions.count() == 5
    assert "West Yorkshire Plan" in plan.sources.get().title
    assert "By 2040, a safe West Yorkshire" in plan.body
    for case_study in (food, plan):
        assert case_study.is_demo and not case_study.is_anonymised
        assert "**Demo content.**" in case_study.body
    assert CaseStudy.objects.published().uk().count() == 2


def test_is_idempotent(demo_authorities):
    load_demo()
    before = snapshot()
    load_demo()
    # Nothing rewritten: not even updated_at moves.
    assert snapshot() == before
    assert CaseStudy.objects.count() == 5


def test_running_again_restores_edited_demo_content(demo_authorities):
    load_demo()
    # The loader's key is an earlier address: the slug follows the title (casestudies.addresses).
    case_study = CaseStudy.objects.get(previous_slugs__slug="bogota-care-blocks")
    assert (
        case_study.slug == "bogotas-care-blocks-services-for-unpaid-carers-within-walking-distance"
    )
    case_study.sources.all().delete()
    case_study.themes.clear()
    CaseStudy.objects.filter(pk=case_study.pk).update(state=CaseStudy.State.WITHDRAWN)
    load_demo()
    case_study.refresh_from_db()
    assert case_study.state == CaseStudy.State.PUBLISHED
    assert case_study.sources.count() == 2
    assert case_study.themes.exists()


def test_a_retitled_demo_case_study_gets_its_title_and_address_back(demo_authorities, client):
    load_demo()
    case_study = CaseStudy.objects.get(previous_slugs__slug="bogota-care-blocks")
    first = case_study.get_absolute_url()
    case_study.title = "Care blocks in Bogotá"
    case_study_address_update(case_study=case_study)
    case_study.save()
    assert case_study.slug == "care-blocks-in-bogota"
    load_demo()
    case_study.refresh_from_db()
    assert case_study.get_absolute_url() == first
    assert CaseStudy.objects.count() == 5
    for old in ("bogota-care-blocks", "care-blocks-in-bogota"):
        response = client.get(f"/case-studies/{old}/")
        assert (response.status_code, response.url) == (301, first)
