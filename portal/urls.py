from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("trang/<slug:slug>/", views.PageView.as_view(), name="page"),
]
