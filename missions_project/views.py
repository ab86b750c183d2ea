"""The site's fixed public pages. Theme, authority and contact pages live in their apps."""

from django.shortcuts import render
from django.views.generic import TemplateView

from submissions.models import Theme


def home(request):
    themes = Theme.objects.all()
    return render(request, "pages/home.html", {"themes": themes})


about = TemplateView.as_view(template_name="pages/about.html")
privacy = TemplateView.as_view(template_name="pages/privacy.html")
accessibility = TemplateView.as_view(template_name="pages/accessibility.html")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
