from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("chuyen-muc/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("chuyen-muc/<slug:slug>/rss/", feeds.SectionRssFeed(), name="section_rss"),
    path("chuyen-muc/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section_atom"),
    # Taggit keeps Vietnamese letters in tag slugs ("dân-vận-khéo"), so <slug:> would not match.
    path("tu-khoa/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("luu-tru/", views.ArchiveIndexView.as_view(), name="archive_index"),
    path("luu-tru/<int:year>/", views.ArchiveView.as_view(), name="archive_year"),
    path("luu-tru/<int:year>/<int:month>/", views.ArchiveView.as_view(), name="archive_month"),
    path("bai-viet/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("rss/", feeds.LatestRssFeed(), name="rss"),
    path("atom/", feeds.LatestAtomFeed(), name="atom"),
]
