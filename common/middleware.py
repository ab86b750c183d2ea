"""Response headers every page needs, set in one place."""

from django.conf import settings
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
