"""The officer's link to their authority, under /my/authority/."""

from django.urls import path

from . import membership_views

app_name = "membership"

urlpatterns = [
    path("", membership_views.choose, name="choose"),
]
