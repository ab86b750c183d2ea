"""The anonymous page cache (common/pagecache.py): what it stores, what it never stores, and
that every change to public data shows at once."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from casestudies import services as casestudy_services
from common import pagecache
from councils import services as council_services
from councils.models import Authority
from tests.factories import AuthorityFactory, CaseStudyFactory, ThemeFactory, client_for

pytestmark = pytest.mark.django_db

HOME = reverse("home")
LIST = reverse("casestudies:list")
HIT = pagecache.HIT_HEADER


def nonce_of(response) -> str:
    header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    body = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert header == body
    return header


def test_a_second_anonymous_visit_is_answered_without_a_query(client, django_assert_num_queries):
    CaseStudyFactory(title="Cached case study")
    first = client.get(LIST)
    assert HIT not in first
    with django_assert_num_queries(0):
        second = client.get(LIST)
    assert second[HIT] == "hit"
    assertContains(second, "Cached case study")
    assert second.content.count(b"Cached case study") == first.content.count(b"Cached case study")


def test_a_hit_has_a_fresh_csp_nonce_and_the_security_headers(client):
    first = client.get(HOME)
    second = client.get(HOME)
    assert second[HIT] == "hit"
    assert nonce_of(first) != nonce_of(second)
    for header in ("X-Frame-Options", "Permissions-Policy"):
        assert second[header] == first[header]
    policy = second["Content-Security-Policy"].replace(nonce_of(second), nonce_of(first))
    assert policy == first["Content-Security-Policy"]


def test_no_cached_page_carries_a_cookie_or_a_session(client, officer):
    # A signed-in visit first: nothing it sees may be stored for anyone else.
    signed_in = client_for(officer)
    assert HIT not in signed_in.get(HOME)
    anonymous = client.get(HOME)
    assert HIT not in anonymous
    hit = client.get(HOME)
    assert hit[HIT] == "hit"
    assert not hit.cookies
    assert "Set-Cookie" not in hit
    assert settings.SESSION_COOKIE_NAME not in hit.cookies
    assert officer.email.encode() not in hit.content
    assert b"Sign out" not in hit.content


def test_signed_in_visitors_never_get_the_cached_page(client, officer):
    client.get(HOME)
    assert client.get(HOME)[HIT] == "hit"
    signed_in = client_for(officer)
    response = signed_in.get(HOME)
    assert HIT not in response
    assert "no-store" in response["Cache-Control"]


def test_private_pages_are_never_cached(client, officer):
    signed_in = client_for(officer)
    url = reverse("councils:my_authority") if _has_url("councils:my_authority") else "/my/"
    for _ in range(2):
        assert HIT not in signed_in.get(url)
    for _ in range(2):
        assert HIT not in client.get("/my/")


def _has_url(name) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_a_form_page_from_the_cache_carries_a_token_of_its_own_visitor_and_posts(
    django_assert_num_queries,
):
    from django.middleware.csrf import _unmask_cipher_token
    from django.test import Client

    url = reverse("contact:contact")
    first_visitor = Client(enforce_csrf_checks=True)
    first = first_visitor.get(url)
    assert HIT not in first
    with django_assert_num_queries(0):
        hit = first_visitor.get(url)
    assert hit[HIT] == "hit"
    assert b"csrf-token-placeholder" not in hit.content

    # A new visitor gets a new secret in a cookie, and a token of it in the page.
    second_visitor = Client(enforce_csrf_checks=True)
    page = second_visitor.get(url)
    assert page[HIT] == "hit"
    secret = page.cookies[settings.CSRF_COOKIE_NAME].value
    assert secret != first.cookies[settings.CSRF_COOKIE_NAME].value
    tokens = set(CSRF_FIELD.findall(page.content.decode()))
    assert tokens and {_unmask_cipher_token(token) for token in tokens} == {secret}
    assert "Cookie" in page["Vary"]

    # The form from the cache posts (an invalid message comes back with its errors, not a 403).
    posted = second_visitor.post(url, {"csrfmiddlewaretoken": tokens.pop(), "name": ""})
    assert posted.status_code == 200
    assert b"There is a problem" in posted.content


def test_a_visitor_with_a_messages_cookie_is_not_served_from_the_cache(client):
    client.get(HOME)
    client.cookies["messages"] = "something"
    assert HIT not in client.get(HOME)


# --- every change to public data shows at once ------------------------------------------------


def test_publishing_shows_at_once(client, lead):
    client.get(LIST)
    draft = CaseStudyFactory(title="Brand new work", state="in_review", published_at=None)
    assertNotContains(client.get(LIST), "Brand new work")
    casestudy_services.case_study_publish(case_study=draft, by=lead)
    assertContains(client.get(LIST), "Brand new work")


def test_withdrawing_shows_at_once(client, lead):
    case_study = CaseStudyFactory(title="Soon withdrawn")
    detail = case_study.get_absolute_url()
    assertContains(client.get(LIST), "Soon withdrawn")
    assert client.get(detail).status_code == 200
    assert client.get(detail)[HIT] == "hit"
    casestudy_services.case_study_withdraw(case_study=case_study, by=lead)
    assertNotContains(client.get(LIST), "Soon withdrawn")
    assert client.get(detail).status_code == 404


def test_editing_a_published_case_study_and_its_themes_shows_at_once(client):
    theme = ThemeFactory(title="Tidy streets")
    case_study = CaseStudyFactory(title="Before the edit")
    detail = case_study.get_absolute_url()
    client.get(detail)
    case_study.title = "After the edit"
    case_study.save()
    assertContains(client.get(detail), "After the edit")
    case_study.themes.add(theme)
    assertContains(client.get(detail), "Tidy streets")


def test_a_theme_change_shows_at_once(client):
    theme = ThemeFactory(title="Old theme wording")
    url = reverse("instrument:theme_list")
    assertContains(client.get(url), "Old theme wording")
    theme.title = "New theme wording"
    theme.save()
    assertContains(client.get(url), "New theme wording")


def test_a_register_change_shows_at_once(client):
    authority = AuthorityFactory(name="Oldname Council")
    url = authority.get_absolute_url()
    assertContains(client.get(url), "Oldname Council")
    authority.name = "Newname Council"
    authority.save()
    assertContains(client.get(url), "Newname Council")


def test_a_bulk_register_import_shows_at_once(client):
    rows = council_services.authorities_read_csv()
    council_services.authorities_load(rows=rows)
    renamed = Authority.objects.get(code=rows[0]["code"])
    assertContains(client.get(renamed.get_absolute_url()), renamed.name)
    rows[0] = {**rows[0], "name": "Renamed By The Register"}
    council_services.authorities_load(rows=rows)
    assertContains(client.get(renamed.get_absolute_url()), "Renamed By The Register")


def test_a_bump_after_commit_replaces_the_version(django_capture_on_commit_callbacks):
    before = pagecache.version()
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.bump()
        during = pagecache.version()
    assert before != during != pagecache.version()


# --- files written once per change, and the switch ---------------------------------------------

OPEN_DATA = "/case-studies.csv"


def read(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_open_data_is_written_once_per_change_and_then_served_from_the_file(
    client, lead, django_assert_num_queries
):
    CaseStudyFactory(title="Filed once")
    first = client.get(OPEN_DATA)
    assert HIT not in first
    with django_assert_num_queries(0):
        second = client.get(OPEN_DATA)
    assert second[HIT] == "file"
    assert second["Content-Type"] == first["Content-Type"]
    assert read(second) == read(first)
    old_folders = set(settings.PUBLIC_FILES_ROOT.iterdir())

    draft = CaseStudyFactory(title="Filed after", state="in_review", published_at=None)
    casestudy_services.case_study_publish(case_study=draft, by=lead)
    after = client.get(OPEN_DATA)
    assert HIT not in after
    assert b"Filed after" in read(after)
    # The old version's file is removed once the new one is written.
    assert not old_folders & set(settings.PUBLIC_FILES_ROOT.iterdir())


def test_a_request_waits_for_the_file_another_request_is_building(client, monkeypatch):
    import threading

    from casestudies import opendata

    client.get(OPEN_DATA)  # the version's folder exists
    folder = settings.PUBLIC_FILES_ROOT / pagecache.version()
    path = next(p for p in folder.iterdir() if not p.suffix)
    body, headers = path.read_bytes(), path.with_suffix(".json").read_bytes()
    path.unlink()
    path.with_suffix(".json").unlink()
    path.with_suffix(".lock").touch()  # another request is building it

    def finish_building():
        path.write_bytes(body)
        path.with_suffix(".json").write_bytes(headers)
        path.with_suffix(".lock").unlink()

    monkeypatch.setattr(opendata, "csv_response", lambda request: pytest.fail("built twice"))
    threading.Timer(0.3, finish_building).start()
    response = client.get(OPEN_DATA)
    assert response[HIT] == "file"
    assert read(response) == body


def test_with_the_page_cache_off_every_visit_builds_the_page(client, settings):
    from django.test import Client

    settings.PAGE_CACHE = False
    fresh = Client()
    fresh.get(HOME)
    assert HIT not in fresh.get(HOME)
