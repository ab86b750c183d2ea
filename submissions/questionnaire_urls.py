"""The officer's area and their authority's submission, under /my/."""

from django.urls import path

from . import questionnaire_views as views

app_name = "questionnaire"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("submission/", views.task_list_page, name="task_list"),
    path("submission/about/", views.about, name="about"),
    path("submission/missions/", views.missions, name="missions"),
    path("submission/missions/add/", views.mission_add, name="mission_add"),
    path("submission/missions/<int:pk>/", views.mission_change, name="mission_change"),
    path("submission/missions/<int:pk>/remove/", views.mission_remove_page, name="mission_remove"),
    path(
        "submission/missions/<int:pk>/partners/<int:partner_pk>/remove/",
        views.partner_remove_page,
        name="partner_remove",
    ),
    path("submission/themes/<slug:slug>/", views.theme, name="theme"),
    path(
        "submission/national-government/",
        views.national_government,
        name="national_government",
    ),
    path("submission/consent/", views.consent, name="consent"),
    path("submission/check/", views.check, name="check"),
    path("submission/confirmation/", views.confirmation, name="confirmation"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
]
