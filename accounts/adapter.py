import time
from uuid import uuid4

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from outbox.services import email_enqueue_rendered

# How long each emailed code lasts, so the email can say so.
CODE_TIMEOUT_SETTINGS = {
    "account/email/email_confirmation": "EMAIL_VERIFICATION_BY_CODE_TIMEOUT",
    "account/email/email_confirmation_signup": "EMAIL_VERIFICATION_BY_CODE_TIMEOUT",
    "account/email/login_code": "LOGIN_BY_CODE_TIMEOUT",
    "account/email/password_reset_code": "PASSWORD_RESET_BY_CODE_TIMEOUT",
}


class AccountAdapter(DefaultAccountAdapter):
    """Project adapter for django-allauth: plain-English errors, and every email through the outbox."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The email address or password is not correct",
        "email_taken": "An account already uses this email address",
        "duplicate_email": "This email address is already on your account",
        "enter_current_password": "Enter your current password",
        "incorrect_code": "The code is not correct. Check the email we sent you and try again",
        "incorrect_password": "The password is not correct",
        "invalid_password_reset": "The link to reset your password is not valid or has expired",
        "too_many_login_attempts": "Too many attempts to sign in. Wait a few minutes, then try again",
        "rate_limited": "You have asked for too many codes. Wait a minute, then try again",
        "same_as_current": "Enter an email address that is different from the current one",
        "unknown_email": "There is no account with this email address",
    }

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth counts only a reauthentication as recent, not the sign-in itself, so new staff
        who had just typed their password were asked for it again before setting up their app.
        A sign-in within the reauthentication timeout counts too."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = self.request
        if request is None or not request.user.is_authenticated:
            return True
        records = get_authentication_records(request, request.user)
        latest = max((r["at"] for r in records if "at" in r), default=None)
        return latest is None or time.time() - latest >= app_settings.REAUTHENTICATION_TIMEOUT

    def format_email_subject(self, subject: str) -> str:
        return f"{subject} – {settings.SITE_NAME}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's message as allauth does, then write it to the outbox to be sent.

        Each message gets a fresh key: a second code or reset link is a new email, not a repeat.
        """
        ctx = {
            "request": self.request,
            "email": email,
            "current_site": get_current_site(self.request),
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            **context,
        }
        if template_prefix in CODE_TIMEOUT_SETTINGS:
            seconds = getattr(app_settings, CODE_TIMEOUT_SETTINGS[template_prefix])
            ctx["code_minutes"] = max(1, seconds // 60)
        message = self.render_mail(template_prefix, email, ctx)
        if message.content_subtype == "html":
            body_text, body_html = "", message.body
        else:
            body_text = message.body
            body_html = next(
                (
                    content
                    for content, mimetype in getattr(message, "alternatives", [])
                    if mimetype == "text/html"
                ),
                "",
            )
        email_enqueue_rendered(
            key=f"allauth:{template_prefix}:{uuid4()}",
            to=list(message.to),
            subject=message.subject,
            body_text=body_text,
            body_html=body_html,
            # Codes and links sign their holder in: researchers must never read them.
            sensitive=True,
        )
