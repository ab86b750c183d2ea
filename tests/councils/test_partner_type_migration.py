"""The migrations that make partner types one councils model keep every partner's type and
every case study's partner-type facet, forwards and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casestudies.models import CaseStudy
from councils.models import Partner, PartnerType

BEFORE = [
    ("councils", "0003_outcomes_indicators_sharing"),
    ("casestudies", "0004_search_document"),
    ("accounts", "0002_roles_outcomes"),
]

OLD_TO_SLUG = {
    "community": "community-group",
    "vcse": "vcse-organisation",
    "public": "public-sector-body",
    "business": "business",
    "academic": "academic-institution",
    "other": "other",
}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """Every app's newest migration: going back to BEFORE also unapplied the later migrations
    of other apps that depend on it, and the rest of the suite needs the whole schema."""
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


# Migrating rebuilds tables, so the test needs real transactions; the seeded rows the rest of
# the suite relies on are restored afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_partner_types_and_case_study_facets_survive_the_move():
    try:
        old = migrate(BEFORE)
        OldPartner = old.get_model("councils", "Partner")
        OldPartnerType = old.get_model("casestudies", "PartnerType")
        OldCaseStudy = old.get_model("casestudies", "CaseStudy")
        for value in OLD_TO_SLUG:
            OldPartner.objects.create(name=f"Partner {value}", type=value)
        OldPartner.objects.create(name="Partner unknown", type="mystery")
        business = OldPartnerType.objects.get(slug="business")
        business.name = "Businesses"  # renamed by a researcher
        business.save()
        funder = OldPartnerType.objects.create(slug="funder", name="Funder", order=9)
        case_study = OldCaseStudy.objects.create(
            title="València", slug="valencia", summary="s", body="b", country="Spain"
        )
        case_study.partner_types.set([business, funder, OldPartnerType.objects.get(slug="other")])
        OldCaseStudy.objects.create(
            title="None", slug="none", summary="s", body="b", country="Spain"
        )

        migrate_to_latest()

        types = {p.name: p.type.slug for p in Partner.objects.select_related("type")}
        assert types == {
            **{f"Partner {value}": slug for value, slug in OLD_TO_SLUG.items()},
            "Partner unknown": "other",
        }
        assert list(PartnerType.objects.values_list("slug", "name")) == [
            ("community-group", "Community group"),
            ("vcse-organisation", "VCSE organisation"),
            ("public-sector-body", "Public sector body"),
            ("business", "Businesses"),
            ("academic-institution", "Academic institution"),
            ("other", "Other"),
            ("funder", "Funder"),
        ]
        facets = CaseStudy.objects.get(slug="valencia").partner_types
        assert set(facets.values_list("slug", flat=True)) == {"business", "funder", "other"}
        assert not CaseStudy.objects.get(slug="none").partner_types.exists()

        back = migrate(BEFORE)
        assert set(back.get_model("councils", "Partner").objects.values_list("name", "type")) == {
            *((f"Partner {v}", v) for v in OLD_TO_SLUG),
            ("Partner unknown", "other"),
        }
        valencia = back.get_model("casestudies", "CaseStudy").objects.get(slug="valencia")
        assert set(valencia.partner_types.values_list("slug", flat=True)) == {
            "business",
            "funder",
            "other",
        }
    finally:
        migrate_to_latest()
