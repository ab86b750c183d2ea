"""The officer's area and their authority's submission, under /my/."""

from django.urls import path

from . import questionnaire_views

app_name = "questionnaire"

urlpatterns = [
    path("", questionnaire_views.dashboard, name="dashboard"),
]
