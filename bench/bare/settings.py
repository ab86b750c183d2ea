"""A bare Django site: the yardstick bench/public_pages.py measures the real pages against.

One view rendering a template of about the size of the real pages (BARE_PAGE_BYTES), and a
static file served by whitenoise, behind the same gunicorn configuration.
"""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bare.urls"
WSGI_APPLICATION = "bare.wsgi.application"
INSTALLED_APPS = ["django.contrib.staticfiles"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",
]
TEMPLATES = [
    {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [HERE / "templates"]}
]
DATABASES = {}
STATIC_URL = "/static/"
STATIC_ROOT = os.environ["BARE_STATIC_ROOT"]
USE_TZ = True
BARE_PAGE_BYTES = int(os.environ.get("BARE_PAGE_BYTES", "30000"))
