from django.urls import path

from . import gallery_views, views
from .feeds import GalleryFeed

app_name = "portal"

urlpatterns = [
    path("trang/<slug:slug>/", views.PageView.as_view(), name="page"),
    path("hinh-anh/", gallery_views.AlbumListView.as_view(), name="album_list"),
    path("hinh-anh/<slug:slug>/", gallery_views.AlbumDetailView.as_view(), name="album"),
    path("video/", gallery_views.VideoListView.as_view(), name="video_list"),
    path("video/<slug:slug>/", gallery_views.VideoDetailView.as_view(), name="video"),
    path("rss/hinh-anh-video/", GalleryFeed(), name="gallery_feed"),
]
