"""RSS and Atom feeds: all public articles, one section's, one document's."""

from __future__ import annotations

import copy

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from danvan.identity import site_name
from danvan.siteurl import site_root
from organizations.models import Document

from .models import Article, Section

FEED_SIZE = 30


class LatestRssFeed(Feed):
    language = "vi"
    root = ""  # the address readers use, set on the per-request copy (danvan/siteurl.py)

    def __call__(self, request, *args, **kwargs):
        # One instance serves every request: the copy carries this request's address.
        bound = copy.copy(self)
        bound.root, bound.path = site_root(request), request.path
        return Feed.__call__(bound, request, *args, **kwargs)

    def feed_url(self, obj=None):
        return self.root + self.path

    def item_link(self, item: Article) -> str:
        return self.root + item.get_absolute_url()

    def title(self, obj=None):
        return _("%(site)s — Tin mới") % {"site": site_name()}

    def description(self, obj=None):
        return _("Những bài viết mới nhất của %(site)s.") % {"site": site_name()}

    def link(self, obj=None):
        return self.root + reverse("articles:home")

    def articles(self, obj=None):
        return Article.objects.published()

    def items(self, obj=None):
        return self.articles(obj).select_related("section").newest_first()[:FEED_SIZE]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary()

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.last_changed or item.published_at

    def item_author_name(self, item: Article) -> str:
        return item.byline

    def item_categories(self, item: Article):
        return [item.section.name] if item.section else []


class LatestAtomFeed(LatestRssFeed):
    feed_type = Atom1Feed
    subtitle = LatestRssFeed.description


class SectionRssFeed(LatestRssFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj):
        return f"{site_name()} — {obj.name}"

    def description(self, obj):
        return obj.description or _("Bài viết mới trong chuyên mục %(name)s.") % {"name": obj.name}

    def link(self, obj):
        return self.root + obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().filter(section=obj)


class SectionAtomFeed(SectionRssFeed):
    feed_type = Atom1Feed
    subtitle = SectionRssFeed.description


class DocumentRssFeed(LatestRssFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Document, slug=slug)

    def title(self, obj):
        return f"{site_name()} — {obj.get_kind_display()} {obj.symbol}"

    def description(self, obj):
        return _("Bài viết về %(document)s.") % {"document": obj.title}

    def link(self, obj):
        return self.root + obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().filter(documents=obj)


class DocumentAtomFeed(DocumentRssFeed):
    feed_type = Atom1Feed
    subtitle = DocumentRssFeed.description
