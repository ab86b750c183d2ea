"""common/paging.py: a page and its total from one query."""

import pytest

from casestudies.models import CaseStudy
from common.paging import page_of
from tests.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def five():
    CaseStudyFactory.create_batch(5)
    return CaseStudy.objects.published().order_by("-published_at", "-pk")


def test_a_page_and_its_total_come_from_one_query(five, django_assert_num_queries):
    expected = [c.pk for c in five[2:4]]
    with django_assert_num_queries(1):
        page = page_of(five, "2", 2)
        assert page.paginator.count == 5
        assert page.paginator.num_pages == 3
        assert [c.pk for c in page] == expected
        assert page.has_next() and page.has_previous()


@pytest.mark.parametrize("asked, shown", [(None, 1), ("", 1), ("abc", 1), ("-3", 1), ("99", 3)])
def test_a_bad_or_missing_page_number_shows_the_first_or_the_last_page(five, asked, shown):
    page = page_of(five, asked, 2)
    assert page.number == shown
    assert page.paginator.count == 5


def test_an_empty_list_has_one_empty_page():
    page = page_of(CaseStudy.objects.none(), "1", 20)
    assert page.number == 1
    assert list(page) == []
    assert page.paginator.count == 0
