from django.urls import path

from articles import feeds

from . import views

app_name = "organizations"

urlpatterns = [
    path("van-ban/", views.DocumentListView.as_view(), name="document_list"),
    path("van-ban/<slug:slug>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("van-ban/<slug:slug>/rss/", feeds.DocumentRssFeed(), name="document_rss"),
    path("van-ban/<slug:slug>/atom/", feeds.DocumentAtomFeed(), name="document_atom"),
    path("to-chuc/", views.OrganizationListView.as_view(), name="organization_list"),
    path("to-chuc/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("dan-van-kheo/", views.ExemplarListView.as_view(), name="exemplar_list"),
    path("dan-van-kheo/<slug:slug>/", views.ExemplarDetailView.as_view(), name="exemplar_detail"),
]
