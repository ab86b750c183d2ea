"""Settings for the test suite: the real settings, with test-only secrets.

DATABASE_URL and REDIS_URL still switch the suite to PostgreSQL and Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("CONTACT_RATE_LIMIT", "1000")
# Unit tests run Celery tasks in-process; tests/integration runs a real worker with this off.
os.environ.setdefault("CELERY_EAGER", "true")

from .settings import *  # noqa: E402,F403
from .settings import STORAGES  # noqa: E402

# Tests do not run collectstatic; serve the source files directly.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# With Redis, keep the test cache in its own database (15) so clearing it between tests
# (tests/conftest.py) never touches a developer's data or the broker's queues.
if REDIS_URL:  # noqa: F405
    from urllib.parse import urlsplit, urlunsplit

    _parts = urlsplit(REDIS_URL)  # noqa: F405
    CACHES["default"]["LOCATION"] = urlunsplit(_parts._replace(path="/15"))  # noqa: F405

# Most admin tests sign in with force_login and no authenticator; tests/accounts/test_mfa.py
# turns the second-factor gate back on to test it.
ADMIN_REQUIRES_SECOND_FACTOR = False

# The test client and the browser tests' live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
