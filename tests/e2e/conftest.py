"""Browser tests: Playwright driving Debian's Chromium, with axe-core for accessibility."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe's best-practice rules too: among them `region` (all content inside landmarks), so a
# banner or back link left outside <header>/<main>/<footer>/<nav> fails the suite.
AXE_TAGS = [*WCAG_TAGS, "best-practice"]


SYSTEM_CHROMIUM = "/usr/bin/chromium"
NO_CHROMIUM = (
    "No Chromium for the browser tests: install it (sudo apt-get install chromium) or set "
    "CHROMIUM_PATH to one; `make test-fast` runs everything else"
)


def chromium_path(environ=os.environ) -> str | None:
    """Prefer the system Chromium (this machine cannot download Playwright's own); None when
    there is none, rather than Playwright's missing headless shell."""
    candidates = [environ.get("CHROMIUM_PATH"), SYSTEM_CHROMIUM, shutil.which("chromium")]
    return next((path for path in candidates if path and os.path.exists(path)), None)


def without_chromium(environ=os.environ) -> None:
    """Skip the browser tests, with one line saying how to install Chromium; in CI (CI=true)
    fail instead, so a missing browser never passes as a green run."""
    if environ.get("CI", "").lower() == "true":
        pytest.fail(NO_CHROMIUM, pytrace=False)
    pytest.skip(NO_CHROMIUM)


@pytest.fixture(scope="session")
def browser():
    if chromium_path() is None:
        without_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_no_axe_violations(axe):
    """Run axe-core with the WCAG 2.2 AA tags and its best-practice rules on the page as it is
    now; fail on any violation.

    `exclude` (CSS selectors) leaves out known third-party markup; say why wherever it is used."""

    def check(page, exclude=()):
        # A click that follows a link returns once the next page has started: let it finish
        # loading, or axe reads a bare <html> (no <main>, no <h1>: best-practice violations).
        page.wait_for_load_state()
        context = {"exclude": [[selector] for selector in exclude]} if exclude else None
        results = axe.run(
            page, context=context, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}
        )
        violations = results.response["violations"]
        assert not violations, results.generate_report()

    return check


@pytest.fixture
def share_session(page, live_server):
    """Hand the browser (the `page` fixture, or `target`) a test client's session, so a test
    signs in without the login form."""

    def share(client, target=None):
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        (target or page).context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return share


@pytest.fixture
def sign_in_browser(share_session):
    """Sign `user` in, in the browser; returns the test client that holds the same session."""

    def sign_in(user, target=None):
        client = Client()
        client.force_login(user)
        share_session(client, target)
        return client

    return sign_in


@pytest.fixture
def roles(transactional_db):
    """The roles' groups, made again as the accounts migration makes them: browser tests flush
    the database after each test, taking the groups with it. Request it before `researcher` or
    `lead`. apply_roles is given the migrations' models, as it changes the app configs it gets."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from common.roles import apply_roles

    apply_roles(MigrationLoader(connection).project_state().apps)
