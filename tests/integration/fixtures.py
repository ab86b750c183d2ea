"""The real stack as pytest fixtures: an SMTP sink, a proxy in front of Redis, a Celery worker
and `outbox_stack`, which makes this process publish to it. A plugin (tests/conftest.py loads it)
so the integration tests and the whole-loop browser journey share one copy."""

import os

import kombu.pools
import pytest
import redis

from missions_project.celery import app as celery_app

from .harness import (
    SERVICES_AVAILABLE,
    TcpProxy,
    Worker,
    database_url_for,
    redis_address,
    redis_url,
    start_smtp_sink,
    without_services,
)


def _purge_test_queue():
    # The database number is reserved for these tests: drop queued, unacked and scheduled
    # messages so nothing from an earlier run is delivered.
    redis.Redis.from_url(redis_url()).flushdb()


def _use_broker(url: str):
    """Point this process's Celery app at another broker, dropping pooled connections."""
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.conf.broker_url = url


@pytest.fixture(scope="module")
def smtp_sink():
    controller, handler = start_smtp_sink()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture(scope="module")
def redis_proxy():
    proxy = TcpProxy(redis_address())
    proxy.start()
    yield proxy
    proxy.stop()


@pytest.fixture(scope="module")
def celery_worker(django_db_setup, smtp_sink, redis_proxy, tmp_path_factory):
    """A real worker with embedded beat, on the pytest-django test database, reaching Redis
    through the proxy (so stopping the proxy is Redis going down for everyone)."""
    if not SERVICES_AVAILABLE:
        without_services()
    from django.db import connection

    _purge_test_queue()
    tmp = tmp_path_factory.mktemp("celery")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "missions_project.settings_test",
        "CELERY_EAGER": "false",
        "DATABASE_URL": database_url_for(connection.settings_dict),
        "DATABASE_POOL": "false",
        "REDIS_URL": redis_url(host="127.0.0.1", port=redis_proxy.port),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_sink.port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "OUTBOX_SWEEP_INTERVAL": "1",
        "OUTBOX_SWEEP_GRACE_SECONDS": "1",
        "OUTBOX_RETRY_BASE_SECONDS": "1",
        "OUTBOX_RETRY_MAX_SECONDS": "4",
        "PYTHONUNBUFFERED": "1",
    }
    worker = Worker(env, log_path=tmp / "worker.log", schedule_path=tmp / "beat-schedule")
    try:
        worker.wait_until_ready()
        yield worker
    finally:
        worker.stop()
        _purge_test_queue()


@pytest.fixture
def outbox_stack(celery_worker, smtp_sink, redis_proxy):
    """The web side (this process) publishes to the real broker through the proxy, not eagerly.
    The worker's log is printed if the test fails (pytest shows teardown output on failure)."""
    smtp_sink.reset()
    if not redis_proxy.running:
        redis_proxy.start()
    log_start = len(celery_worker.log())
    previous = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    _use_broker(redis_url(host="127.0.0.1", port=redis_proxy.port))
    yield
    celery_app.conf.task_always_eager = previous[0]
    _use_broker(previous[1])
    print("----- Celery worker log for this test -----")
    print(celery_worker.log()[log_start:])
