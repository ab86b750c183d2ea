import pytest

from missions_project.celery import app as celery_app


@pytest.fixture(autouse=True)
def eager_celery():
    """Run tasks in-process even when REDIS_URL is set (the integration tests use a real worker)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
