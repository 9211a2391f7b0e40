"""Public pages for documents, bodies and "Dân vận khéo" models.

Articles on these pages come only from ``Article.objects.published()``; counts of
articles are counts of public articles, kept on each record (articles/counts.py), so a list
reads its own rows and not one link.
"""

from __future__ import annotations

from django.db.models import F, Prefetch
from django.views.generic import DetailView, ListView

from articles.models import Article
from articles.views import PAGE_SIZE
from danvan.collation import vi_order
from danvan.invalidation import link_scope
from danvan.pagecache import lists_may_lag
from danvan.pagination import CappedPaginator
from danvan.querystring import PAGE_PARAM, CanonicalQueryMixin

from .filters import ChoiceWords
from .models import Document, DocumentRelation, Exemplar, Level, Organization

# select_related this deep makes ``Organization.ancestors()`` (breadcrumbs) query-free for
# the five levels the system knows: central, province, district, commune, grassroots.
PARENT_CHAIN = "parent__parent__parent__parent__parent"


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


class FilteredListView(CanonicalQueryMixin, ListView):
    """A paginated list narrowed by GET parameters; ``filters`` maps parameter → lookup.

    ``choice_filters`` names the parameters over choices, whose URLs carry Vietnamese words
    (organizations.filters); their stored codes answer 301 to the word.
    """

    paginate_by = PAGE_SIZE
    page_kwarg = PAGE_PARAM
    filters: dict[str, str] = {}
    int_filters: frozenset[str] = frozenset()
    choice_filters: dict[str, type] = {}

    def words(self, param: str) -> ChoiceWords:
        return ChoiceWords(self.choice_filters[param])

    def rewrite_param(self, name: str, value: str) -> str:
        if name in self.choice_filters:
            return self.words(name).word_of.get(value, value)
        return value

    def active_filters(self) -> dict[str, str]:
        active = {}
        for param in self.filters:
            value = self.request.GET.get(param, "").strip()
            if param in self.int_filters and _int_or_none(value) is None:
                continue
            if value:
                active[param] = value
        return active

    def filter_queryset(self, queryset):
        lookups = {}
        for param, value in self.active_filters().items():
            if param in self.choice_filters:
                value = self.words(param).code_of.get(value, value)
            lookups[self.filters[param]] = value
        return queryset.filter(**lookups)

    def get_context_data(self, **kwargs):
        active = self.active_filters()
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        # Parameter names have hyphens ("co-quan"); templates read them with underscores.
        current = {param.replace("-", "_"): value for param, value in active.items()}
        return super().get_context_data(active=active, current=current, filter_query=query.urlencode(), **kwargs)


class DocumentListView(FilteredListView):
    template_name = "organizations/document_list.html"
    filters = {"loai": "kind", "co-quan": "issuer__slug", "nam": "issue_year", "khoa": "term"}
    int_filters = frozenset({"nam"})
    choice_filters = {"loai": Document.Kind}

    def get_queryset(self):
        documents = Document.objects.for_listing()
        # The order is spelled out to the key, for pagination.
        return self.filter_queryset(documents.order_by(F("issued_on").desc(nulls_last=True), vi_order("symbol"), "pk"))

    def get_context_data(self, **kwargs):
        documents = Document.objects.all()
        return super().get_context_data(
            kinds=self.words("loai").options(),
            issuers=Organization.objects.filter(documents__isnull=False).distinct().order_by(vi_order("name")).only("name", "slug"),
            years=documents.exclude(issue_year=None).order_by("-issue_year").values_list("issue_year", flat=True).distinct(),
            terms=documents.exclude(term="").order_by("term").values_list("term", flat=True).distinct(),
            **kwargs,
        )


TIMELINE_PAGE_SIZE = 50


class DocumentDetailView(CanonicalQueryMixin, DetailView):
    model = Document
    template_name = "organizations/document_detail.html"

    def get_queryset(self):
        # Relations both ways; ``Document.validity`` reads the incoming ones without a query.
        return (
            Document.objects.with_issuer()
            .with_public_files()
            .prefetch_related(
                Prefetch(
                    "outgoing_relations",
                    queryset=DocumentRelation.objects.select_related("target__issuer")
                    .defer("target__body")
                    .order_by("kind", vi_order("target__symbol")),
                ),
                Prefetch(
                    "incoming_relations",
                    queryset=DocumentRelation.objects.select_related("source__issuer")
                    .defer("source__body")
                    .order_by("kind", vi_order("source__symbol")),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        # The timeline of citing articles, newest first, undated ones at the end, a page at a
        # time: a resolution such as 25-NQ/TW is cited by thousands of articles.
        lists_may_lag(self.request, link_scope("doc", self.object.slug))
        articles = (
            Article.objects.published()
            .filter(documents=self.object)
            .only("pk", "title", "slug", "published_at")  # what a timeline line shows
            .newest_first()
        )
        # Not counted: the document keeps the number of public articles citing it.
        paginator = CappedPaginator(articles, TIMELINE_PAGE_SIZE, known_count=self.object.published_article_count)
        page = paginator.get_page(self.request.GET.get(PAGE_PARAM))
        return super().get_context_data(page_obj=page, articles=page.object_list, **kwargs)


class OrganizationListView(ListView):
    """The tree of bodies, built in Python from one query."""

    template_name = "organizations/organization_list.html"

    def get_queryset(self):
        return Organization.objects.order_by(vi_order("name"), "pk")

    def get_context_data(self, **kwargs):
        bodies = list(self.object_list)
        by_id = {b.pk: b for b in bodies}
        for body in bodies:
            body.subtree = []
        roots = []
        for body in bodies:
            parent = by_id.get(body.parent_id)
            # A parent loop (the model forbids it, but data is data) must not hide bodies.
            if parent is not None and parent is not body:
                parent.subtree.append(body)
            else:
                roots.append(body)
        reachable: set[int] = set()
        stack = list(roots)
        while stack:
            node = stack.pop()
            if node.pk in reachable:
                continue
            reachable.add(node.pk)
            stack.extend(node.subtree)
        roots.extend(b for b in bodies if b.pk not in reachable and b not in roots)
        return super().get_context_data(roots=roots, levels=dict(Level.choices), **kwargs)


class _WithArticlesPage(CanonicalQueryMixin, DetailView):
    """A record's page with a paginated list of the public articles that concern it."""

    article_filter = ""
    scope_kind = ""  # of danvan.invalidation.link_scope

    def get_context_data(self, **kwargs):
        lists_may_lag(self.request, link_scope(self.scope_kind, self.object.slug))
        articles = Article.objects.published().filter(**{self.article_filter: self.object}).for_listing().newest_first()
        # Not counted: the record keeps the number of public articles that concern it.
        paginator = CappedPaginator(articles, PAGE_SIZE, known_count=self.object.published_article_count)
        page = paginator.get_page(self.request.GET.get(PAGE_PARAM))
        return super().get_context_data(page_obj=page, articles=page.object_list, **kwargs)


class OrganizationDetailView(_WithArticlesPage):
    model = Organization
    article_filter = "organizations"
    scope_kind = "org"
    template_name = "organizations/organization_detail.html"

    def get_queryset(self):
        return Organization.objects.select_related(PARENT_CHAIN, "successor")

    def get_context_data(self, **kwargs):
        body = self.object
        return super().get_context_data(
            children=list(body.children.order_by(vi_order("name"))),
            predecessors=list(body.predecessors.order_by(F("active_until").desc(), vi_order("name"))),
            issued=list(body.documents.for_listing()[:50]),
            exemplars=list(body.exemplars.all()),
            **kwargs,
        )


class ExemplarListView(FilteredListView):
    template_name = "organizations/exemplar_list.html"
    filters = {"loai": "kind", "linh-vuc": "field", "cap": "level", "nam": "year", "don-vi": "organization__slug"}
    int_filters = frozenset({"nam"})
    choice_filters = {"loai": Exemplar.Kind, "linh-vuc": Exemplar.Field, "cap": Level}

    def get_queryset(self):
        return self.filter_queryset(Exemplar.objects.select_related("organization").order_by(F("year").desc(nulls_last=True), "name", "pk"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kinds=self.words("loai").options(),
            fields=self.words("linh-vuc").options(),
            levels=self.words("cap").options(),
            years=Exemplar.objects.exclude(year=None).order_by("-year").values_list("year", flat=True).distinct(),
            bodies=Organization.objects.filter(exemplars__isnull=False).distinct().order_by(vi_order("name")).only("name", "slug"),
            **kwargs,
        )


class ExemplarDetailView(_WithArticlesPage):
    model = Exemplar
    article_filter = "exemplars"
    scope_kind = "ex"
    template_name = "organizations/exemplar_detail.html"

    def get_queryset(self):
        return Exemplar.objects.select_related("organization")
