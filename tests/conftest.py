import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# inside one unless told it is safe (the test thread is not actually async).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The real stack (SMTP sink, Redis proxy, Celery worker) for tests/integration and tests/e2e.
pytest_plugins = ["tests.integration.fixtures"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = str(item.fspath)
        if f"{os.sep}e2e{os.sep}" in path:
            item.add_marker(pytest.mark.e2e)
        if f"{os.sep}integration{os.sep}" in path:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and other cached state must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _public_files(settings, tmp_path):
    """The open-data files and the sitemap are written per test, never into build/."""
    settings.PUBLIC_FILES_ROOT = tmp_path / "public-files"


# --- the real roles, one definition each for the whole suite ------------------------------------
# Tests act as these, never as superusers, unless superusers are the point of the test.


@pytest.fixture
def researcher(db):
    from tests.factories import make_staff

    return make_staff("Researcher", "rosa", email="rosa@newlocal.example")


@pytest.fixture
def lead(db):
    from tests.factories import make_staff

    return make_staff("Project lead", "lee", email="lee@newlocal.example")


@pytest.fixture
def authority(db):
    from tests.factories import AuthorityFactory

    return AuthorityFactory(name="Testshire", email_domains="testshire.gov.uk")


@pytest.fixture
def officer(authority):
    """A verified officer of `authority` (override `authority` to choose which)."""
    from tests.factories import make_officer

    return make_officer(authority, "jo@testshire.gov.uk")


@pytest.fixture
def current_round(db):
    """The seeded round, moved so that it is open today whatever day the tests run."""
    from datetime import timedelta

    from django.utils import timezone

    from instrument.models import Round

    today = timezone.localdate()
    round, _ = Round.objects.update_or_create(
        slug="call-for-practice-2026-27",
        defaults={
            "title": "Call for practice 2026–27",
            "opens_on": today - timedelta(days=30),
            "closes_on": today + timedelta(days=300),
        },
    )
    return round


@pytest.fixture
def researcher_client(researcher):
    from tests.factories import client_for

    return client_for(researcher)


@pytest.fixture
def lead_client(lead):
    from tests.factories import client_for

    return client_for(lead)


@pytest.fixture
def officer_client(officer, current_round):
    """`officer` signed in, with the round open (what the questionnaire's pages need)."""
    from tests.factories import client_for

    return client_for(officer)
