"""/my/account/: the officer's own personal data."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.personal_data, name="personal_data"),
    path("download/", views.personal_data_download, name="personal_data_download"),
    path("delete/", views.account_delete, name="account_delete"),
]
