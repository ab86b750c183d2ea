import re

import pytest
from django.urls import reverse

from councils.models import Authority
from tests.factories import AuthorityFactory

URL = reverse("councils:authority_list")


def names(response):
    return [a.name for a in response.context["page_obj"]]


def test_lists_current_authorities_with_count_and_credit(register, client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 400
    assert len(names(response)) == 50
    content = response.content.decode()
    assert "400 authorities" in content
    assert "Showing 1 to 50 of 400." in content
    assert "mySociety" in content and "CC BY 4.0" in content
    assert "Open Government Licence v3.0" in content
    assert "<title>Councils and strategic authorities" in content


def test_abolished_authorities_only_when_asked(register, client):
    assert "North of Tyne" not in names(client.get(URL, {"q": "tyne"}))
    response = client.get(URL, {"q": "tyne", "abolished": "on"})
    assert "North of Tyne" in names(response)
    assert "Abolished" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"nation": "Wales"}, 22),
        ({"nation": "Scotland"}, 32),
        ({"nation": "Northern Ireland"}, 11),
        ({"region": "London"}, 34),
        ({"type": "LBO"}, 32),
        ({"type": "CCA"}, 4),
        ({"nation": "England", "type": "CTY"}, 21),
        ({"region": "North East", "type": "COMB"}, 2),
    ],
)
def test_filters(register, client, params, count):
    response = client.get(URL, params)
    assert response.context["page_obj"].paginator.count == count


def test_search_by_name_or_official_name(register, client):
    assert names(client.get(URL, {"q": "camden"})) == ["Camden"]
    assert names(client.get(URL, {"q": "Wirral Borough Council"})) == ["Wirral"]


def test_form_keeps_choices_and_works_without_javascript(register, client):
    content = client.get(URL, {"nation": "Wales", "q": "car", "abolished": "on"}).content.decode()
    assert re.search(r'<form method="get" action="/authorities/"', content)
    assert '<option value="Wales" selected>Wales</option>' in content
    assert 'name="q" value="car"' in content
    assert re.search(r'name="abolished"[^>]*checked', content)
    assert 'class="govuk-select"' in content


def test_no_results_message(register, client):
    content = client.get(URL, {"q": "Atlantis"}).content.decode()
    assert "0 authorities" in content
    assert "No authorities match your filters" in content


def test_pagination_keeps_filters(register, client):
    response = client.get(URL, {"nation": "England", "page": 2})
    page = response.context["page_obj"]
    assert page.number == 2
    assert page.paginator.num_pages == 7  # 335 current English authorities
    content = response.content.decode()
    assert 'class="govuk-pagination"' in content
    assert 'href="?nation=England&amp;page=3" rel="next"' in content
    assert 'href="?nation=England&amp;page=1" rel="prev"' in content
    assert 'aria-current="page">2</a>' in content
    assert "Page 2 of 7" in content  # in the <title>


def test_out_of_range_page_shows_last_page(register, client):
    response = client.get(URL, {"nation": "Wales", "page": 99})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert client.get(URL, {"page": "nonsense"}).status_code == 200


def test_unknown_choice_is_ignored(register, client):
    response = client.get(URL, {"nation": "Atlantis"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 400


@pytest.mark.parametrize("size", [5, 60])
def test_query_count_does_not_grow(db, client, django_assert_max_num_queries, size):
    county = AuthorityFactory(type=Authority.Type.COUNTY)
    AuthorityFactory.create_batch(size, county=county, strategic_authority=county)
    with django_assert_max_num_queries(3):
        response = client.get(URL, {"nation": "England"})
    assert response.status_code == 200


def test_search_with_a_nul_character_is_not_an_error(register, client):
    response = client.get(reverse("councils:authority_list"), {"q": "Cam\x00den"})
    assert response.status_code == 200
