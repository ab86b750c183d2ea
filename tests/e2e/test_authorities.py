import re

from playwright.sync_api import expect

from councils.models import Authority, NationalMission
from tests.factories import AuthorityFactory, MissionFactory, MissionPartnerFactory


def test_filter_directory_by_nation_and_open_an_authority(page, assert_no_axe_violations):
    wales = Authority.Nation.WALES
    AuthorityFactory.create_batch(51, nation=wales, region="Wales", type=Authority.Type.WELSH)
    cardiff = AuthorityFactory(
        name="Aaa Cardiff", slug="cardiff", nation=wales, region="Wales", type=Authority.Type.WELSH
    )
    AuthorityFactory(name="Aaa Camden", type=Authority.Type.LONDON_BOROUGH, region="London")
    mission = MissionFactory(authority=cardiff, title="Warm homes for all", is_demo=True)
    national, _ = NationalMission.objects.get_or_create(
        slug="clean-energy-superpower", defaults={"name": "Make Britain a clean energy superpower"}
    )
    mission.national_missions.add(national)
    MissionPartnerFactory(mission=mission)

    page.goto("/authorities/")
    expect(page.get_by_role("heading", name="53 authorities")).to_be_visible()
    page.get_by_label("Nation").select_option("Wales")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"nation=Wales"))
    expect(page.get_by_role("heading", name="52 authorities")).to_be_visible()
    expect(page.get_by_role("link", name="Aaa Camden")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Pages of authorities")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Aaa Cardiff").click()
    expect(page.get_by_role("heading", level=1, name="Aaa Cardiff")).to_be_visible()
    expect(page.get_by_text("Demo content").first).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Warm homes for all"))).to_be_visible()
    assert_no_axe_violations(page)
