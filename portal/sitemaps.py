"""The editors' published pages, albums and videos in sitemap.xml."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from .gallery import Album, Video
from .models import Page


class PageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Page.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Page):
        return item.updated_at


class AlbumSitemap(PageSitemap):
    def items(self):
        return Album.objects.published().only("slug", "updated_at").order_by("pk")


class VideoSitemap(PageSitemap):
    def items(self):
        return Video.objects.published().only("slug", "updated_at").order_by("pk")
