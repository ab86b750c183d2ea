"""With Redis stopped or hung, every public page, sign-up and sign-in still work.

Runs against a real Redis this test starts itself (`redis-server` on a free port), reached
through a proxy that can be stopped (Redis down) or made to swallow traffic (Redis hung), and
PostgreSQL (run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/missions_trust). The cache
settings are the production ones, read from missions_project.settings with REDIS_URL pointing at
the proxy, so this tests what is deployed rather than a test double.
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time

import pytest
import redis
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from casestudies.models import CaseStudy
from instrument.models import Theme
from tests.factories import PASSWORD, CaseStudyFactory, UserFactory

from .harness import BASE_DIR, TcpProxy, wait_for

pytestmark = [
    pytest.mark.skipif(
        not (
            __import__("django.conf").conf.settings.USING_POSTGRES and shutil.which("redis-server")
        ),
        reason="needs PostgreSQL (DATABASE_URL=postgres://.../missions_trust) and redis-server",
    ),
    pytest.mark.django_db,
]

# A request may wait for one cache timeout before the fallback takes over; never seconds.
SLOWEST = 1.5


def free_port_from(start: int) -> int:
    for port in range(start, start + 100):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


class HangingProxy(TcpProxy):
    """The harness's proxy, which can also hang: connections stay open, nothing comes back."""

    def __init__(self, target):
        super().__init__(target)
        self.hung = threading.Event()

    def _pump(self, src, dst):
        try:
            while data := src.recv(65536):
                if not self.hung.is_set():
                    dst.sendall(data)
        except OSError:
            pass
        finally:
            for conn in (src, dst):
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    port = free_port_from(6390)
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path_factory.mktemp("redis")),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, socket_timeout=1)

    def up():
        with contextlib.suppress(redis.RedisError):
            return client.ping()

    try:
        wait_for(up, timeout=15, message="redis-server to start")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def proxy(redis_server):
    proxy = HangingProxy(("127.0.0.1", redis_server))
    proxy.start()
    yield proxy
    proxy.hung.clear()
    if proxy.running:
        proxy.stop()


def deployed_caches(redis_url: str) -> dict:
    """CACHES as missions_project.settings builds it for this REDIS_URL (in a fresh process)."""
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DEBUG": "false",
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "testserver",
    }
    code = "import json; from missions_project import settings as s; print(json.dumps(s.CACHES))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return json.loads(out.stdout)


@pytest.fixture
def redis_cache(proxy, redis_server):
    """The site's cache, as deployed, in front of the proxy; Redis up at the start."""
    proxy.hung.clear()
    if not proxy.running:
        proxy.start()
    caches = deployed_caches(f"redis://127.0.0.1:{proxy.port}/0")
    assert caches["default"]["BACKEND"] == "common.cache.FailSoftRedisCache"
    with override_settings(CACHES=caches):
        yield redis.Redis(port=redis_server)


def public_urls() -> list[str]:
    urls = [
        reverse(name)
        for name in [
            "home",
            "about",
            "privacy",
            "accessibility",
            "instrument:theme_list",
            "councils:authority_list",
            "contact:contact",
            "casestudies:list",
            "casestudies:map",
            "casestudies:feed",
            "case_studies_csv",
            "case_studies_json",
            "sitemap",
            "account_signup",
            "account_login",
            "account_request_login_code",
            "account_reset_password",
        ]
    ]
    case_study = CaseStudyFactory(state=CaseStudy.State.PUBLISHED)
    urls.append(Theme.objects.first().get_absolute_url())
    urls.append(reverse("councils:authority_detail", args=[case_study.authority.slug]))
    urls.append(case_study.get_absolute_url())
    return urls


def timed(call):
    start = time.monotonic()
    response = call()
    return response, time.monotonic() - start


def probe(client):
    """Every public page, a contact message, a sign-up and a sign-in; each fast and not an error."""
    for url in public_urls():
        response, took = timed(lambda url=url: client.get(url))
        assert response.status_code == 200, (url, response.status_code)
        assert took < SLOWEST, (url, took)

    response, took = timed(
        lambda: client.post(
            reverse("contact:contact"),
            {"name": "Ada", "email": "ada@example.org", "message": "Hello", "consent": "on"},
        )
    )
    assert response.status_code == 302 and took < SLOWEST, (response.status_code, took)

    email = f"new{time.monotonic_ns()}@example.org"
    response, took = timed(
        lambda: client.post(
            reverse("account_signup"),
            {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        )
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert took < SLOWEST
    assert get_user_model().objects.filter(email=email).exists()
    client.logout()

    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response, took = timed(
        lambda: client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    )
    assert response.status_code == 302 and took < SLOWEST, (response.status_code, took)
    assert client.session["_auth_user_id"] == str(user.pk)
    client.logout()


def test_with_redis_up_the_cache_and_rate_limits_live_in_redis(client, redis_cache):
    probe(client)
    assert redis_cache.dbsize() > 0


def test_with_redis_stopped_everything_public_still_works(client, redis_cache, proxy):
    proxy.stop()
    probe(client)


def test_with_redis_hung_everything_public_still_works_quickly(client, redis_cache, proxy):
    client.get(reverse("home"))  # an open connection to Redis, which now stops answering
    proxy.hung.set()
    probe(client)


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "10/m/ip,2/5m/key"})
def test_with_redis_down_sign_in_attempts_are_still_limited(client, redis_cache, proxy):
    proxy.stop()
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for _ in range(2):
        client.post(reverse("account_login"), {"login": user.email, "password": "guess"})

    blocked = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert "Too many attempts to sign in" in blocked.content.decode()
    assert "_auth_user_id" not in client.session
