"""The authority counts behind anonymised labels are cached under the page-cache version, so a
change to the register changes the labels at once, not ten minutes later."""

import pytest

from casestudies import anonymity
from casestudies.anonymity import public_place
from casestudies.models import CaseStudy
from common import pagecache
from councils.models import Authority
from tests.factories import AuthorityFactory, CaseStudyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    """An anonymised case study about a combined authority that shares its region with one
    other, so its label shows the region (and there is a third elsewhere in England)."""
    subject = AuthorityFactory(type=Authority.Type.COMBINED, region="North East")
    peer = AuthorityFactory(type=Authority.Type.COMBINED, region="North East")
    AuthorityFactory(type=Authority.Type.COMBINED, region="West Midlands")
    CaseStudyFactory(title="Anonymised", authority=subject, is_anonymised=True)
    return peer


def label() -> str:
    case_study = CaseStudy.objects.select_related("authority").get(title="Anonymised")
    return public_place(case_study)["label"]


def test_the_counts_are_read_once_per_version(pair, django_assert_num_queries):
    anonymity.authority_peer_counts()
    with django_assert_num_queries(0):
        anonymity.authority_peer_counts()
    pagecache.bump()
    with django_assert_num_queries(1):
        anonymity.authority_peer_counts()


def test_an_authority_leaving_the_register_widens_the_label_at_once(pair):
    assert label() == "A combined authority in the North East"

    pair.is_current = False
    pair.save()

    assert label() == "A combined authority in England"


def test_a_bulk_register_change_applies_once_the_version_is_bumped(pair):
    assert label() == "A combined authority in the North East"

    # Bulk updates send no signals; the register import bumps the version itself.
    Authority.objects.filter(pk=pair.pk).update(is_current=False)
    pagecache.bump()

    assert label() == "A combined authority in England"


def test_a_new_peer_narrows_a_widened_label_at_once(pair):
    pair.delete()
    assert label() == "A combined authority in England"

    AuthorityFactory(type=Authority.Type.COMBINED, region="North East")

    assert label() == "A combined authority in the North East"
