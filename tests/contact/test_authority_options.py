"""The contact page's authority select: its options are rendered once per page-cache version,
so a page view builds no options and runs no query for them, and a register change shows at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import pagecache
from councils.models import Authority
from tests.factories import AuthorityFactory

pytestmark = pytest.mark.django_db

URL = reverse("contact:contact")


def authority_queries(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    table = Authority._meta.db_table
    return response.content.decode(), [q["sql"] for q in queries if table in q["sql"]]


def test_a_second_render_runs_no_query_for_the_authorities(client):
    camden = AuthorityFactory(name="Camden")

    first, first_queries = authority_queries(client)
    second, second_queries = authority_queries(client)

    assert len(first_queries) == 1
    assert second_queries == []
    assert f'<option value="{camden.pk}">Camden</option>' in second


def test_a_new_authority_shows_at_once(client):
    AuthorityFactory(name="Camden")
    authority_queries(client)

    barnet = AuthorityFactory(name="Barnet")

    content, queries = authority_queries(client)
    assert len(queries) == 1
    assert re.search(
        rf'<option value="" selected>[^<]*</option>\s*<option value="{barnet.pk}">Barnet</option>',
        content,
    )


def test_a_renamed_or_retired_authority_changes_at_once(client):
    camden = AuthorityFactory(name="Camden")
    gone = AuthorityFactory(name="Oldshire")
    assert "Oldshire" in authority_queries(client)[0]

    camden.name = "London Borough of Camden"
    camden.save()
    gone.is_current = False
    gone.save()

    content, _ = authority_queries(client)
    assert f'<option value="{camden.pk}">London Borough of Camden</option>' in content
    assert "Oldshire" not in content


def test_a_bulk_register_change_shows_once_the_version_is_bumped(client):
    camden = AuthorityFactory(name="Camden")
    authority_queries(client)

    # Bulk updates send no signals; the register import bumps the version itself.
    Authority.objects.filter(pk=camden.pk).update(name="Camden Town")
    pagecache.bump()

    assert "Camden Town" in authority_queries(client)[0]


def test_the_chosen_authority_stays_selected_after_an_error(client):
    camden = AuthorityFactory(name="Camden")
    AuthorityFactory(name="Barnet")

    response = client.post(URL, {"authority": camden.pk})

    content = response.content.decode()
    assert f'<option value="{camden.pk}" selected>Camden</option>' in content
    assert '<option value="">Not a council or strategic authority</option>' in content
    assert content.count(" selected>") == 1
