import pytest
from django.urls import reverse

from councils.models import Approach, Authority, Mission, MissionPartner, NationalMission, Partner
from tests.factories import AuthorityFactory, MissionPartnerFactory

MODELS = [Authority, Mission, Partner, MissionPartner, NationalMission, Approach]


def changelist(model):
    return reverse(f"admin:councils_{model._meta.model_name}_changelist")


@pytest.fixture
def data(db):
    strategic = AuthorityFactory(type=Authority.Type.COMBINED, tier=Authority.Tier.MAYORAL)
    council = AuthorityFactory(name="Camden", strategic_authority=strategic)
    link = MissionPartnerFactory(mission__authority=council, mission__title="Food for all")
    link.mission.national_missions.add(NationalMission.objects.first())
    return link


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelists_and_search_load(researcher_client, data, model):
    assert researcher_client.get(changelist(model)).status_code == 200
    response = researcher_client.get(changelist(model), {"q": "Camden"})
    assert response.status_code == 200


def test_authority_filters_and_search(researcher_client, data):
    url = changelist(Authority)
    response = researcher_client.get(
        url, {"nation__exact": "England", "type__exact": "COMB", "tier__exact": "mayoral"}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    response = researcher_client.get(url, {"is_current__exact": "1", "q": "Camden"})
    assert [a.name for a in response.context["cl"].result_list] == ["Camden"]


def test_mission_pages_with_partner_inline(researcher_client, data):
    mission = data.mission
    response = researcher_client.get(reverse("admin:councils_mission_change", args=[mission.pk]))
    assert response.status_code == 200
    assert "mission_partners-TOTAL_FORMS" in response.content.decode()
    assert researcher_client.get(reverse("admin:councils_mission_add")).status_code == 200
    response = researcher_client.get(changelist(Mission), {"q": "Food"})
    assert response.context["cl"].result_count == 1


def test_authority_change_page_and_autocomplete(researcher_client, data):
    council = data.mission.authority
    response = researcher_client.get(reverse("admin:councils_authority_change", args=[council.pk]))
    assert response.status_code == 200
    response = researcher_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "councils",
            "model_name": "mission",
            "field_name": "authority",
            "term": "Cam",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Camden"]


@pytest.mark.parametrize("size", [5, 60])
@pytest.mark.parametrize("model", [Authority, Mission, MissionPartner], ids=lambda m: m.__name__)
def test_changelist_query_count_is_fixed(
    researcher_client, django_assert_max_num_queries, model, size
):
    strategic = AuthorityFactory(type=Authority.Type.COMBINED)
    for _ in range(size):
        MissionPartnerFactory(mission__authority__strategic_authority=strategic)
    with django_assert_max_num_queries(12):
        assert researcher_client.get(changelist(model)).status_code == 200


def test_history_of_authorities_and_missions_is_shown_in_admin(researcher_client, data):
    authority = Authority.objects.get(name="Camden")
    authority.email_domains = "camden.gov.uk"
    authority.save()
    mission = Mission.objects.filter(authority=authority).first() or Mission.objects.first()
    mission.statement = "Everyone eats well every day, checked by a researcher."
    mission.save()

    page = researcher_client.get(
        reverse("admin:councils_authority_history", args=[authority.pk])
    ).content.decode()
    assert "Changed" in page or "changed" in page
    assert authority.history.count() >= 2  # created, then changed

    response = researcher_client.get(reverse("admin:councils_mission_history", args=[mission.pk]))
    assert response.status_code == 200
    assert mission.history.filter(statement__startswith="Everyone eats well").exists()


def test_researcher_edits_outcomes_indicators_and_readings_inline(researcher_client, data):
    from datetime import date

    from councils.models import Indicator, Outcome, Reading

    mission = data.mission
    page = researcher_client.get(reverse("admin:councils_mission_change", args=[mission.pk]))
    assert "outcomes-TOTAL_FORMS" in page.content.decode()
    outcome = Outcome.objects.create(mission=mission, title="Fewer hungry children")
    page = researcher_client.get(reverse("admin:councils_outcome_change", args=[outcome.pk]))
    assert "indicators-TOTAL_FORMS" in page.content.decode()
    indicator = Indicator.objects.create(outcome=outcome, name="Free school meals", unit="%")
    url = reverse("admin:councils_indicator_change", args=[indicator.pk])
    response = researcher_client.post(
        url,
        {
            "outcome": outcome.pk,
            "name": "Free school meals",
            "unit": "%",
            "baseline_value": "21",
            "baseline_date": "2023-04-01",
            "target_value": "10",
            "target_date": "2030-03-31",
            "order": "0",
            "readings-TOTAL_FORMS": "1",
            "readings-INITIAL_FORMS": "0",
            "readings-0-date": "2025-04-01",
            "readings-0-value": "18.5",
            "readings-0-source": "School census",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    reading = Reading.objects.get(indicator=indicator)
    assert (reading.date, str(reading.value), reading.source) == (
        date(2025, 4, 1),
        "18.5000",
        "School census",
    )


def test_other_needs_its_text(db):
    from django.core.exceptions import ValidationError

    mission = Mission(authority=AuthorityFactory(), title="T", statement="S", challenge="other")
    with pytest.raises(ValidationError) as error:
        mission.full_clean()
    assert "challenge_other" in error.value.message_dict
    mission.challenge, mission.challenge_other = "food", "left over"
    mission.governance, mission.governance_other = "board", ""
    mission.full_clean()
    assert mission.challenge_other == ""
