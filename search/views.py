"""The public search page, /tim-kiem/?q=…"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import InvalidPage, Page
from django.db.models import Count, Q, Window
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from danvan.fragments import cached_value
from danvan.pagecache import lists_may_lag
from danvan.pagination import CappedPaginator
from danvan.querystring import redirect_to_canonical

from .highlight import highlight, snippet
from .models import SearchEntry, SearchEntryQuerySet
from .params import KIND_WORD, KINDS, SearchParams
from .query import SearchQuery, parse
from .suggest import suggestion_query

PER_PAGE = 20
#: The cache name of a search's results; it changes with ``Found`` and ``Hit``, so results
#: kept by an earlier release (other fields) are never read.
RESULTS_FRAGMENT = "search-results-2"


class ResultsPaginator(CappedPaginator):
    """Results are counted up to 5 pages (100): past that the page says "more than 100",
    and the count costs the same for a rare word and for one in every article. (Fewer than
    the PostgreSQL engine's candidates, so "more than" is true whenever it is said.)"""

    max_pages = 5

    def __init__(self, object_list, per_page, *, count_kinds: bool = False) -> None:
        super().__init__(object_list, per_page)
        #: With ``count_kinds``, the page's query also counts the results of each kind
        #: (``kind_counts``, by the tabs' words): the counts a separate query gave before.
        self.count_kinds = count_kinds
        self.kind_counts: dict[str, int] = {}

    def _kind_windows(self) -> dict[str, Window]:
        if not self.count_kinds:
            return {}
        return {f"found_{kind}": Window(Count("pk", filter=Q(kind=kind))) for kind in SearchEntry.TARGETS}

    def page_with_count(self, number) -> Page:
        """The requested page and the count from one query (a window count over the
        results), instead of a COUNT and a SELECT that would each find the matches.

        A page that is not a number, or past the last, is a 404, as on every other list.
        """
        try:
            number = int(number) if number not in (None, "") else 1
        except (TypeError, ValueError):
            raise Http404(_("Số trang không hợp lệ.")) from None
        if number < 1 or number > self.max_pages:
            raise Http404(_("Không có trang kết quả này."))
        limit = self.max_pages * self.per_page
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list.annotate(total_found=Window(Count("pk")), **self._kind_windows())[bottom : bottom + self.per_page])
        if not rows and number > 1:
            raise Http404(_("Không có trang kết quả này."))
        total = rows[0].total_found if rows else 0
        if self.count_kinds:
            self.kind_counts = _counted(((kind, getattr(rows[0], f"found_{kind}")) for kind in SearchEntry.TARGETS) if rows else ())
        self.__dict__["_bounded_count"] = (min(total, limit), total > limit)
        try:
            return Page(rows, self.validate_number(number), self)
        except InvalidPage:
            raise Http404(_("Không có trang kết quả này.")) from None


@dataclass(frozen=True)
class Hit:
    """One result line, as plain values and ready HTML (it is kept in the cache with the page)."""

    kind: str
    url: str
    title: SafeString
    snippet: SafeString
    about: SafeString
    """The line above the title: the kind, an article's section, the date."""


def _about(kind: str, section: str | None, when: datetime | None) -> SafeString:
    """"Bài viết · Tin hoạt động · <time datetime="2025-03-02T08:00:00+07:00">02/03/2025</time>",
    written here rather than in the template: twenty lines of it with two ``date`` filters
    each were a fifth of the page's rendering."""
    parts = [str(KIND_LABELS[kind])]
    layout = "{}"
    if section:
        parts.append(section)
        layout += " · {}"
    if when:
        when = timezone.localtime(when)
        parts += [when.isoformat(), when.strftime("%d/%m/%Y")]
        layout += ' · <time datetime="{}">{}</time>'
    return format_html(layout, *parts)


#: Each kind's label (``get_kind_display`` rebuilds a dictionary of the choices at each call).
KIND_LABELS = dict(SearchEntry.Kind.choices)


def _phrase_in_text(entry: SearchEntry) -> bool | None:
    """What the ranking found of the phrase in the entry's text (None: it did not say)."""
    tier = getattr(entry, "phrase_hit", None)
    return tier == 1 if tier in (0, 1) else None


def _hit(entry: SearchEntry, query: SearchQuery) -> Hit:
    article = entry.article if entry.kind == SearchEntry.Kind.ARTICLE else None
    section = article.section if article else None
    return Hit(
        kind=entry.kind,
        url=entry.get_absolute_url(),
        title=highlight(entry.title, query.terms),
        snippet=snippet(entry.text, query.terms, phrase_in_text=_phrase_in_text(entry)),
        about=_about(entry.kind, section.name if section else None, article.published_at if article else entry.dated),
    )


def _narrowed(visible: SearchEntryQuerySet, params: SearchParams) -> SearchEntryQuerySet:
    if params.start or params.end:
        visible = visible.between(params.start, params.end)
    if params.section:
        visible = visible.filter(kind=SearchEntry.Kind.ARTICLE, article__section__slug=params.section)
    return visible


def _steps(query: SearchQuery):
    """What to try, in order, until something is found: the words as typed; the site's own
    correction of them; the words apart (short queries); the engine's loose mode."""
    yield "exact", query, "strict"
    suggested = suggestion_query(query)
    if suggested is not None and not suggested.is_empty:
        yield "suggested", suggested, "strict"
    if 1 < len(query.terms) <= 3:
        yield "apart", query, "all"
    yield "approximate", query, "fuzzy"
    if len(query.terms) > 3:
        yield "some", query, "any"


def kinds_of(counts: dict[str, int]) -> list[str]:
    """The ``SearchEntry.Kind`` values behind the counts' words."""
    return [kind for word in counts for kind in KINDS[word][0]]


def _counted(pairs) -> dict[str, int]:
    """(kind, count) pairs as counts by the tabs' words, kinds without results left out."""
    counts: dict[str, int] = {}
    for kind, n in pairs:
        if n:
            word = KIND_WORD[kind]
            counts[word] = counts.get(word, 0) + n
    return counts


def _kind_counts(matched: SearchEntryQuerySet) -> dict[str, int]:
    return _counted(matched.order_by().values_list("kind").annotate(n=Count("pk")))


def first_finding(visible: SearchEntryQuerySet, query: SearchQuery) -> tuple[str, SearchQuery, SearchEntryQuerySet, dict[str, int]]:
    """The first step of ``_steps`` that finds something: its name, the query it ran, the
    matching entries (unordered) and their counts by kind (empty when nothing was found)."""
    for note, tried, mode in _steps(query):
        matched = visible.matching(tried, mode=mode)
        counts = _kind_counts(matched)
        if counts:
            return note, tried, matched, counts
    return "", query, visible.none(), {}


@dataclass
class Found:
    """What a search found, as the page shows it: kept like a fragment, under the content
    generation (danvan/fragments.py), so a search asked again before anything changes reads
    nothing from the database. Only plain values: hits, counts, the page's position."""

    missing_page: bool = False  # ?trang= past the last page: a 404
    hits: list[Hit] | None = None
    note: str = ""
    shown_query: SearchQuery | None = None
    suggestion: str | None = None
    counts: dict[str, int] | None = None
    count: int = 0
    capped: bool = False
    number: int = 1


class FoundPaginator(CappedPaginator):
    """The paginator of a stored result: its count is the one the search found."""

    def __init__(self, found: Found) -> None:
        super().__init__([], PER_PAGE)
        self.__dict__["_bounded_count"] = (found.count, found.capped)


def find(query: SearchQuery, params: SearchParams) -> Found:
    """Run the search the page asks for (the steps, the counts, one page of hits)."""
    visible = _narrowed(SearchEntry.objects.visible(), params)
    if not params.kind:
        found = _find_all_kinds(visible, query, params)
        if found is not None:
            return found
    note, tried, matched, counts = first_finding(visible, query)
    if not counts:
        try:
            ResultsPaginator(SearchEntry.objects.none(), PER_PAGE).page_with_count(params.page)  # ?trang=2 of nothing: 404
        except Http404:
            return Found(missing_page=True)
        return Found(hits=[], shown_query=query, counts={})
    shown = matched.filter(kind__in=params.kinds) if params.kind else matched
    shown_kinds = [k for k in kinds_of(counts) if not params.kind or k in params.kinds]
    ranked = shown.ranked(tried, by_date=params.by_date).for_results(shown_kinds)
    paginator = ResultsPaginator(ranked, PER_PAGE)
    try:
        page = paginator.page_with_count(params.page)
    except Http404:
        return Found(missing_page=True)
    return _found(note, query, tried, paginator, page, counts)


def first_page(visible: SearchEntryQuerySet, query: SearchQuery, params: SearchParams):
    """The page of results when every kind is shown: the first step whose page finds
    something, read with its counts per kind (window counts), so a search costs the
    candidates and the page, not a query of counts besides. ``(note, tried, paginator,
    page)``; ``(None, query, None, None)`` when no step finds anything; None for a page
    past a step's last (``find`` then tells a 404 from a search that needs the next step,
    as before)."""
    for note, tried, mode in _steps(query):
        matched = visible.matching(tried, mode=mode)
        paginator = ResultsPaginator(matched.ranked(tried, by_date=params.by_date).for_results(), PER_PAGE, count_kinds=True)
        try:
            page = paginator.page_with_count(params.page)
        except Http404:
            return None
        if paginator.kind_counts:
            return note, tried, paginator, page
    return None, query, None, None


def _find_all_kinds(visible: SearchEntryQuerySet, query: SearchQuery, params: SearchParams) -> Found | None:
    """``find`` when every kind is shown (``first_page``)."""
    found = first_page(visible, query, params)
    if found is None:
        return None
    note, tried, paginator, page = found
    if paginator is None:
        return Found(hits=[], shown_query=query, counts={})
    return _found(note, query, tried, paginator, page, paginator.kind_counts)


def _found(note: str, query: SearchQuery, tried: SearchQuery, paginator: ResultsPaginator, page: Page, counts: dict) -> Found:
    """What a step found, as the page shows it (``Found``)."""
    return Found(
        hits=[_hit(e, tried) for e in page],
        note="" if note == "exact" else note,
        shown_query=tried,
        suggestion=_symbol_suggestion(query, page) if note == "exact" else None,
        counts=counts,
        count=paginator.count,
        capped=paginator.capped,
        number=page.number,
    )


def results(request: HttpRequest) -> HttpResponse:
    moved = redirect_to_canonical(request)  # ?page= (the old name) → ?trang=
    if moved:
        return moved
    lists_may_lag(request)  # what readers find of an addition or an edit may lag a little; of a withdrawal, never
    params = SearchParams.read(request.GET)
    query = parse(params.q)
    context = {
        "query": query,
        "params": params,
        "page_obj": None,
        "hits": [],
        "note": "",
        "shown_query": query,
        "kind_tabs": [],
        "suggestion": None,
    }
    if not query.is_empty:
        found = cached_value(RESULTS_FRAGMENT, [params.query_string(), params.page], lambda: find(query, params))
        if found.missing_page:
            raise Http404(_("Không có trang kết quả này."))
        paginator = FoundPaginator(found)
        context["paginator"] = paginator
        if found.hits:
            page = Page(found.hits, found.number, paginator)
            context.update(page_obj=page, hits=found.hits, note=found.note, shown_query=found.shown_query, suggestion=found.suggestion)
        counts = found.counts or {}
        total = sum(counts.values())
        context["kind_tabs"] = [
            {"word": "", "label": _("Tất cả"), "count": total, "active": not params.kind, "query": params.query_string(loai=None)}
        ] + [
            {"word": word, "label": label, "count": counts[word], "active": params.kind == word, "query": params.query_string(loai=word)}
            for word, (_kinds, label) in KINDS.items()
            if counts.get(word)
        ]
    return render(request, "search/results.html", context)


def _symbol_suggestion(query: SearchQuery, page: Page) -> str | None:
    """"NQ25", "nq 25", "nghị quyết số 25": the symbol of the document named, as the site writes it."""
    if not query.doc_keys or query.symbols:
        return None
    for entry in page:
        if entry.kind == SearchEntry.Kind.DOCUMENT and entry.doc_key in query.doc_keys:
            return entry.symbol
    return None
