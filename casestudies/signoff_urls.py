"""Officers' sign-off of draft case studies about their authority, under /my/case-studies/."""

from django.urls import path

from . import signoff_views

app_name = "signoff"

urlpatterns = [
    path("", signoff_views.signoff_list, name="list"),
    path("<int:pk>/", signoff_views.signoff_detail, name="detail"),
]
