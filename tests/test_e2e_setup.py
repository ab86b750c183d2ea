"""The browser tests check for Chromium first, and say in one line how to get it; the tests on
the real stack (PostgreSQL, Redis, a Celery worker) say in one line how to configure it."""

import pytest

from tests.e2e.conftest import NO_CHROMIUM, chromium_path, without_chromium
from tests.integration.harness import SERVICES_REASON, without_services


def test_chromium_path_is_none_when_neither_the_system_one_nor_chromium_path_exists(
    monkeypatch,
):
    monkeypatch.setattr("os.path.exists", lambda path: False)

    assert chromium_path({"CHROMIUM_PATH": "/nowhere/chromium"}) is None


def test_chromium_path_prefers_chromium_path(monkeypatch):
    monkeypatch.setattr("os.path.exists", lambda path: path == "/opt/chromium")

    assert chromium_path({"CHROMIUM_PATH": "/opt/chromium"}) == "/opt/chromium"


def test_without_chromium_the_browser_tests_are_skipped_with_one_line():
    with pytest.raises(pytest.skip.Exception) as skipped:
        without_chromium({})

    assert str(skipped.value) == NO_CHROMIUM
    assert "\n" not in NO_CHROMIUM and "apt-get install chromium" in NO_CHROMIUM


def test_in_ci_a_missing_chromium_fails_loudly():
    with pytest.raises(pytest.fail.Exception) as failed:
        without_chromium({"CI": "true"})

    assert str(failed.value) == NO_CHROMIUM


def test_without_services_the_real_stack_tests_are_skipped_with_one_line():
    with pytest.raises(pytest.skip.Exception) as skipped:
        without_services({})

    assert str(skipped.value) == SERVICES_REASON
    assert "\n" not in SERVICES_REASON and "DATABASE_URL" in SERVICES_REASON


def test_in_ci_missing_services_fail_loudly():
    with pytest.raises(pytest.fail.Exception) as failed:
        without_services({"CI": "true"})

    assert str(failed.value) == SERVICES_REASON


def test_the_real_stack_journey_reads_codes_and_links_as_the_recipient_sees_them():
    """Long lines are sent quoted-printable, a non-ASCII subject RFC 2047-encoded, and the
    text sits beside an HTML part: the journey still reads the code and the link."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor
    from types import SimpleNamespace

    from django.core.mail import EmailMultiAlternatives

    from tests.e2e.journey import from_smtp
    from tests.integration.harness import SinkHandler

    body = f"Your code:\n\n  ABCD-EFGH\n\n{'é' * 600}\nhttp://127.0.0.1:8000/my/?next=%2Fa\n"
    sent = EmailMultiAlternatives("Confirm – Missions", body, to=["Jo <jo@testshire.gov.uk>"])
    sent.attach_alternative("<p>ABCD-EFGH</p>", "text/html")
    raw = sent.message().as_bytes()
    assert b"quoted-printable" in raw
    sink = SinkHandler()
    envelope = SimpleNamespace(rcpt_tos=["jo@testshire.gov.uk"], content=raw)
    with ThreadPoolExecutor(1) as thread:  # Playwright may hold this thread's event loop
        thread.submit(asyncio.run, sink.handle_DATA(None, None, envelope)).result()

    [message] = [from_smtp(m) for m in sink.received()]

    assert message.to == ["jo@testshire.gov.uk"]
    assert message.subject == "Confirm – Missions"
    assert message.code == "ABCD-EFGH"
    assert message.links == ["/my/?next=%2Fa"]
