"""The site's fixed public pages. Theme, authority and contact pages live in their apps."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.generic import TemplateView

from instrument.models import Theme


def home(request):
    return render(request, "pages/home.html", {"themes": Theme.objects.all()})


def privacy(request):
    return render(
        request,
        "pages/privacy.html",
        {
            "project_lead_email": settings.PROJECT_LEAD_EMAIL,
            "contact_retention_days": settings.CONTACT_RETENTION_DAYS,
            "unverified_account_retention_days": settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS,
        },
    )


about = TemplateView.as_view(template_name="pages/about.html")
accessibility = TemplateView.as_view(template_name="pages/accessibility.html")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request, so no context processor runs: the page must not need the
    # database, the session or anything else that may be what just failed.
    html = loader.get_template("500.html").render({"SITE_NAME": settings.SITE_NAME})
    return HttpResponseServerError(html)


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """An expired form (an old tab, or a sign-in elsewhere): say what to do, in the layout."""
    return render(request, "403_csrf.html", status=403)
