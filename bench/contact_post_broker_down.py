"""How long a contact post takes when the Celery broker is unreachable.

The outbox keeps the message either way; this measures how long the person waits while the
publish gives up (settings: CELERY_TASK_PUBLISH_RETRY_POLICY). Run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/missions .venv/bin/python bench/contact_post_broker_down.py

It uses a throwaway test database and a broker address nothing listens on.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missions_project.settings_test")
os.environ["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
os.environ["CELERY_EAGER"] = "false"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

RUNS = int(os.environ.get("RUNS", "10"))


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        client = Client()
        timings = []
        for n in range(RUNS):
            started = time.perf_counter()
            response = client.post(
                reverse("contact:contact"),
                {
                    "name": "Bench",
                    "email": f"bench{n}@example.org",
                    "organisation": "Bench Council",
                    "role": "Officer",
                    "message": "Timing a post while the broker is down.",
                    "consent": "on",
                },
            )
            timings.append(time.perf_counter() - started)
            assert response.status_code == 302, response.status_code
        print(
            f"{RUNS} posts with the broker down: median {statistics.median(timings):.3f} s, "
            f"max {max(timings):.3f} s"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
