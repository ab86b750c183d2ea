import pytest
from django.urls import reverse

from councils.models import Authority, Mission, NationalMission, Partner
from tests.factories import (
    AuthorityFactory,
    MissionFactory,
    MissionPartnerFactory,
    PartnerFactory,
)


def detail(client, authority):
    return client.get(reverse("councils:authority_detail", kwargs={"slug": authority.slug}))


def test_council_summary(client, by_gss):
    content = detail(client, by_gss("E07000040")).content.decode()  # East Devon
    assert '<h1 class="govuk-heading-xl">East Devon</h1>' in content
    assert 'class="govuk-summary-list"' in content
    for text in ["Non-metropolitan district", "England", "South West", "E07000040", "Population"]:
        assert text in content
    assert f'href="{by_gss("E10000008").get_absolute_url()}">Devon County Council</a>' in content
    assert "Strategic authority tier" not in content
    assert "mySociety" in content


def test_county_lists_districts_and_strategic_authority(client, by_gss):
    content = detail(client, by_gss("E10000008")).content.decode()  # Devon
    assert "District councils" in content
    assert ">Exeter</a>" in content
    assert "Devon and Torbay Combined County Authority</a>" in content


def test_strategic_authority_shows_tier_and_members(client, by_gss):
    content = detail(client, by_gss("E47000001")).content.decode()  # Greater Manchester
    assert "Established mayoral strategic authority" in content
    assert "Member councils" in content
    assert ">Manchester</a>" in content and ">Wigan</a>" in content


def test_new_code_shows_the_former_one(client, register):
    content = detail(client, register.get(name="Barnsley")).content.decode()
    assert "E08000038" in content
    assert "Formerly E08000016" in content


def test_abolished_authority_links_to_successors(client, register):
    north_of_tyne = register.get(gss_code="E47000011")
    content = detail(client, north_of_tyne).content.decode()
    assert "This authority was abolished on 7 May 2024." in content
    successor = register.get(gss_code="E47000014")
    assert f'href="{successor.get_absolute_url()}">North East Combined Authority</a>' in content

    content = detail(client, register.get(code="CMA")).content.decode()  # Cumbria CC
    assert ">Cumberland Council</a> and <a" in content
    assert ">Westmorland and Furness Council</a>" in content


def test_strategic_authority_without_gss_code(client, register):
    content = detail(client, register.get(official_name="Cumbria Combined Authority")).content
    assert "Not yet published by ONS" in content.decode()


def test_unknown_slug_is_404(client, db):
    response = client.get(reverse("councils:authority_detail", kwargs={"slug": "atlantis"}))
    assert response.status_code == 404


def test_public_missions_with_partners(client, db):
    authority = AuthorityFactory(name="Testborough")
    growth = NationalMission.objects.get(slug="kickstart-economic-growth")
    mission = MissionFactory(
        authority=authority,
        title="Good jobs for everyone",
        statement="By 2035, everyone who wants a good job has one.",
        challenge_area="Employment",
        source_url="https://example.org/plan",
    )
    mission.national_missions.add(growth)
    MissionPartnerFactory(
        mission=mission,
        partner=PartnerFactory(name="Testborough College", type=Partner.Type.ACADEMIC),
        role="Skills training",
    )
    MissionFactory(authority=authority, title="Draft idea", is_public=False)

    content = detail(client, authority).content.decode()
    assert "Good jobs for everyone" in content
    assert "By 2035, everyone who wants a good job has one." in content
    assert "Kickstart economic growth" in content
    assert "Testborough College" in content and "(Academic institution): Skills training" in content
    assert 'href="https://example.org/plan"' in content
    assert "Draft idea" not in content
    assert "Demo content" not in content


def test_demo_missions_are_labelled(client, db):
    mission = MissionFactory(is_demo=True)
    content = detail(client, mission.authority).content.decode()
    assert '<strong class="govuk-tag govuk-tag--yellow">Demo content</strong>' in content
    assert "did not submit them" in content


def test_no_missions_message(client, db):
    content = detail(client, AuthorityFactory()).content.decode()
    assert "No missions are published" in content


@pytest.mark.parametrize("size", [5, 60])
def test_query_count_does_not_grow(db, client, django_assert_max_num_queries, size):
    strategic = AuthorityFactory(type=Authority.Type.COMBINED, tier=Authority.Tier.MAYORAL)
    AuthorityFactory.create_batch(size, strategic_authority=strategic)
    national = list(NationalMission.objects.all())
    for mission in MissionFactory.create_batch(size, authority=strategic, is_demo=True):
        mission.national_missions.set(national)
        MissionPartnerFactory.create_batch(2, mission=mission)
    with django_assert_max_num_queries(7):
        response = detail(client, strategic)
    assert response.status_code == 200
    assert len(response.context["missions"]) == size
    assert Mission.objects.count() == size
