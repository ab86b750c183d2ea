"""Response headers every page needs, set in one place; and compressed pages."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import add_never_cache_headers


class PrivacyHeadersMiddleware:
    """A `Permissions-Policy` header on every response, and `Cache-Control: no-store` on every
    page shown to a signed-in user, so a shared computer's browser or a proxy never keeps a copy
    of an officer's answers or the researchers' workspace."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


COMPRESSIBLE_TYPES = ("text/", "application/json", "application/xml", "application/rss+xml")
COMPRESS_MAX_BYTES = 1024 * 1024


class CompressedPagesMiddleware(GZipMiddleware):
    """Pages (HTML, and the feed, JSON and other small text) gzipped for browsers that ask, by
    Django's GZipMiddleware, which pads every compressed response with up to 100 random bytes
    against BREACH (docs/deploy.md, "Compression"). The load balancer passes bodies through as
    they are; static files come already compressed from whitenoise, which answers before this.

    Not compressed: files streamed from disk or built as they are sent (uploads, exports), and
    anything over 1 MB (the open-data downloads): compressing those on every request would cost
    each request more processor time than a page, for anyone who asks."""

    def process_response(self, request, response):
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES)
            or len(response.content) > COMPRESS_MAX_BYTES
        ):
            return response
        return super().process_response(request, response)
