"""Production settings refuse to start without a real SECRET_KEY and ALLOWED_HOSTS."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="missions_project.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('ok')"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "env, message",
    [
        ({}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS must list"),
    ],
)
def test_production_refuses_to_start_without_secrets(env, message):
    result = load_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_secrets():
    result = load_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="missions.example.org")
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def test_local_defaults_need_nothing():
    result = load_settings(DEBUG="true")
    assert result.returncode == 0, result.stderr
