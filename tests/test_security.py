"""Security headers on every response, and production settings that pass Django's deploy check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def test_every_response_has_a_permissions_policy(client):
    for url in [reverse("home"), reverse("privacy"), "/no-such-page/", reverse("account_login")]:
        policy = client.get(url).headers.get("Permissions-Policy", "")
        assert "camera=()" in policy and "geolocation=()" in policy, url


def test_signed_in_pages_are_not_stored(client):
    assert "no-store" not in client.get(reverse("home")).headers.get("Cache-Control", "")
    client.force_login(UserFactory())
    for url in [reverse("home"), reverse("account_email"), "/my/"]:
        response = client.get(url)
        assert "no-store" in response.headers.get("Cache-Control", ""), url


def test_production_settings_pass_the_deploy_check():
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="missions.example.org",
        SITE_URL="https://missions.example.org",
        DJANGO_SETTINGS_MODULE="missions_project.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
