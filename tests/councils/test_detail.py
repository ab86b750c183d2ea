from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from councils.models import (
    Authority,
    Indicator,
    Mission,
    NationalMission,
    Outcome,
    Reading,
)
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
        partner=PartnerFactory(name="Testborough College", type__slug="academic-institution"),
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
    # 7 before outcomes; +3 for outcomes, indicators and readings (skipped when there are none).
    with django_assert_max_num_queries(10):
        response = detail(client, strategic)
    assert response.status_code == 200
    assert len(response.context["missions"]) == size
    assert Mission.objects.count() == size


def with_indicator(mission, name="Children in food poverty", readings=((2025, "18.5"),)):
    outcome = Outcome.objects.create(mission=mission, title="Fewer hungry children")
    indicator = Indicator.objects.create(
        outcome=outcome,
        name=name,
        unit="%",
        baseline_value=Decimal("21"),
        baseline_date=date(2023, 4, 1),
        target_value=Decimal("10"),
        target_date=date(2030, 3, 31),
    )
    for year, value in readings:
        Reading.objects.create(
            indicator=indicator, date=date(year, 4, 1), value=Decimal(value), source="Annual survey"
        )
    return indicator


def test_indicators_show_as_an_accessible_chart_with_a_table(client, db):
    mission = MissionFactory(
        challenge=Mission.Challenge.FOOD,
        governance=Mission.Governance.OTHER,
        governance_other="Citizens' assembly",
    )
    indicator = with_indicator(mission)

    content = detail(client, mission.authority).content.decode()
    assert "Outcome: Fewer hungry children" in content
    assert (
        f'role="img" aria-labelledby="chart-{indicator.pk}-title chart-{indicator.pk}-desc"'
        in content
    )
    assert (
        f'<title id="chart-{indicator.pk}-title">Children in food poverty: progress chart</title>'
        in content
    )
    assert (
        "From 21% in April 2023 to 18.5% in April 2025 against a target of 10% by March 2030"
        in content
    )
    assert "<polyline" in content and "<circle" in content
    # The table beside it holds every number, with the reading's source.
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--s">Children in food poverty (%)'
        in content
    )
    for text in ["Baseline", "21%", "18.5%", "Target", "10%", "Source: Annual survey"]:
        assert text in content
    assert "Food" in content and "Citizens&#x27; assembly" in content
    assert "style=" not in content.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "<script" not in content.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_indicator_with_one_figure_has_a_table_and_no_chart(client, db):
    mission = MissionFactory()
    outcome = Outcome.objects.create(mission=mission, title="Cleaner air")
    Indicator.objects.create(outcome=outcome, name="NO2 exceedances", unit="sites")
    content = detail(client, mission.authority).content.decode()
    assert "NO2 exceedances (sites)" in content and "No figures yet." in content
    assert "<svg" not in content.split("Cleaner air", 1)[1]


def test_shared_mission_shows_on_every_sharing_authority(client, db):
    combined = AuthorityFactory(name="Testshire Combined Authority", type=Authority.Type.COMBINED)
    council = AuthorityFactory(name="Testbury")
    mission = MissionFactory(authority=combined, title="Net zero by 2038")
    mission.authorities.add(council)

    content = detail(client, council).content.decode()
    assert "Net zero by 2038" in content
    assert f'href="{combined.get_absolute_url()}">Testshire Combined Authority</a>' in content
    assert "Net zero by 2038" in detail(client, combined).content.decode()
    assert list(Mission.objects.for_authority(council)) == [mission]


def _missions_with_indicators(authority, size):
    for mission in MissionFactory.create_batch(size, authority=authority):
        for n in range(size):
            with_indicator(mission, name=f"Indicator {n}", readings=((2024, "20"), (2025, "19")))


@pytest.mark.parametrize("size", [2, 6])
def test_query_count_is_constant_in_missions_and_indicators(
    db, client, django_assert_num_queries, size
):
    authority = AuthorityFactory()
    _missions_with_indicators(authority, size)
    # authority, missions, national missions, approaches, partners, outcomes, indicators,
    # readings, case studies
    with django_assert_num_queries(9):
        response = detail(client, authority)
    assert response.content.decode().count("<svg") == size * size
