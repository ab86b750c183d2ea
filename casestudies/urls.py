from django.urls import path

from . import views
from .feeds import LatestCaseStudiesFeed

app_name = "casestudies"

# Fixed paths come before <slug>, or a case study could never be called "map" or "feed".
urlpatterns = [
    path("", views.case_study_list, name="list"),
    path("feed/", LatestCaseStudiesFeed(), name="feed"),
    path("map/", views.case_study_map, name="map"),
    path("preview/<int:pk>/", views.case_study_preview, name="preview"),
    path("<slug:slug>/", views.case_study_detail, name="detail"),
]
