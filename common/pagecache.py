"""Public pages from the cache, and the one version that makes every cached copy stale at once.

Every cached public thing (whole anonymous pages, the open-data files, the sitemap, the map) is
tied to the current *version*: page parts and files are stored under keys holding it, and a
whole page carries the version it was built under (read with the version in one round trip). A
write to the data public pages show (case studies, the register, the themes) sets a new version,
so the next request builds afresh; old entries are never served again and expire on their own.

The version changes from `post_save`, `post_delete` and `m2m_changed` of any model in
`PUBLIC_APPS`: this is cache bookkeeping, not business logic, and it must follow every write
path (services, the admin, imports, the shell). Bulk writes send no signals, so whoever does one
calls `bump()` (the register import does).

`AnonymousPageCacheMiddleware` answers anonymous GETs from the cache before the rest of the
middleware stack runs. It stores only what is safe to show anyone: a 200 for a visitor with no
session or messages cookie, not under a private path, setting no cookie but the CSRF one, and
not `private`/`no-store`. The CSP nonce is replaced by a fresh one on every hit, so a cached page
never replays a nonce; a form's CSRF token is stored as a placeholder and every hit gets one of
its own visitor's (from their CSRF cookie, or a new one with its cookie set), as the CSRF
middleware would have given, so a form from the cache always posts.

Within one request the version is read from Redis once (a page can ask for it dozens of times);
values built by `stored_value` are also kept in this process for the current version. Files too
big to pass through Redis on every request (the open data, the sitemap) are written once per
version to this machine's disk (`PUBLIC_FILES_ROOT`) and served from there.
"""

import base64
import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import FileResponse, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token

logger = logging.getLogger(__name__)
VERSION_KEY = "pagecache:version"
# Apps whose data appears on public pages: a write to any of their models bumps the version.
PUBLIC_APPS = {"casestudies", "councils", "instrument"}
PRIVATE_PREFIXES = ("/admin/", "/my/", "/accounts/")
# Cookies that make a response personal: its session (a signed-in user) or flash messages.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
PAGE_SECONDS = 10 * 60
# Files and page parts: rebuilt at least daily, so old versions' copies do not pile up in Redis.
FILE_SECONDS = 24 * 3600
# Bigger responses (the open-data files) are stored as files by `stored_response`.
PAGE_MAX_BYTES = 512 * 1024
# How long a request waits for another request on this machine to finish building a file.
BUILD_WAIT_SECONDS = 20
NONCE_PLACEHOLDER = "csp-nonce-placeholder-b6f1"
CSRF_PLACEHOLDER = "csrf-token-placeholder-b6f1"
# Its request and response hooks only; it never calls a view.
_CSRF = CsrfViewMiddleware(lambda request: None)
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*"')
CSP_HEADER = "Content-Security-Policy"
HIT_HEADER = "X-Page-Cache"


# --- the version ------------------------------------------------------------------------------


# The version as this request first read it. Outside a request (tasks, the shell) every call
# reads Redis.
_request = threading.local()


def _request_started(**kwargs):
    _request.version = None
    _request.active = True


def _request_finished(**kwargs):
    _request.active = False


def _remembered() -> str | None:
    return _request.version if getattr(_request, "active", False) else None


def _remember(current: str) -> str:
    if getattr(_request, "active", False):
        _request.version = current
    return current


def version() -> str:
    if remembered := _remembered():
        return remembered
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        current = cache.get(VERSION_KEY) or uuid.uuid4().hex
    return _remember(current)


def _set_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    _request.version = None  # read afresh, so this request sees its own change


def bump() -> None:
    """Make every cached public page stale, now and again when the transaction commits (so a
    request that read the old rows before the commit cannot keep them under the new version)."""
    _set_version()
    transaction.on_commit(_set_version)


def _bump_on_change(sender, **kwargs):
    if sender._meta.app_label in PUBLIC_APPS:
        bump()


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_bump_on_change, dispatch_uid=f"pagecache-{id(signal)}")
    request_started.connect(_request_started, dispatch_uid="pagecache-request-started")
    request_finished.connect(_request_finished, dispatch_uid="pagecache-request-finished")


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
    # A form's CSRF token belongs to the visitor who asked: each hit gets its own (_thaw).
    # (The CSRF middleware has already reset its "token used" flag: look for the field.)
    csrf = CSRF_FIELD.search(content) is not None
    if csrf:
        content = CSRF_FIELD.sub(rb"\g<1>" + CSRF_PLACEHOLDER.encode() + rb'"', content)
    return {"status": response.status_code, "content": content, "headers": headers, "csrf": csrf}


def _thaw(request, entry: dict) -> HttpResponse:
    nonce = base64.b64encode(os.urandom(16)).decode("ascii")
    content = entry["content"].replace(NONCE_PLACEHOLDER.encode(), nonce.encode())
    csrf = _CSRF if entry.get("csrf") else None
    if csrf:
        # The visitor's own CSRF secret from their cookie (or a new one), masked afresh as the
        # CSRF middleware would, and its cookie set on the way out.
        csrf.process_request(request)
        content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    response = HttpResponse(content, status=entry["status"])
    for name, value in entry["headers"].items():
        response.headers[name] = value.replace(NONCE_PLACEHOLDER, nonce)
    response.headers[HIT_HEADER] = "hit"
    return csrf.process_response(request, response) if csrf else response


def _page_key(request) -> str:
    place = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"pagecache:page:{hashlib.sha256(place.encode()).hexdigest()}"


def _version_and_page(key: str) -> tuple[str, dict | None]:
    """The current version and the page stored under `key`, in one round trip to Redis. The
    page carries the version it was built under and is only good for that version."""
    if remembered := _remembered():
        return remembered, cache.get(key)
    found = cache.get_many([VERSION_KEY, key])
    if VERSION_KEY not in found:
        return version(), None
    return _remember(found[VERSION_KEY]), found.get(key)


def files_root() -> Path:
    return Path(settings.PUBLIC_FILES_ROOT)


def stored_response(request, build, *, params=()):
    """The response `build()` makes, written to a file once per version and then served from it,
    for every visitor.

    For public files that are the same for everyone (open data, the sitemap): built once per
    change on each machine, not per request. Only the query parameters in `params` make a
    different copy. Older versions' files are removed when a new version's first file is made.
    """
    if not _cache_is_shared():
        return _rendered(build())
    query = "&".join(f"{p}={request.GET[p]}" for p in params if p in request.GET)
    place = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    folder = files_root() / version()
    path = folder / hashlib.sha256(place.encode()).hexdigest()
    try:
        return _file_response(path)
    except (OSError, ValueError):
        pass
    with _building(folder, path) as built_by_another:
        if built_by_another:
            with contextlib.suppress(OSError, ValueError):
                return _file_response(path)
        response = _rendered(build())
        response.stored_as_file = True  # the file is its cache: not the page cache as well
        if response.status_code == 200 and not response.cookies:
            try:
                _write_file(folder, path, response)
            except OSError:  # a full disk, or the folder pruned meanwhile: built next time
                logger.warning("Could not store %s", request.path, exc_info=True)
    return response


@contextlib.contextmanager
def _building(folder: Path, path: Path):
    """One builder per file on this machine: a request arriving while another builds it waits
    for that file (yields True) rather than building it again; after BUILD_WAIT_SECONDS, or if
    the lock cannot be made, it builds too (yields False)."""
    lock, done = path.with_suffix(".lock"), path.with_suffix(".json")  # headers: written last
    try:
        if not folder.exists():
            _prune(keep=folder.name)
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        deadline = time.monotonic() + BUILD_WAIT_SECONDS
        while time.monotonic() < deadline and lock.exists() and not done.exists():
            time.sleep(0.1)
        yield done.exists()
        return
    except OSError:
        yield False
        return
    try:
        yield False
    finally:
        os.close(descriptor)
        with contextlib.suppress(OSError):
            lock.unlink()


def _rendered(response):
    return response.render() if hasattr(response, "render") else response


def _file_response(path: Path) -> FileResponse:
    headers = json.loads(path.with_suffix(".json").read_text())
    response = FileResponse(path.open("rb"))
    for name, value in headers.items():
        response.headers[name] = value
    response.headers[HIT_HEADER] = "file"
    return response


def _write_file(folder: Path, path: Path, response) -> None:
    """The content, then its headers, each by an atomic rename: no reader sees half a file, and
    the headers file (read first) only exists once the content does."""
    folder.mkdir(parents=True, exist_ok=True)
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() in {"content-type", "content-disposition", "content-language"}
    }
    for target, data in (
        (path, response.content),
        (path.with_suffix(".json"), json.dumps(headers).encode()),
    ):
        with tempfile.NamedTemporaryFile(dir=folder, delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, target)


def _prune(*, keep: str) -> None:
    root = files_root()
    if root.is_dir():
        for old in root.iterdir():
            if old.name != keep and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)


# Values built by `stored_value`, for the current version only, in this process.
_values: dict[str, object] = {}


def stored_value(name: str, build):
    """`build()`'s value, kept until the next change (a page part every visitor sees alike).
    Callers must not change the value: other requests in this process share it."""
    prefix = f"pagecache:value:{version()}:"
    key = prefix + name
    shared = _cache_is_shared()
    if shared and key in _values:
        return _values[key]
    value = cache.get(key) if shared else None
    if value is None:
        value = build()
        if shared:
            cache.set(key, value, FILE_SECONDS)
    if shared:
        if any(not k.startswith(prefix) for k in _values):
            _values.clear()  # an older version's values: never read again
        _values[key] = value
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
        and not getattr(response, "stored_as_file", False)
        # No cookie but the CSRF one, which each hit sets for its own visitor (_thaw).
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        and "Set-Cookie" not in response
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
        if not settings.PAGE_CACHE:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        if not _request_may_use_cache(request):
            return self.get_response(request)
        try:
            key = _page_key(request)
        except Exception:  # DisallowedHost: let the stack answer it as usual
            return self.get_response(request)
        current, entry = _version_and_page(key)
        if entry is not None and entry.get("version") == current and _cache_is_shared():
            return _thaw(request, entry)
        response = self.get_response(request)
        if _response_may_be_stored(request, response):
            # Under the version read before the page was built: built from older rows than a
            # change made meanwhile, it is never served as that change's page.
            cache.set(key, {**_freeze(request, response), "version": current}, PAGE_SECONDS)
        return response
