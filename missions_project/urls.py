import re

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView

from casestudies import views as casestudy_views
from common import health, media

from . import views

# The admin's sign-in goes through allauth's (rate limits, second factor).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz/", health.liveness, name="healthz"),
    path("readyz/", health.readiness, name="readyz"),
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("themes/", include("instrument.urls")),
    path("authorities/", include("councils.urls")),
    path("contact/", include("contact.urls")),
    path("case-studies/", include("casestudies.urls")),
    path("case-studies.csv", casestudy_views.open_data_csv, name="case_studies_csv"),
    path("case-studies.json", casestudy_views.open_data_json, name="case_studies_json"),
    path("sitemap.xml", casestudy_views.sitemap, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    # Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    # (Lazily: the static files' manifest may not exist when the URLs are imported.)
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("images/favicon.svg"), permanent=True),
    ),
    path("my/authority/", include("councils.membership_urls")),
    path("my/case-studies/", include("casestudies.signoff_urls")),
    path("my/account/", include("accounts.urls")),
    path("my/", include("submissions.questionnaire.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

# Local storage: the site serves uploads itself, DEBUG on or off (an S3 bucket serves its own).
if settings.MEDIA_STORAGE == "local":
    urlpatterns.append(
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", media.serve, name="media"
        )
    )

handler400 = "missions_project.views.bad_request"
handler403 = "missions_project.views.permission_denied"
handler404 = "missions_project.views.page_not_found"
handler500 = "missions_project.views.server_error"
