from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("thong-ke/", views.public, name="public"),
]
