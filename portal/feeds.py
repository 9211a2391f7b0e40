"""/rss/hinh-anh-video/: the newest published albums and videos together."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.identity import site_name

from .gallery import Album, Video

FEED_SIZE = 30


class GalleryFeed(Feed):
    language = "vi"

    def title(self):
        return _("%(site)s — Hình ảnh, video hoạt động") % {"site": site_name()}

    def description(self):
        return _("Album ảnh và video mới nhất của %(site)s.") % {"site": site_name()}

    def link(self):
        return reverse("portal:album_list")

    def items(self):
        newest = [*Album.objects.published()[:FEED_SIZE], *Video.objects.published()[:FEED_SIZE]]
        return sorted(newest, key=lambda item: (item.date, item.created_at), reverse=True)[:FEED_SIZE]

    def item_title(self, item) -> str:
        kind = _("Album ảnh") if isinstance(item, Album) else _("Video")
        return f"{kind}: {item.title}"

    def item_description(self, item) -> str:
        return item.description or item.title

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
