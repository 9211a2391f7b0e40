"""The public reading pages: home, sections, tags, date archives and the article itself.

Every list starts from ``Article.objects.published()`` and takes its shape from
``for_listing()``; the article page reads what it shows beside the article with
``attached_records()`` (related.py). Each page runs a fixed number of queries whatever
it shows (tests/site/test_query_budget.py holds them to it).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from danvan.cache import VIEW_HEADER, generation
from danvan.fragments import cached_value
from danvan.invalidation import article_scope, link_scope, section_scope
from danvan.pagecache import depends_on, depends_on_each
from danvan.pagination import CappedPaginator
from danvan.previews import mark_preview
from danvan.querystring import PAGE_PARAM, CanonicalQueryMixin
from danvan.siteurl import absolute_url
from organizations.models import Document, Exemplar

from .models import Article, Section, SlugRedirect
from .related import attached_records, related_articles, related_scopes
from .templatetags.site_tags import document_links

PAGE_SIZE = 20


# The home page's "most written about" documents and models are recounted at most this
# often, and whenever content changes (the page-cache generation is part of the key).
HOME_COUNTS_SECONDS = 600


class PaginatedListView(CanonicalQueryMixin, ListView):
    paginate_by = PAGE_SIZE
    paginator_class = CappedPaginator
    page_kwarg = PAGE_PARAM

    def get_paginator(self, queryset, per_page, **kwargs):
        # The list's (bounded) count is kept until content changes, like the fragment that
        # shows the list (danvan/fragments.py): a page whose list is stored runs no COUNT.
        # The list is the address's own (section, tag, month), so the address keys it.
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        vary = (type(self).__name__, *sorted(self.kwargs.items()))
        paginator.__dict__["_bounded_count"] = cached_value("list-count", vary, lambda: CappedPaginator._bounded_count.func(paginator))
        return paginator


class HomeView(TemplateView):
    template_name = "articles/home.html"
    per_section = 4

    def get_context_data(self, **kwargs):
        # Lazy: each part is read only when the fragment showing it has to be rendered
        # (templates/articles/home.html, danvan/fragments.py); on most requests none is.
        public = Article.objects.published()
        # The newest article editors marked featured, or simply the newest: one query either way.
        featured = SimpleLazyObject(lambda: public.for_listing(body=True).featured_first().first())
        return super().get_context_data(
            featured=featured,
            section_blocks=SimpleLazyObject(lambda: self.section_blocks(public, featured)),
            latest=SimpleLazyObject(lambda: list(public.select_related("section").newest_first()[:8])),
            most_read=SimpleLazyObject(lambda: list(public.most_read()[:5])),
            spotlight_exemplars=SimpleLazyObject(lambda: self.counts()[0]),
            top_documents=SimpleLazyObject(lambda: self.counts()[1]),
            **kwargs,
        )

    def counts(self) -> tuple[list[Exemplar], list[Document]]:
        if not hasattr(self, "_counts"):
            self._counts = cache.get_or_set(f"home-counts:{generation()}", self.most_written_about, HOME_COUNTS_SECONDS)
        return self._counts

    def section_blocks(self, public, featured) -> list[dict]:
        """The latest few of every menu section, in two queries however large the archive:
        the ids, one LIMITed part per section read off the section's (section, status,
        published_at) index and joined with UNION ALL, then those articles in full. (A
        window function over the archive made PostgreSQL sort every published row; a
        window of the newest thousand left out sections that publish rarely.)"""
        from danvan.context_processors import menu_sections

        parts = [
            public.filter(section_id=section.pk)
            .exclude(pk=featured.pk if featured else None)
            .newest_first()
            .values_list("pk", flat=True)[: self.per_section]
            for section in menu_sections()
        ]
        if not parts:
            return []
        # Django will not union LIMITed querysets on SQLite: each part's own SQL is wrapped
        # as a subquery instead (the rules of published() stay in one place).
        alias = parts[0].db  # the database the router reads from
        compiled = [part.query.get_compiler(using=alias).as_sql() for part in parts]
        sql = " UNION ALL ".join(f"SELECT * FROM ({q}) AS part_{n}" for n, (q, _p) in enumerate(compiled))
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, [param for _q, params in compiled for param in params])
            ids = [row[0] for row in cursor.fetchall()]
        ranked = (
            public.filter(pk__in=ids)
            .for_listing()
            .order_by("section__position", "section__name", F("published_at").desc(nulls_last=True), "-pk")
        )
        blocks: list[dict] = []
        for article in ranked:
            if not blocks or blocks[-1]["section"].pk != article.section_id:
                blocks.append({"section": article.section, "articles": []})
            blocks[-1]["articles"].append(article)
        return blocks

    @staticmethod
    def most_written_about() -> tuple[list[Exemplar], list[Document]]:
        """The models and documents cited by the most public articles (their kept counts,
        articles/counts.py, read off an index from the top)."""
        exemplars = list(
            Exemplar.objects.select_related("organization")
            .filter(published_article_count__gt=0)
            .order_by("-published_article_count", F("year").desc(nulls_last=True), "name")[:4]
        )
        documents = list(
            Document.objects.with_issuer().filter(published_article_count__gt=0).order_by("-published_article_count", "symbol")[:6]
        )
        return exemplars, documents


class SectionView(PaginatedListView):
    template_name = "articles/section.html"

    def get_queryset(self):
        depends_on(self.request, section_scope(self.kwargs["slug"]))  # its own articles, nothing else
        # Kept until content changes, like the fragments of the page (a section is content).
        slug = self.kwargs["slug"]
        self.section = cached_value("section", [slug], lambda: Section.objects.filter(slug=slug).first())
        if self.section is None:
            raise Http404(_("Không có chuyên mục này."))
        return Article.objects.published().filter(section=self.section).for_listing().newest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(PaginatedListView):
    template_name = "articles/tag.html"

    def get_queryset(self):
        # A tag carried only by drafts, articles in review, archived or scheduled ones has no
        # page (its name would tell of them): 404, like a tag that does not exist.
        depends_on(self.request, link_scope("tag", self.kwargs["slug"]))  # its articles, nothing else
        carried = Exists(Article.objects.published().filter(tags=OuterRef("pk")))
        self.tag = get_object_or_404(Tag.objects.filter(carried), slug=self.kwargs["slug"])
        return Article.objects.published().filter(tags=self.tag).for_listing().newest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArchiveIndexView(TemplateView):
    """Months that have public articles, grouped by year."""

    template_name = "articles/archive_index.html"

    def get_context_data(self, **kwargs):
        public = Article.objects.published()
        months = public.filter(published_at__isnull=False).dates("published_at", "month", order="DESC")
        by_year: dict[int, list] = {}
        for month in months:
            by_year.setdefault(month.year, []).append(month)
        # Undated articles whose year is known have their year's page, with no month to list.
        for year in public.filter(published_at__isnull=True, year_hint__isnull=False).values_list("year_hint", flat=True).distinct():
            by_year.setdefault(year, [])
        years = [{"year": year, "months": by_year[year]} for year in sorted(by_year, reverse=True)]
        return super().get_context_data(years=years, **kwargs)


class ArchiveView(PaginatedListView):
    """Public articles of one year or one month, in local (Hà Nội) time."""

    template_name = "articles/archive.html"

    def get_queryset(self):
        year, month = self.kwargs["year"], self.kwargs.get("month")
        if not 1945 <= year <= 2100 or (month is not None and not 1 <= month <= 12):
            raise Http404(_("Không có trang lưu trữ này."))
        self.period = datetime.date(year, month or 1, 1)
        # A range of local times, so the newest-first index serves it (``__month`` is an
        # EXTRACT the database must compute for every published row).
        start = timezone.make_aware(datetime.datetime(year, month or 1, 1))
        if month:
            end = timezone.make_aware(datetime.datetime(year + month // 12, month % 12 + 1, 1))
            period = Q(published_at__gte=start, published_at__lt=end)
        else:  # the year's dated articles, then its undated ones whose year is known
            end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
            period = Q(published_at__gte=start, published_at__lt=end) | Q(published_at__isnull=True, year_hint=year)
        return Article.objects.published().filter(period).for_listing().newest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(period=self.period, month=self.kwargs.get("month"), **kwargs)


class ArticleDetailView(DetailView):
    """The article page. Staff may also open an unpublished article here as a preview:
    marked as such, never counted, never cached, never indexed; everyone else gets 404."""

    template_name = "articles/article_detail.html"
    preview = False
    count_view = False
    moved_to = None

    def get_queryset(self):
        return Article.objects.published().select_related("section", "publisher__successor")

    def get_object(self, queryset=None):
        try:
            article = super().get_object(queryset)
        except Http404:
            self.moved_to = SlugRedirect.objects.filter(old_slug=self.kwargs["slug"]).select_related("article").first()
            if self.moved_to and self.moved_to.article.is_public:
                return None  # answered with a 301 in get()
            # Only the 404 path looks at the user, so public pages pay no session query.
            if not self.request.user.is_staff:
                raise
            article = get_object_or_404(Article.objects.select_related("section", "publisher__successor"), slug=self.kwargs["slug"])
            self.preview = not article.is_public
            if self.preview:
                return article
        if self.request.method == "GET":
            self.count_view = True
            article.view_count += 1  # the page shows the count including this view
        return article

    def related_scopes(self) -> list[str]:
        """What the related list is drawn from (articles.related.related_scopes), kept under
        the fragment generation like the sidebar that shows the list."""
        return cached_value("related-scopes", [self.object.pk], lambda: related_scopes(self.object, self.attached, self.related))

    def get(self, request, *args, **kwargs):
        depends_on(request, article_scope(kwargs["slug"]))  # the article itself, at once
        self.object = self.get_object()
        if self.object is None:
            return HttpResponsePermanentRedirect(self.moved_to.article.get_absolute_url())
        context = self.get_context_data(object=self.object)
        # The related articles beside it may lag a little behind the articles they are drawn
        # from (those of its section and of each record it links to), and no others.
        depends_on_each(request, self.related_scopes, lag=settings.PAGE_CACHE_LIST_LAG_SECONDS)
        response = self.render_to_response(context)
        if self.count_view:
            # Counted by the page-cache middleware on this response and on every cached copy
            # of it, with an F() update, so concurrent readers never lose a count.
            response[VIEW_HEADER] = str(self.object.pk)
        return response

    def get_context_data(self, **kwargs):
        # Lazy: the page's fragments (danvan/fragments.py) hold most of what these feed, so
        # on most requests only the article itself is read; each is computed once, on the
        # first fragment that misses.
        article = self.object
        self.attached = attached = SimpleLazyObject(lambda: attached_records(article))
        self.related = SimpleLazyObject(lambda: related_articles(article, attached.ids()))
        photos = SimpleLazyObject(lambda: [p for p in attached.photos if p.image])
        return super().get_context_data(
            photos=photos,
            cover=SimpleLazyObject(lambda: photos[0] if photos else None),
            tags=SimpleLazyObject(lambda: attached.tags),
            documents=SimpleLazyObject(lambda: attached.documents),
            organizations=SimpleLazyObject(lambda: attached.organizations),
            exemplars=SimpleLazyObject(lambda: attached.exemplars),
            related=self.related,
            links=SimpleLazyObject(lambda: document_links(article.body, attached.documents)),
            preview=self.preview,
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return mark_preview(response) if self.preview else response


def robots_txt(request):
    """robots.txt: everything public may be crawled; the admin and search results may not."""
    lines = ["User-agent: *", f"Disallow: /{settings.ADMIN_URL}"]
    try:
        lines.append(f"Disallow: {reverse('search:results')}")
    except NoReverseMatch:
        pass
    lines.append(f"Sitemap: {absolute_url(reverse('sitemap'), request)}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
