"""sitemap.xml: public articles, sections, documents, bodies and models, and the index pages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from organizations.models import Document, Exemplar, Organization

from .models import Article, Section


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "published_at", "updated_at", "import_source", "imported_at").newest_first()

    def lastmod(self, item: Article):
        return item.last_changed


class SectionSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Section.objects.all()


class _ReferenceSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    model = None

    def items(self):
        return self.model.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class DocumentSitemap(_ReferenceSitemap):
    model = Document


class OrganizationSitemap(_ReferenceSitemap):
    model = Organization


class ExemplarSitemap(_ReferenceSitemap):
    model = Exemplar


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return [
            "articles:home",
            "organizations:document_list",
            "organizations:organization_list",
            "organizations:exemplar_list",
            "reports:public",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "trang": StaticSitemap,
    "bai-viet": ArticleSitemap,
    "chuyen-muc": SectionSitemap,
    "van-ban": DocumentSitemap,
    "to-chuc": OrganizationSitemap,
    "dan-van-kheo": ExemplarSitemap,
}
