from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("van-ban/<slug:slug>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("to-chuc/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("dan-van-kheo/<slug:slug>/", views.ExemplarDetailView.as_view(), name="exemplar_detail"),
]
