from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("chuyen-muc/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("bai-viet/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
