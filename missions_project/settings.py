"""Settings for the mission-led local government platform.

Everything that differs between deployments comes from the environment (see .env.example).
Without any environment the site runs locally on SQLite, with Celery tasks run eagerly, an
in-memory cache and email printed to the console. With DEBUG off it refuses to start without
a real SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

_DEV_SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env("SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG:
    # 50+ characters: what `check --deploy` asks of a key (security.W009).
    if not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a long random value when DEBUG is off. See .env.example."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must list this site's host names when DEBUG is off. See .env.example."
        )

SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("SITE_NAME", "Mission-led local government")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The person who receives notifications ("join the conversation"), from the launch article.
PROJECT_LEAD_NAME = env("PROJECT_LEAD_NAME", "Grace Pollard")
PROJECT_LEAD_ROLE = env("PROJECT_LEAD_ROLE", "Head of Policy and Insights")
PROJECT_LEAD_EMAIL = env("PROJECT_LEAD_EMAIL", "gpollard@newlocal.org.uk")

INSTALLED_APPS = [
    "research.apps.ResearchAdminConfig",  # django.contrib.admin, with the dashboard
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "simple_history",
    # Project apps, lowest layer first (docs/architecture.md)
    "common",
    "outbox",
    "councils",
    "instrument",
    "submissions",
    "casestudies",
    "research",
    "contact",
    "accounts",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "common.middleware.CompressedPagesMiddleware",  # pages gzipped (docs/deploy.md)
    # Anonymous public pages from the cache, before the stack below runs (common/pagecache.py).
    "common.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.AdminSecondFactorMiddleware",
]

ROOT_URLCONF = "missions_project.urls"
WSGI_APPLICATION = "missions_project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "missions_project.context_processors.site",
            ],
        },
    },
]

# Database: SQLite file by default; DATABASE_URL (e.g. postgres://user@host:5432/name) switches.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# Opening a PostgreSQL connection costs several milliseconds, more than a cached page: reuse
# them. psycopg 3's pool is on by default (it needs CONN_MAX_AGE = 0); with DATABASE_POOL=false
# each process keeps its connection for DATABASE_CONN_MAX_AGE seconds instead.
if USING_POSTGRES and env_bool("DATABASE_POOL", default=True):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(env("DATABASE_POOL_MIN_SIZE", "2")),
        "max_size": int(env("DATABASE_POOL_MAX_SIZE", "10")),
        "timeout": float(env("DATABASE_POOL_TIMEOUT", "10")),
    }
elif USING_POSTGRES:
    DATABASES["default"]["CONN_MAX_AGE"] = int(env("DATABASE_CONN_MAX_AGE", "60"))

# Redis: unset means eager Celery and an in-memory cache, so a first run needs no services.
REDIS_URL = env("REDIS_URL")
# A Redis outage must not take pages down: the cache gives up after CACHE_SOCKET_TIMEOUT seconds
# and answers from this process's memory for a while (common/cache.py).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "common.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "missions",
            "OPTIONS": {
                "socket_timeout": float(env("CACHE_SOCKET_TIMEOUT", "0.25")),
                "socket_connect_timeout": float(env("CACHE_SOCKET_TIMEOUT", "0.25")),
                "RETRY_AFTER": float(env("CACHE_RETRY_AFTER", "5")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery (configured from here through the CELERY_ namespace; see missions_project/celery.py).
CELERY_BROKER_URL = REDIS_URL or "memory://"
# Without Redis, tasks run in the web process. CELERY_EAGER overrides (the test suite runs
# tasks eagerly even with Redis; its integration tests use a real worker).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task running past the soft limit gets SoftTimeLimitExceeded; at the hard limit its worker
# process is killed (and, acks late, the message goes back to the queue).
CELERY_TASK_SOFT_TIME_LIMIT = int(env("CELERY_SOFT_TIME_LIMIT", "240"))
CELERY_TASK_TIME_LIMIT = int(env("CELERY_TIME_LIMIT", "300"))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request must not hang when Redis is down: publish fails fast, the outbox sweep retries.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TIMEZONE = "Europe/London"
OUTBOX_SWEEP_INTERVAL = float(env("OUTBOX_SWEEP_INTERVAL", "30"))
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "outbox.tasks.sweep_outbox", "schedule": OUTBOX_SWEEP_INTERVAL},
}
# Outbox retry policy: attempt n waits OUTBOX_RETRY_BASE_SECONDS * 2**(n-1), capped.
OUTBOX_MAX_ATTEMPTS = int(env("OUTBOX_MAX_ATTEMPTS", "8"))
OUTBOX_RETRY_BASE_SECONDS = float(env("OUTBOX_RETRY_BASE_SECONDS", "30"))
OUTBOX_RETRY_MAX_SECONDS = float(env("OUTBOX_RETRY_MAX_SECONDS", "3600"))
# A pending email is re-enqueued by the sweep once it is this many seconds overdue.
OUTBOX_SWEEP_GRACE_SECONDS = float(env("OUTBOX_SWEEP_GRACE_SECONDS", "60"))

# Email: console unless EMAIL_HOST is set.
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <no-reply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth 65: email only, verification by code.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
# A lost code email should not strand anyone: offer "send a new code".
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = True
# Behind a reverse proxy, how many X-Forwarded-For hops to trust (per-IP rate limits).
if env("TRUSTED_PROXY_COUNT"):
    ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT"))
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
# Sends allauth's emails (verification codes, password resets) through the outbox.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth's forms with GOV.UK labels, hints and error messages, and NUL characters stripped.
ACCOUNT_FORMS = {
    name: f"accounts.forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "request_login_code": "RequestLoginCodeForm",
        "confirm_login_code": "ConfirmLoginCodeForm",
        "confirm_email_verification_code": "ConfirmEmailVerificationCodeForm",
        "confirm_password_reset_code": "ConfirmPasswordResetCodeForm",
        "confirm_reauthentication_code": "ConfirmReauthenticationCodeForm",
        "change_email": "ChangeEmailForm",
        "add_email": "AddEmailForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "set_password": "SetPasswordForm",
        "change_password": "ChangePasswordForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
# allauth's rate limits stay on with their defaults (ACCOUNT_RATE_LIMITS unset); they are kept in
# the default cache, which is Redis, shared across processes, whenever REDIS_URL is set. While
# Redis is down they are counted in each process's memory instead (common/cache.py).
# Second factor for staff: an authenticator app (TOTP) with recovery codes; the admin refuses
# staff who have not set one up (accounts.middleware.AdminSecondFactorMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# The code forms with GOV.UK labels, a numeric keypad and plain-English errors.
MFA_FORMS = {
    "authenticate": "accounts.forms.MfaAuthenticateForm",
    "reauthenticate": "accounts.forms.MfaReauthenticateForm",
    "activate_totp": "accounts.forms.ActivateTOTPForm",
}
ADMIN_REQUIRES_SECOND_FACTOR = env_bool("ADMIN_REQUIRES_SECOND_FACTOR", default=True)
# Staff pages outside /admin/ that need the same second factor (the case study preview).
SECOND_FACTOR_PATHS = ["/case-studies/preview/"]
LOGIN_REDIRECT_URL = "/my/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "build" / "collected-static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    BASE_DIR / "build" / "static",  # compiled site.css (npm run build:css)
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("autocomplete", BASE_DIR / "node_modules" / "accessible-autocomplete" / "dist"),
]
# Uploaded files get a content hash in their names, so they can be cached for a year.
# MEDIA_STORAGE=s3 keeps them in an S3-compatible bucket that every web machine shares;
# the default keeps them under MEDIA_ROOT and the site serves them itself (common/media.py).
MEDIA_STORAGE = env("MEDIA_STORAGE", "local").lower()
if MEDIA_STORAGE not in {"local", "s3"}:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'local' or 's3'. See .env.example.")
if MEDIA_STORAGE == "s3":
    if not env("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    # Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by boto3 itself.
    _DEFAULT_STORAGE = {
        "BACKEND": "common.media.FingerprintedS3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN") or None,
            # Public images: plain URLs that caches and browsers can keep.
            "querystring_auth": False,
            "default_acl": env("AWS_DEFAULT_ACL") or None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    _DEFAULT_STORAGE = {"BACKEND": "common.media.FingerprintedFileSystemStorage"}
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "common.staticfiles.HashedStaticFilesStorage"
    },
}
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / "media")
# Officers' evidence files: outside MEDIA_ROOT, served only through an access-checked view.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT") or BASE_DIR / "private_media")
# Open data and the sitemap, written once per change on each machine (common/pagecache.py).
PUBLIC_FILES_ROOT = Path(env("PUBLIC_FILES_ROOT") or BASE_DIR / "build" / "public-files")
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.8.0"

PAGE_CACHE = env_bool("PAGE_CACHE", default=True)  # off: the benchmark measures pages both ways
# Strict CSP: scripts only from this site or with the per-request nonce; no inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "missions_project.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Browser features the site never uses, refused for it and anything it embeds (common/middleware.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# Production is HTTPS only: `manage.py check --deploy --fail-level WARNING` passes (.ci/run).
# The TLS-terminating proxy must set X-Forwarded-Proto.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers and monitors probe these over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# HSTS preload is hard to undo: the operator's choice (SECURE_HSTS_PRELOAD), not a check failure.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Retention (stated in the privacy notice): Celery beat deletes these many days old, nightly.
CONTACT_RETENTION_DAYS = int(env("CONTACT_RETENTION_DAYS", "730"))
UNVERIFIED_ACCOUNT_RETENTION_DAYS = int(env("UNVERIFIED_ACCOUNT_RETENTION_DAYS", "30"))

# /readyz/ answers only "Authorization: Bearer <token>" or, with no token set, direct loopback.
HEALTH_TOKEN = env("HEALTH_TOKEN")
# Contact form: posts allowed per IP address per hour (shared cache).
CONTACT_RATE_LIMIT = int(env("CONTACT_RATE_LIMIT", "5"))
CONTACT_RATE_WINDOW_SECONDS = 3600

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
