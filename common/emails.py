"""What every email's template is given: the site's name and address, and absolute links."""

from django.conf import settings
from django.urls import reverse


def absolute_url(viewname_or_path: str, *args) -> str:
    """The full address of a URL name (with its arguments) or of a path, for links in emails."""
    path = (
        viewname_or_path
        if viewname_or_path.startswith("/")
        else reverse(viewname_or_path, args=args)
    )
    return settings.SITE_URL + path


def email_context(**extra) -> dict:
    """The context every email template gets, plus what the caller adds."""
    return {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **extra}
