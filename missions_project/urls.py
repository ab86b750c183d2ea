from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("themes/", include("submissions.urls")),
    path("authorities/", include("councils.urls")),
    path("contact/", include("contact.urls")),
    path("case-studies/", include("casestudies.urls")),
    path("my/authority/", include("councils.membership_urls")),
    path("my/case-studies/", include("casestudies.signoff_urls")),
    path("my/", include("submissions.questionnaire_urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "missions_project.views.page_not_found"
handler500 = "missions_project.views.server_error"
