"""The editors' published pages, albums and videos in sitemap.xml."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import CharField, Value
from django.urls import reverse

from .gallery import Album, Video
from .models import Page


class PageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Page.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Page):
        return item.updated_at


class GallerySitemap(PageSitemap):
    """Published albums and videos, in one query (a union), so the sitemap costs the same."""

    def items(self):
        def rows(model, kind: str):
            published = model.objects.published().order_by()  # (no ORDER BY inside a union)
            return published.annotate(kind=Value(kind, output_field=CharField())).values("kind", "slug", "updated_at")

        return list(rows(Album, "album").union(rows(Video, "video")).order_by("kind", "slug"))

    def location(self, item: dict) -> str:
        return reverse(f"portal:{item['kind']}", kwargs={"slug": item["slug"]})

    def lastmod(self, item: dict):
        return item["updated_at"]
