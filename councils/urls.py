from django.urls import path

from . import views

app_name = "councils"

urlpatterns = [
    path("", views.authority_list, name="authority_list"),
    path("<slug:slug>/", views.authority_detail, name="authority_detail"),
]
