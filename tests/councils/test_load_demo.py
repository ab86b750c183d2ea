from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from councils.models import Authority, Mission, MissionPartner, Partner
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
    return (
        list(Mission.objects.order_by("pk").values_list("pk", "title", "statement", "is_demo")),
        list(Partner.objects.order_by("pk").values_list("pk", "name", "type")),
        list(MissionPartner.objects.order_by("pk").values_list("pk", "mission", "partner", "role")),
        list(Mission.national_missions.through.objects.order_by("pk").values_list("pk")),
        list(Mission.approaches.through.objects.order_by("pk").values_list("pk")),
    )


def test_needs_the_register(db):
    with pytest.raises(CommandError, match="Run `manage.py load_authorities` first"):
        load_demo()
    assert not Mission.objects.exists()


def test_loads_labelled_public_missions(demo_authorities):
    camden, west_yorkshire = demo_authorities
    output = load_demo()
    assert "Demo content loaded." in output
    assert camden.missions.count() == 4
    assert west_yorkshire.missions.count() == 5
    assert Mission.objects.filter(is_demo=True, is_public=True).count() == 9
    assert not Mission.objects.filter(source_url="").exists()
    assert not Mission.objects.filter(national_missions=None).exists()
    assert not Mission.objects.filter(approaches=None).exists()
    food = camden.missions.get(title="Access to food for all")
    assert food.statement.startswith("By 2030, everyone eats well every day")
    assert food.partners.filter(type__slug="community-group").exists()
    assert set(west_yorkshire.missions.values_list("target_year", flat=True)) == {2040}


def test_is_idempotent(demo_authorities):
    load_demo()
    before = snapshot()
    load_demo()
    assert snapshot() == before


def test_demo_missions_show_on_the_authority_page(demo_authorities, client):
    camden, _ = demo_authorities
    load_demo()
    content = client.get(reverse("councils:authority_detail", args=[camden.slug])).content
    content = content.decode()
    assert "Demo content" in content
    assert (
        "By 2030, everyone eats well every day with nutritious, affordable, sustainable food."
        in content
    )
    assert "https://www.wemakecamden.org.uk/about/" in content


def test_works_on_the_real_register(register):
    load_demo()
    assert Mission.objects.filter(authority__gss_code="E47000003").count() == 5


def test_camden_officers_join_at_once_so_a_first_run_can_try_it(demo_authorities):
    from councils.memberships import email_domain_matches

    camden, _ = demo_authorities
    load_demo()
    load_demo()
    camden.refresh_from_db()
    assert camden.email_domain_list == ["camden.gov.uk"]
    assert email_domain_matches(address="sam@camden.gov.uk", domains=camden.email_domain_list)
