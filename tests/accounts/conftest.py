import copy
import re
from uuid import uuid4

import pytest
from allauth.account.models import EmailAddress

from missions_project.celery import app as celery_app
from outbox.models import OutboxEmail
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
CODE_RE = re.compile(r"^\s*([A-Z]{4}-[A-Z]{4})\s*$", re.MULTILINE)


@pytest.fixture(autouse=True)
def eager_celery():
    """Send outbox email in the test process, even when REDIS_URL gives Celery a real broker."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def own_rate_limit_counts(settings):
    """allauth counts attempts in the default cache, which is Redis when REDIS_URL is set and
    outlives the test run: a key prefix per test keeps counts from carrying over."""
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid4().hex}"
    settings.CACHES = caches


@pytest.fixture
def verified_user(db):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def outbox_rows_to(address: str) -> list[OutboxEmail]:
    # JSONField "contains" lookups are not available on SQLite; the tables here are tiny.
    return [row for row in OutboxEmail.objects.order_by("pk") if address in row.to]


def code_in(text: str) -> str:
    match = CODE_RE.search(text)
    assert match, f"no code in:\n{text}"
    return match.group(1)


def assert_in_site_layout(response):
    """The page is rendered in base.html: the site's service navigation and <main>."""
    html = response.content.decode()
    assert 'class="govuk-service-navigation"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert "/static/css/site.css" in html
