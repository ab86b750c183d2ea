from django.urls import path

from . import views

app_name = "instrument"

urlpatterns = [
    path("", views.theme_list, name="theme_list"),
    path("<slug:slug>/", views.theme_detail, name="theme_detail"),
]
