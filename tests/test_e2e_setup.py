"""The browser tests check for Chromium first, and say in one line how to get it."""

import pytest

from tests.e2e.conftest import NO_CHROMIUM, chromium_path, without_chromium


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
