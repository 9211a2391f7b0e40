"""The public reading pages: home, sections, tags, date archives and the article itself.

Every list starts from ``Article.objects.published()`` and takes its shape from
``for_listing()``; the article page reads what it shows beside the article with
``attached_records()``. Each page runs a fixed number of queries whatever
it shows (tests/site/test_query_budget.py holds them to it).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, connections
from django.db.models import Count, Exists, F, OrderBy, OuterRef, Q
from django.db.models.functions import Collate
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag, TaggedItem

from danvan.cache import VIEW_HEADER, generation
from danvan.fragments import cached_value
from danvan.invalidation import article_scope, section_scope
from danvan.pagecache import depends_on, lists_may_lag
from danvan.pagination import CappedPaginator
from danvan.previews import mark_preview
from danvan.querystring import PAGE_PARAM, CanonicalQueryMixin
from danvan.siteurl import absolute_url
from organizations.models import Document, Exemplar, Organization

from .models import Article, Photo, Section, SlugRedirect, published_q
from .templatetags.site_tags import document_links

PAGE_SIZE = 20


def count_published_articles():
    """``Count`` of related public articles, for annotating documents, bodies, models.

    The rule is applied through the join (``published_q``), not as an ``IN`` over every
    published article, so the cost follows the links counted, not the archive.
    """
    return Count("articles", filter=published_q(prefix="articles__"), distinct=True)


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
        """The models and documents cited by the most public articles (counted over every link)."""
        exemplars = list(
            Exemplar.objects.select_related("organization")
            .annotate(article_count=count_published_articles())
            .filter(article_count__gt=0)
            .order_by("-article_count", F("year").desc(nulls_last=True), "name")[:4]
        )
        documents = list(
            Document.objects.with_issuer()
            .annotate(article_count=count_published_articles())
            .filter(article_count__gt=0)
            .order_by("-article_count", "symbol")[:6]
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


# How many of the most recent articles sharing each kind of link are considered, and how
# many of the best scored are read back to pick the public ones from.
RELATED_CANDIDATES_PER_LINK = 100
RELATED_CANDIDATES_SAME_SECTION = 50
RELATED_SCORED = 40
RELATED_LINKS_PER_KIND = 10  # an article naming fifty bodies is scored on its first ten
# What sharing one thing is worth: a document or a model says more than a body or a tag.
RELATED_WEIGHTS = {"documents": 3, "exemplars": 3, "organizations": 2, "tags": 2}


@dataclass
class Attached:
    """What the article page shows beside the article itself, in display order."""

    photos: list[Photo]
    tags: list[Tag]
    documents: list[Document]
    organizations: list[Organization]
    exemplars: list[Exemplar]

    def ids(self) -> dict[str, list[int]]:
        return {name: [record.pk for record in getattr(self, name)] for name in ("documents", "organizations", "exemplars", "tags")}


# Each part: the list it fills, the model it reads and the columns the page uses. Rows are
# numbered in the model's own ordering (Meta.ordering; link order for tags), so one ORDER BY
# keeps every list in order.
_ATTACHED_PARTS = (
    ("photos", Photo, ("image", "caption", "credit", "alt_text", "width", "height", "order", "after_paragraph")),
    ("tags", Tag, ("name", "slug")),
    ("documents", Document, ("symbol", "slug", "kind", "subject")),
    ("organizations", Organization, ("name", "slug")),
    ("exemplars", Exemplar, ("name", "slug")),
)


@functools.cache
def _field_order(model, columns: tuple[str, ...]) -> tuple[tuple[str, ...], list[int]]:
    """``from_db`` takes values in the model's field order; the query has its own."""
    selected = ("id", *columns)
    names = tuple(f.attname for f in model._meta.concrete_fields if f.attname in selected)
    return names, [selected.index(name) for name in names]


def _meta_ordering(model, alias: str) -> str:
    """The model's ``Meta.ordering`` (field names, "-name", ``F(...).desc(nulls_last=True)``,
    ``Collate(F(...), …)`` for Vietnamese order) as an ORDER BY on ``alias``, so the lists
    keep the order the ORM would give them."""
    quote = connection.ops.quote_name
    terms = []
    for item in model._meta.ordering:
        collate = ""
        if isinstance(item, str):
            name, descending, nulls_last = item.lstrip("-"), item.startswith("-"), False
        else:
            expression = item.expression if isinstance(item, OrderBy) else item
            descending, nulls_last = isinstance(item, OrderBy) and item.descending, isinstance(item, OrderBy) and bool(item.nulls_last)
            if isinstance(expression, Collate):
                collate = f" COLLATE {quote(expression.collation)}"
                expression = expression.get_source_expressions()[0]
            name = expression.name
        column = model._meta.pk.column if name == "pk" else model._meta.get_field(name).column
        # SQLite puts NULLs last in descending order by itself.
        nulls = " NULLS LAST" if nulls_last and connection.vendor == "postgresql" else ""
        terms.append(f"{alias}.{quote(column)}{collate}{' DESC' if descending else ''}{nulls}")
    return ", ".join(terms)


def attached_records(article: Article) -> Attached:
    """The article's photos, tags, documents, bodies and models, in one query.

    Prefetching them is five ORM queries, each about a millisecond of Python on a small
    server before the database is even asked, on the most read page of the site. The page
    needs a few columns of each: one UNION ALL reads them all through the link tables'
    (article, target) keys, and each row becomes an instance of its model
    (``Model.from_db``; any other field is deferred and would load on access). Raw SQL: the
    ORM does not union rows of different models.
    """
    quote = connection.ops.quote_name
    width = max(len(columns) for _name, _model, columns in _ATTACHED_PARTS)

    def select(number, model, columns, alias, source, where, order):
        table = quote(model._meta.db_table)
        cells = [f"{alias}.{quote(model._meta.get_field(c).column)}" for c in columns]
        cells += ["NULL"] * (width - len(columns))  # the first part (photos) fills every column
        return (
            f"SELECT {number} AS part, ROW_NUMBER() OVER (ORDER BY {order}) AS rank, {alias}.id, {', '.join(cells)} "
            f"FROM {table} {alias} {source} WHERE {where}"
        )

    parts, params = [], []
    parts.append(select(0, Photo, _ATTACHED_PARTS[0][2], "p", "", "p.article_id = %s", _meta_ordering(Photo, "p")))
    params.append(article.pk)
    tagged = quote(TaggedItem._meta.db_table)
    tag_link = f"JOIN {tagged} ti ON ti.tag_id = t.id"
    parts.append(select(1, Tag, _ATTACHED_PARTS[1][2], "t", tag_link, "ti.object_id = %s AND ti.content_type_id = %s", "ti.id"))
    params += [article.pk, ContentType.objects.get_for_model(Article).pk]
    for number, (name, model, columns) in enumerate(_ATTACHED_PARTS[2:], start=2):
        field = Article._meta.get_field(name)
        link = f"JOIN {quote(field.remote_field.through._meta.db_table)} l ON l.{quote(field.m2m_reverse_name())} = x.id"
        where = f"l.{quote(field.m2m_column_name())} = %s"
        parts.append(select(number, model, columns, "x", link, where, _meta_ordering(model, "x")))
        params.append(article.pk)
    found: dict[str, list] = {name: [] for name, _model, _columns in _ATTACHED_PARTS}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts) + " ORDER BY part, rank", params)
        for row in cursor.fetchall():
            name, model, columns = _ATTACHED_PARTS[row[0]]
            names, order = _field_order(model, columns)
            values = row[2 : 3 + len(columns)]
            found[name].append(model.from_db(connection.alias, names, [values[i] for i in order]))
    for photo in found["photos"]:
        photo.article = article  # what Photo's own pages would fetch
    return Attached(**found)


def related_scores(article: Article, links: dict[str, list[int]]) -> list[tuple[int, int]]:
    """(id, score) of the articles sharing most with ``article``, best first, in one query.

    Scoring every published article costs time in proportion to the archive; a popular
    resolution is cited by thousands. Each linked record contributes only the link rows of
    its most recent RELATED_CANDIDATES_PER_LINK articles (newer articles have larger ids),
    read through the link tables' (target, article) indexes; the rows are weighted and summed per article,
    so the cost stays flat as the archive grows. The newest articles of the same section
    come in with no score of their own (``related_articles`` adds the section's point).
    Raw SQL: a UNION ALL of LIMITed parts is not something the ORM builds on SQLite.
    """
    parts, params = [], []

    def part(table: str, column: str, key: str, ids: list[int], weight: int, extra: str = "", extra_params=()):
        # One part per linked record, each read backwards from a (target, article) index;
        # an IN over several would make the database sort all their rows.
        for ident in ids[:RELATED_LINKS_PER_KIND]:
            parts.append(
                f"SELECT {column} AS id, {weight} AS w FROM (SELECT {column} FROM {table} WHERE {key} = %s{extra} "
                f"ORDER BY {column} DESC LIMIT {RELATED_CANDIDATES_PER_LINK}) AS part_{len(parts)}"
            )
            params.extend([ident, *extra_params])

    for name in ("documents", "exemplars", "organizations"):
        field = Article._meta.get_field(name)
        through = field.remote_field.through._meta.db_table
        part(through, "article_id", field.m2m_reverse_name(), links[name], RELATED_WEIGHTS[name])
    article_type = ContentType.objects.get_for_model(Article)  # cached after the first call
    tagged = TaggedItem._meta.db_table
    part(tagged, "object_id", "tag_id", links["tags"], RELATED_WEIGHTS["tags"], " AND content_type_id = %s", (article_type.pk,))
    if article.section_id:
        # Newest first as the section page lists them, so the section's index serves it
        # (SQLite puts NULLs last in DESC order by itself and takes no NULLS clause there).
        nulls_last = " NULLS LAST" if connection.vendor == "postgresql" else ""
        parts.append(
            f"SELECT id, 0 AS w FROM (SELECT id FROM {Article._meta.db_table} WHERE section_id = %s AND status = %s "
            f"ORDER BY published_at DESC{nulls_last}, id DESC LIMIT {RELATED_CANDIDATES_SAME_SECTION}) AS part_section"
        )
        params.extend([article.section_id, Article.Status.PUBLISHED])
    if not parts:
        return []
    sql = (
        f"SELECT id, SUM(w) AS score FROM ({' UNION ALL '.join(parts)}) AS candidates WHERE id <> %s "
        f"GROUP BY id ORDER BY score DESC, id DESC LIMIT {RELATED_SCORED}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, article.pk])
        return [(row[0], int(row[1])) for row in cursor.fetchall()]


def related_articles(article: Article, links: dict[str, list[int]], limit: int = 5) -> list[Article]:
    """Public articles sharing documents, bodies, models, tags or the section with ``article``.

    ``links``: the ids of its documents, organizations, exemplars and tags
    (``Attached.ids()``). Two queries, whatever the size of the archive: the scores
    (``related_scores``), then the best scored read back, keeping only public ones (never
    ``article`` itself). Most shared first, a point more for the same section, then newest.
    """
    scores = dict(related_scores(article, links))
    if not scores:
        return []
    found = (
        Article.objects.published()
        .filter(pk__in=list(scores))
        .only("pk", "title", "slug", "published_at", "section_id")  # what the sidebar shows
    )

    def score(other: Article) -> int:
        return scores[other.pk] + (1 if article.section_id and other.section_id == article.section_id else 0)

    newest = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    ranked = sorted(
        (other for other in found if score(other) > 0),
        key=lambda other: (-score(other), newest - other.published_at if other.published_at else datetime.timedelta.max, -other.pk),
    )
    return ranked[:limit]


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

    def get(self, request, *args, **kwargs):
        # The article itself at once; the related articles beside it may lag a little.
        depends_on(request, article_scope(kwargs["slug"]))
        lists_may_lag(request)
        self.object = self.get_object()
        if self.object is None:
            return HttpResponsePermanentRedirect(self.moved_to.article.get_absolute_url())
        response = self.render_to_response(self.get_context_data(object=self.object))
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
        attached = SimpleLazyObject(lambda: attached_records(article))
        photos = SimpleLazyObject(lambda: [p for p in attached.photos if p.image])
        return super().get_context_data(
            photos=photos,
            cover=SimpleLazyObject(lambda: photos[0] if photos else None),
            tags=SimpleLazyObject(lambda: attached.tags),
            documents=SimpleLazyObject(lambda: attached.documents),
            organizations=SimpleLazyObject(lambda: attached.organizations),
            exemplars=SimpleLazyObject(lambda: attached.exemplars),
            related=SimpleLazyObject(lambda: related_articles(article, attached.ids())),
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
