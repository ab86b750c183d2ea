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


PRODUCTION = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "missions.example.org"}


def settings_value(expression: str, **env) -> str:
    """Evaluate `expression` against freshly loaded production settings (no database touched)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL", "DATABASE_POOL"}
        and not k.startswith(("MEDIA_", "AWS_"))
    }
    clean.update(PRODUCTION, **env, DJANGO_SETTINGS_MODULE="missions_project.settings")
    result = subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings as s; print({expression})"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


POSTGRES = "postgres://postgres@db.example.org:5432/missions"


def test_postgres_connections_come_from_a_pool_by_default():
    db = "s.DATABASES['default']"
    assert settings_value(f"{db}['CONN_MAX_AGE']", DATABASE_URL=POSTGRES) == "0"
    pool = settings_value(f"{db}['OPTIONS']['pool']['max_size']", DATABASE_URL=POSTGRES)
    assert pool == "10"
    assert settings_value(f"{db}['CONN_HEALTH_CHECKS']", DATABASE_URL=POSTGRES) == "True"


def test_without_the_pool_postgres_connections_persist():
    db = "s.DATABASES['default']"
    env = {"DATABASE_URL": POSTGRES, "DATABASE_POOL": "false"}
    assert settings_value(f"{db}['CONN_MAX_AGE']", **env) == "60"
    assert settings_value(f"'pool' in {db}.get('OPTIONS', {{}})", **env) == "False"
    assert settings_value(f"{db}['CONN_HEALTH_CHECKS']", **env) == "True"


def test_sqlite_has_no_pool():
    assert settings_value("s.DATABASES['default'].get('OPTIONS', {})") == "{}"


def test_media_is_on_the_local_filesystem_by_default():
    backend = settings_value("s.STORAGES['default']['BACKEND']")
    assert backend == "common.media.FingerprintedFileSystemStorage"


def test_static_files_get_hashed_names_in_production_only():
    backend = "s.STORAGES['staticfiles']['BACKEND']"
    assert settings_value(backend) == "common.staticfiles.HashedStaticFilesStorage"
    assert settings_value(backend, DEBUG="true") == (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def test_pages_are_compressed_after_whitenoise_and_around_the_page_cache():
    order = settings_value("s.MIDDLEWARE").strip("[]").replace("'", "").split(", ")
    whitenoise = order.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert order[whitenoise + 1] == "common.middleware.CompressedPagesMiddleware"
    assert order[whitenoise + 2] == "common.pagecache.AnonymousPageCacheMiddleware"


def test_media_storage_s3_selects_the_bucket():
    env = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "missions-media",
        "AWS_S3_ENDPOINT_URL": "https://objects.example.org",
    }
    assert settings_value("s.STORAGES['default']['BACKEND']", **env) == (
        "common.media.FingerprintedS3Storage"
    )
    options = "s.STORAGES['default']['OPTIONS']"
    assert settings_value(f"{options}['bucket_name']", **env) == "missions-media"
    assert settings_value(f"{options}['endpoint_url']", **env) == "https://objects.example.org"
    assert "immutable" in settings_value(f"{options}['object_parameters']['CacheControl']", **env)


def test_media_storage_s3_needs_a_bucket():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    result = load_settings(**{**clean, **PRODUCTION, "MEDIA_STORAGE": "s3"})
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_gunicorn_config_sizes_workers_from_the_cpus_and_kills_slow_requests():
    import multiprocessing
    import runpy

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["workers"] == multiprocessing.cpu_count() * 2 + 1
    assert config["timeout"] == 30
    assert config["preload_app"] is True
    assert config["control_socket_disable"] is True


def test_procfile_runs_gunicorn_a_worker_and_beat_apart():
    processes = dict(
        line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line
    )
    assert set(processes) == {"web", "worker", "beat"}
    assert "gunicorn --config gunicorn.conf.py missions_project.wsgi" in processes["web"]
    assert " worker " in processes["worker"]
    assert "--prefetch-multiplier=1" in processes["worker"]
    assert " beat " in processes["beat"]
    assert "-B" not in processes["worker"].split()


def test_celery_acks_late_one_at_a_time_with_time_limits():
    from django.conf import settings

    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert 0 < settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT


def test_gunicorn_serves_the_site_and_logs_json_lines(tmp_path):
    import json
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    env.update(
        PRODUCTION,
        ALLOWED_HOSTS="127.0.0.1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
        DJANGO_SETTINGS_MODULE="missions_project.settings",
    )
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"]
            + ["missions_project.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/healthz/", headers={"User-Agent": 'probe "1"'}
                )
                body = urllib.request.urlopen(request, timeout=2).read()  # noqa: S310
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert body == b"ok\n"
        time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = [line for line in log.read_text().splitlines() if line.startswith("{")]
    record = json.loads(lines[0])
    assert record["path"] == "/healthz/"
    assert record["status"] == 200
    assert record["method"] == "GET"
    assert isinstance(record["duration_us"], int)
