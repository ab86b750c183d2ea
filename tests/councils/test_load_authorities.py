import csv
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from councils.models import Authority
from councils.services import AUTHORITIES_CSV
from tests.factories import AuthorityFactory

T = Authority.Type


def load(path=None) -> str:
    out = StringIO()
    kwargs = {"path": path} if path else {}
    call_command("load_authorities", stdout=out, **kwargs)
    return out.getvalue()


def dump():
    fields = [f.attname for f in Authority._meta.concrete_fields]
    return list(Authority.objects.order_by("code").values_list(*fields))


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def shipped_rows():
    with AUTHORITIES_CSV.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_current_counts_by_type(register):
    counts = {t: register.current().filter(type=t).count() for t in T.values}
    assert counts == {
        T.COUNTY: 21,
        T.DISTRICT: 164,
        T.UNITARY: 63,
        T.METROPOLITAN: 36,
        T.LONDON_BOROUGH: 32,
        T.CITY_OF_LONDON: 1,
        T.SCOTTISH: 32,
        T.WELSH: 22,
        T.NI_DISTRICT: 11,
        T.COMBINED: 13,
        T.COMBINED_COUNTY: 4,
        T.GLA: 1,
    }


def test_current_strategic_authorities(register):
    current = set(register.current().strategic().values_list("gss_code", flat=True))
    assert {"E47000014", "E47000015", "E47000016", "E47000018", "E61000001"} <= current
    assert "E47000010" not in current
    assert "E47000011" not in current
    # Cumbria and Cheshire and Warrington have no confirmed GSS code: blank, not invented.
    assert None in current
    assert set(
        register.current().strategic().filter(gss_code=None).values_list("name", flat=True)
    ) == {"Cumbria", "Cheshire and Warrington"}


def test_north_east_abolitions_point_to_new_authority(by_gss):
    north_east = by_gss("E47000014")
    assert north_east.is_current
    assert north_east.official_name == "North East Combined Authority"
    assert north_east.tier == Authority.Tier.MAYORAL
    for code in ("E47000010", "E47000011"):
        old = by_gss(code)
        assert not old.is_current
        assert old.end_date == date(2024, 5, 7)
        assert old.replaced_by == north_east
    assert set(north_east.members.values_list("name", flat=True)) == {
        "Newcastle upon Tyne",
        "North Tyneside",
        "Northumberland",
        "County Durham",
        "Gateshead",
        "South Tyneside",
        "Sunderland",
    }


def test_new_combined_county_authorities_and_their_members(by_gss):
    devon_torbay = by_gss("E47000015")
    assert devon_torbay.type == T.COMBINED_COUNTY
    assert devon_torbay.tier == Authority.Tier.FOUNDATION
    assert set(devon_torbay.members.values_list("name", flat=True)) == {"Devon", "Torbay"}
    assert Authority.objects.get(name="Plymouth").strategic_authority is None

    lancashire = by_gss("E47000018")
    assert lancashire.type == T.COMBINED_COUNTY
    assert lancashire.tier == Authority.Tier.FOUNDATION
    assert set(lancashire.members.values_list("name", flat=True)) == {
        "Lancashire",
        "Blackburn with Darwen",
        "Blackpool",
    }
    assert by_gss("E47000013").type == T.COMBINED_COUNTY  # East Midlands
    assert by_gss("E47000017").type == T.COMBINED_COUNTY  # Greater Lincolnshire


def test_hull_and_east_yorkshire_renamed(by_gss):
    hull = by_gss("E47000016")
    assert hull.name == "Hull and East Yorkshire"
    assert hull.official_name == "Hull and East Yorkshire Combined Authority"
    assert hull.tier == Authority.Tier.MAYORAL
    assert set(hull.members.values_list("name", flat=True)) == {
        "Kingston upon Hull",
        "East Riding of Yorkshire",
    }


def test_barnsley_and_sheffield_have_new_gss_codes(register):
    barnsley = register.get(name="Barnsley")
    sheffield = register.get(name="Sheffield")
    assert (barnsley.gss_code, barnsley.former_gss_code_list) == ("E08000038", ["E08000016"])
    assert (sheffield.gss_code, sheffield.former_gss_code_list) == ("E08000039", ["E08000019"])
    assert not register.filter(gss_code__in=["E08000016", "E08000019"]).exists()
    assert barnsley.strategic_authority.gss_code == "E47000002"


def test_tiers_set_for_every_current_strategic_authority_only(register, by_gss):
    assert not register.current().strategic().filter(tier="").exists()
    assert not register.councils().exclude(tier="").exists()
    assert by_gss("E61000001").tier == Authority.Tier.MAYORAL
    established = register.filter(tier=Authority.Tier.ESTABLISHED_MAYORAL)
    assert set(established.values_list("gss_code", flat=True)) == {"E47000001", "E47000007"}


def test_london_boroughs_and_city_belong_to_the_gla(by_gss):
    gla = by_gss("E61000001")
    london = Authority.objects.current().filter(type__in=[T.LONDON_BOROUGH, T.CITY_OF_LONDON])
    assert london.count() == 33
    assert not london.exclude(strategic_authority=gla).exists()


def test_combined_authority_membership_from_the_register(register, by_gss):
    members = {
        "E47000001": 10,  # Greater Manchester
        "E47000003": 5,  # West Yorkshire
        "E47000004": 6,  # Liverpool City Region
        "E47000007": 7,  # West Midlands
        "E47000008": 7,  # Cambridgeshire and Peterborough
        "E47000013": 4,  # East Midlands
    }
    for code, count in members.items():
        assert by_gss(code).members.current().count() == count, code


def test_districts_belong_to_current_counties(register):
    districts = register.current().filter(type=T.DISTRICT)
    assert not districts.filter(county=None).exists()
    assert not districts.exclude(county__type=T.COUNTY, county__is_current=True).exists()


def test_abolished_authorities_are_kept_not_current(register):
    cumbria = register.get(code="CMA")
    assert not cumbria.is_current
    assert set(cumbria.successors().values_list("code", flat=True)) == {"CBD", "WAF"}
    assert register.filter(is_current=False).count() == len(shipped_rows()) - 400


def test_second_run_changes_nothing(db):
    first = load()
    assert "475 created, 0 updated" in first
    before = dump()
    second = load()
    assert "0 created, 0 updated, 475 unchanged" in second
    assert dump() == before


def test_load_uses_bulk_queries(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        load()


def test_changed_row_updates_only_that_record(register, tmp_path):
    before = {row[0]: row for row in dump()}
    rows = shipped_rows()
    camden = next(r for r in rows if r["gss_code"] == "E09000007")
    camden["population"] = "280000"
    camden["official_name"] = "Camden Council"
    output = load(write_csv(tmp_path / "changed.csv", rows))
    assert "0 created, 1 updated" in output
    after = {row[0]: row for row in dump()}
    changed = [pk for pk in before if before[pk] != after[pk]]
    assert len(changed) == 1
    camden_record = Authority.objects.get(gss_code="E09000007")
    assert (camden_record.population, camden_record.official_name) == (280000, "Camden Council")


def test_changed_membership_updates_in_second_pass(register, tmp_path):
    rows = shipped_rows()
    plymouth = next(r for r in rows if r["name"] == "Plymouth")
    plymouth["strategic_authority"] = "DTCA"
    assert "0 created, 1 updated" in load(write_csv(tmp_path / "changed.csv", rows))
    assert Authority.objects.get(name="Plymouth").strategic_authority.gss_code == "E47000015"


def test_researchers_fields_survive_a_reload(register, tmp_path):
    manchester = Authority.objects.get(gss_code="E47000001")
    manchester.email_domains = "greatermanchester-ca.gov.uk"
    manchester.tier = Authority.Tier.MAYORAL
    manchester.save()
    rows = shipped_rows()
    next(r for r in rows if r["gss_code"] == "E47000001")["tier"] = "foundation"
    assert "0 created, 0 updated" in load(write_csv(tmp_path / "tiers.csv", rows))
    manchester.refresh_from_db()
    assert manchester.email_domains == "greatermanchester-ca.gov.uk"
    assert manchester.tier == Authority.Tier.MAYORAL


def test_authorities_missing_from_the_file_are_left_alone(register):
    added = AuthorityFactory(name="Researcher-added authority")
    load()
    added.refresh_from_db()
    assert added.is_current


def test_bad_row_is_reported_and_nothing_is_saved(db, tmp_path):
    rows = shipped_rows()
    rows[3]["type"] = "PARISH"
    with pytest.raises(CommandError, match="unknown type 'PARISH'"):
        load(write_csv(tmp_path / "bad.csv", rows))
    assert not Authority.objects.exists()


def test_unknown_reference_is_reported(db, tmp_path):
    rows = shipped_rows()
    rows[0]["strategic_authority"] = "NOPE"
    with pytest.raises(CommandError, match="NOPE is not in the register"):
        load(write_csv(tmp_path / "bad.csv", rows))


def test_every_authority_has_a_working_address(register):
    """GOV.UK slugs such as "st.-helens" are not URL slugs; every page must be reachable."""
    for authority in Authority.objects.all():
        assert authority.get_absolute_url() == f"/authorities/{authority.slug}/"
