"""Albums and videos: /hinh-anh/, /hinh-anh/<slug>/, /video/, /video/<slug>/.

Only published ones exist for anyone (a draft is a 404, staff included: editors see it in
the admin); each page runs a fixed number of queries, however many photos or albums."""

from __future__ import annotations

from django.db.models import Count
from django.views.generic import DetailView

from articles.views import PaginatedListView

from .gallery import Album, Video


class AlbumListView(PaginatedListView):
    template_name = "portal/album_list.html"
    context_object_name = "albums"
    paginate_by = 12

    def get_queryset(self):
        return Album.objects.published().select_related("cover").annotate(photo_count=Count("photos")).order_by("-date", "-pk")


class AlbumDetailView(DetailView):
    template_name = "portal/album_detail.html"
    context_object_name = "album"

    def get_queryset(self):
        return Album.objects.published().select_related("cover")

    def get_context_data(self, **kwargs):
        photos = list(self.object.photos.select_related("image").order_by("order", "pk"))
        return super().get_context_data(photos=photos, **kwargs)


class VideoListView(PaginatedListView):
    template_name = "portal/video_list.html"
    context_object_name = "videos"
    paginate_by = 12

    def get_queryset(self):
        return Video.objects.published().select_related("poster")


class VideoDetailView(DetailView):
    template_name = "portal/video_detail.html"
    context_object_name = "video"

    def get_queryset(self):
        return Video.objects.published().select_related("poster")
