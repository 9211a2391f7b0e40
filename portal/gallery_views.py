"""Albums and videos: /hinh-anh/, /hinh-anh/<slug>/, /video/, /video/<slug>/.

Only published ones exist for anyone (a draft is a 404, staff included: editors see it in
the admin); each page runs a fixed number of queries, however many photos or albums."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from articles.views import PaginatedListView

from .gallery import Album, Video


class GalleryListView(PaginatedListView):
    """/hinh-anh/ and /video/: one template, told which cards to draw and what to call the page."""

    template_name = "portal/gallery_list.html"
    context_object_name = "items"
    paginate_by = 12
    kind = heading = other_url_name = other_label = empty = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kind=self.kind,
            heading=self.heading,
            other_url=reverse(self.other_url_name),
            other_label=self.other_label,
            empty=self.empty,
            **kwargs,
        )


class AlbumListView(GalleryListView):
    kind, heading, other_url_name = "album", _("Hình ảnh hoạt động"), "portal:video_list"
    other_label = _("Xem video hoạt động")
    empty = _("Chưa có album ảnh nào. Album ảnh các hoạt động của Ban sẽ được đăng tại đây.")

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


class VideoListView(GalleryListView):
    kind, heading, other_url_name = "video", _("Video hoạt động"), "portal:album_list"
    other_label = _("Xem hình ảnh hoạt động")
    empty = _("Chưa có video nào. Video các hoạt động của Ban sẽ được đăng tại đây.")

    def get_queryset(self):
        return Video.objects.published().select_related("poster")


class VideoDetailView(DetailView):
    template_name = "portal/video_detail.html"
    context_object_name = "video"

    def get_queryset(self):
        return Video.objects.published().select_related("poster")
