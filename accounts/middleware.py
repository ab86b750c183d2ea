"""Staff need a second factor (an authenticator app) before any admin page opens."""

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

SET_UP = "Set up an authenticator app before you use the researchers’ workspace."
VERIFY = "Enter a code from your authenticator app to open the researchers’ workspace."


class AdminSecondFactorMiddleware:
    """A signed-in staff user asking for /admin/ (or settings.SECOND_FACTOR_PATHS) is sent to set up TOTP if they have none, and
    to enter a code if this session has not used it (e.g. they set it up after signing in).

    settings.ADMIN_REQUIRES_SECOND_FACTOR turns it off (the test suite's other admin tests sign in
    with force_login; tests/accounts/test_mfa.py turns it on)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "ADMIN_REQUIRES_SECOND_FACTOR", True) and self._gated(request):
            return self._redirect(request)
        return self.get_response(request)

    def _gated(self, request) -> bool:
        user = request.user
        protected = (reverse("admin:index"), *getattr(settings, "SECOND_FACTOR_PATHS", ()))
        return (
            request.path.startswith(protected)
            and request.path != reverse("admin:logout")
            and user.is_authenticated
            and user.is_staff
            and not self._second_factor_used(request)
        )

    def _second_factor_used(self, request) -> bool:
        totp = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).first()
        if totp is None:
            return False
        records = get_authentication_records(request, request.user)
        if any(r.get("method") == "mfa" for r in records):
            return True
        # Setting the app up in this session meant entering a code from it: asking for another
        # straight away would make new staff confirm who they are twice in a row.
        signed_in_at = min((r["at"] for r in records if "at" in r), default=None)
        return signed_in_at is not None and totp.created_at.timestamp() >= signed_in_at

    def _redirect(self, request):
        has_totp = Authenticator.objects.filter(
            user=request.user, type=Authenticator.Type.TOTP
        ).exists()
        if not has_totp:
            messages.warning(request, SET_UP)
            return redirect(reverse("mfa_activate_totp"))
        messages.info(request, VERIFY)
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
