"""The officer's link to their authority, under /my/authority/."""

from django.urls import path

from . import invitation_views, membership_views

app_name = "membership"

urlpatterns = [
    path("", membership_views.choose, name="choose"),
    path("invite/", invitation_views.invite, name="invite"),
    path("invitations/<str:token>/", invitation_views.accept, name="invitation"),
]
