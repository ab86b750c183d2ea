"""Public pages from the cache, and the one version that makes every cached copy stale at once.

Every cached public thing (whole anonymous pages, the open-data files, the sitemap, the map) is
stored under a key holding the current *version*. A write to the data public pages show (case
studies, the register, the themes) sets a new version, so the next request builds afresh; old
entries are never read again and expire on their own.

The version changes from `post_save`, `post_delete` and `m2m_changed` of any model in
`PUBLIC_APPS`: this is cache bookkeeping, not business logic, and it must follow every write
path (services, the admin, imports, the shell). Bulk writes send no signals, so whoever does one
calls `bump()` (the register import does).

`AnonymousPageCacheMiddleware` answers anonymous GETs from the cache before the rest of the
middleware stack runs. It stores only what is safe to show anyone: a 200 for a visitor with no
session or messages cookie, not under a private path, with no Set-Cookie, no CSRF token used
(a form page sets the CSRF cookie, so it is never stored) and no `private`/`no-store`. The
CSP nonce is replaced by a fresh one on every hit, so a cached page never replays a nonce.
"""

import base64
import hashlib
import os
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

VERSION_KEY = "pagecache:version"
# Apps whose data appears on public pages: a write to any of their models bumps the version.
PUBLIC_APPS = {"casestudies", "councils", "instrument"}
PRIVATE_PREFIXES = ("/admin/", "/my/", "/accounts/")
# Cookies that make a response personal: its session (a signed-in user) or flash messages.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
PAGE_SECONDS = 10 * 60
# Files and page parts: rebuilt at least daily, so old versions' copies do not pile up in Redis.
FILE_SECONDS = 24 * 3600
# Bigger responses (the open-data files) are stored once by `stored_response`, not per URL.
PAGE_MAX_BYTES = 512 * 1024
NONCE_PLACEHOLDER = "csp-nonce-placeholder-b6f1"
CSP_HEADER = "Content-Security-Policy"
HIT_HEADER = "X-Page-Cache"


# --- the version ------------------------------------------------------------------------------


def version() -> str:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        current = cache.get(VERSION_KEY) or uuid.uuid4().hex
    return current


def bump() -> None:
    """Make every cached public page stale, now and again when the transaction commits (so a
    request that read the old rows before the commit cannot keep them under the new version)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None))


def _bump_on_change(sender, **kwargs):
    if sender._meta.app_label in PUBLIC_APPS:
        bump()


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_bump_on_change, dispatch_uid=f"pagecache-{id(signal)}")


def _cache_is_shared() -> bool:
    # While Redis is away, the fail-soft cache answers from this process's memory, which other
    # processes' bumps never reach: store and serve nothing then.
    return getattr(cache, "redis_available", True)


# --- storing a response -----------------------------------------------------------------------


def _freeze(request, response) -> dict:
    content = response.content
    headers = dict(response.headers.items())
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        content = content.replace(nonce.encode(), NONCE_PLACEHOLDER.encode())
        if CSP_HEADER in headers:
            headers[CSP_HEADER] = headers[CSP_HEADER].replace(nonce, NONCE_PLACEHOLDER)
    return {"status": response.status_code, "content": content, "headers": headers}


def _thaw(entry: dict) -> HttpResponse:
    nonce = base64.b64encode(os.urandom(16)).decode("ascii")
    content = entry["content"].replace(NONCE_PLACEHOLDER.encode(), nonce.encode())
    response = HttpResponse(content, status=entry["status"])
    for name, value in entry["headers"].items():
        response.headers[name] = value.replace(NONCE_PLACEHOLDER, nonce)
    response.headers[HIT_HEADER] = "hit"
    return response


def _key(kind: str, request, path: str) -> str:
    place = f"{request.scheme}://{request.get_host()}{path}"
    return f"pagecache:{kind}:{version()}:{hashlib.sha256(place.encode()).hexdigest()}"


def stored_response(request, build, *, params=()):
    """The response `build()` makes, stored until the next change, for every visitor.

    For public files that are the same for everyone (open data, the sitemap): built once per
    change, not per request. Only the query parameters in `params` make a different copy.
    """
    query = "&".join(f"{p}={request.GET[p]}" for p in params if p in request.GET)
    key = _key("file", request, f"{request.path}?{query}")
    entry = cache.get(key) if _cache_is_shared() else None
    if entry is not None and _cache_is_shared():
        return _thaw(entry)
    response = build()
    if hasattr(response, "render"):
        response = response.render()
    if response.status_code == 200 and not response.cookies and _cache_is_shared():
        cache.set(key, _freeze(request, response), FILE_SECONDS)
    return response


def stored_value(name: str, build):
    """`build()`'s value, kept until the next change (a page part every visitor sees alike)."""
    key = f"pagecache:value:{version()}:{name}"
    value = cache.get(key) if _cache_is_shared() else None
    if value is None:
        value = build()
        if _cache_is_shared():
            cache.set(key, value, FILE_SECONDS)
    return value


# --- the middleware ---------------------------------------------------------------------------


def _request_may_use_cache(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(PRIVATE_PREFIXES)
        and not any(name in request.COOKIES for name in PERSONAL_COOKIES)
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _response_may_be_stored(request, response) -> bool:
    user = getattr(request, "user", None)
    cache_control = response.get("Cache-Control", "").lower()
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Set-Cookie" not in response
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (user is not None and user.is_authenticated)
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and len(response.content) <= PAGE_MAX_BYTES
        and _cache_is_shared()
    )


class AnonymousPageCacheMiddleware:
    """Whole public pages for anonymous visitors, answered before the rest of the middleware
    stack (sessions, CSRF, auth, messages, CSP) runs. Placed just after WhiteNoise and the
    compression, so it stores pages uncompressed and every hit is compressed on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_may_use_cache(request):
            return self.get_response(request)
        try:
            key = _key("page", request, request.get_full_path())
        except Exception:  # DisallowedHost: let the stack answer it as usual
            return self.get_response(request)
        entry = cache.get(key)
        if entry is not None and _cache_is_shared():
            return _thaw(entry)
        response = self.get_response(request)
        if _response_may_be_stored(request, response):
            cache.set(key, _freeze(request, response), PAGE_SECONDS)
        return response
