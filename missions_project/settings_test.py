"""Settings for the test suite: the real settings, with test-only secrets.

DATABASE_URL and REDIS_URL still switch the suite to PostgreSQL and Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("CONTACT_RATE_LIMIT", "1000")

from .settings import *  # noqa: E402,F403
from .settings import STORAGES  # noqa: E402

# Tests do not run collectstatic; serve the source files directly.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
