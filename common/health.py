"""Health endpoints for load balancers and monitors.

/healthz/ (liveness): the process answers; touches nothing else, so a database outage does not
make every web machine look dead and get restarted.
/readyz/ (readiness): the database, the cache and the Celery broker each answer. Not public: it
needs settings.HEALTH_TOKEN as a bearer token or, with no token set, a direct loopback request.
A service that is down gives 503 with a JSON report, never a 500.
"""

import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

LOOPBACK = {"127.0.0.1", "::1"}
CHECK_KEY = "health:readiness"


@never_cache
def liveness(request):
    return HttpResponse("ok\n", content_type="text/plain")


def _allowed(request) -> bool:
    token = settings.HEALTH_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    # A request relayed by a proxy on this machine also comes from loopback; the proxy's
    # X-Forwarded-For header gives it away.
    return request.META.get("REMOTE_ADDR") in LOOPBACK and "x-forwarded-for" not in request.headers


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    value = str(time.time())
    cache.set(CHECK_KEY, value, timeout=30)
    if cache.get(CHECK_KEY) != value:
        raise RuntimeError("value written was not read back")
    return "ok"


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok (tasks run in the web process)"
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as broker:
        broker.ensure_connection(max_retries=1, timeout=2)
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


@never_cache
def readiness(request):
    if not _allowed(request):
        raise Http404
    report, ready = {}, True
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as error:  # noqa: BLE001 (any failure means "not ready", reported)
            ready = False
            report[name] = f"down: {type(error).__name__}: {error}"[:300]
    return JsonResponse({"ready": ready, "checks": report}, status=200 if ready else 503)
