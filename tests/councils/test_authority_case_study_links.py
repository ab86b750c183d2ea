"""The authority page lists its newest named case studies and links to all of them."""

import pytest
from django.urls import reverse

from councils.views import AUTHORITY_CASE_STUDIES
from tests.factories import AuthorityFactory, CaseStudyFactory

pytestmark = pytest.mark.django_db


def test_the_authority_page_shows_the_newest_few_and_links_to_the_whole_list(client):
    authority = AuthorityFactory(name="Lotsborough")
    CaseStudyFactory.create_batch(AUTHORITY_CASE_STUDIES + 2, authority=authority)
    CaseStudyFactory(authority=authority, title="Quietly anonymised", is_anonymised=True)
    page = client.get(authority.get_absolute_url())
    assert len(page.context["case_studies"]) == AUTHORITY_CASE_STUDIES
    assert b"Quietly anonymised" not in page.content
    all_link = f"{reverse('casestudies:list')}?authority={authority.slug}"
    assert all_link.encode() in page.content

    listed = client.get(all_link)
    assert listed.context["page_obj"].paginator.count == AUTHORITY_CASE_STUDIES + 2
    assert b"Quietly anonymised" not in listed.content
