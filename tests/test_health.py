"""/healthz/ answers for any caller; /readyz/ reports database, cache and broker, not publicly."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from common import health

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readiness_from_loopback_reports_every_service(client):
    response = client.get(reverse("readyz"), REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(status.startswith("ok") for status in body["checks"].values())


def test_readiness_is_not_public(client):
    assert client.get(reverse("readyz"), REMOTE_ADDR="203.0.113.9").status_code == 404
    # A proxy on the same machine relays outside requests from loopback.
    relayed = client.get(
        reverse("readyz"), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert relayed.status_code == 404


def test_readiness_with_a_token_needs_the_token(client, settings):
    settings.HEALTH_TOKEN = "a-long-monitoring-token"
    url = reverse("readyz")
    assert client.get(url, REMOTE_ADDR="127.0.0.1").status_code == 404
    assert client.get(url, HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    response = client.get(url, HTTP_AUTHORIZATION="Bearer a-long-monitoring-token")
    assert response.status_code == 200


def test_readiness_reports_a_down_cache_without_a_500(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(cache, "set", refuse)
    response = client.get(reverse("readyz"), REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False
    assert body["checks"]["cache"].startswith("down: ConnectionError")
    assert body["checks"]["database"] == "ok"


def test_readiness_reports_an_unreachable_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("readyz"), REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("down:")


def test_readiness_reports_a_database_error(client, monkeypatch):
    def fail():
        raise RuntimeError("database is restarting")

    monkeypatch.setitem(health.CHECKS, "database", fail)
    response = client.get(reverse("readyz"), REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down: RuntimeError: database is restarting"
