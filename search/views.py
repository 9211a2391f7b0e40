"""The public search page, /tim-kiem/?q=…"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page
from django.db.models import Count, Window
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString

from articles.models import Section
from danvan.pagination import CappedPaginator
from danvan.querystring import PAGE_PARAM, redirect_to_canonical

from .highlight import highlight, snippet
from .models import SearchEntry
from .query import SearchQuery, parse

PER_PAGE = 20


class ResultsPaginator(CappedPaginator):
    """Results are counted up to 5 pages (100): past that the page says "more than 100",
    and the count costs the same for a rare word and for one in every article. (Fewer than
    the PostgreSQL engine's candidates, so "more than" is true whenever it is said.)"""

    max_pages = 5

    def page_with_count(self, number) -> Page:
        """The requested page and the count from one query (a window count over the
        results), instead of a COUNT and a SELECT that would each find the matches."""
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        limit = self.max_pages * self.per_page
        number = min(number, self.max_pages)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list.annotate(total_found=Window(Count("pk")))[bottom : bottom + self.per_page])
        if not rows and number > 1:  # past the end: count the usual way, show the last page
            return self.get_page(number)
        total = rows[0].total_found if rows else 0
        self.__dict__["_bounded_count"] = (min(total, limit), total > limit)
        return Page(rows, number, self)


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    url: str
    title: SafeString
    snippet: SafeString
    published_at: datetime | None
    section: Section | None


def _hit(entry: SearchEntry, query: SearchQuery) -> Hit:
    article = entry.article if entry.kind == SearchEntry.Kind.ARTICLE else None
    return Hit(
        kind=entry.kind,
        kind_label=entry.get_kind_display(),
        url=entry.get_absolute_url(),
        title=highlight(entry.title, query.terms),
        snippet=snippet(entry.text, query.terms),
        published_at=article.published_at if article else None,
        section=article.section if article else None,
    )


def results(request: HttpRequest) -> HttpResponse:
    moved = redirect_to_canonical(request)  # ?page= (the old name) → ?trang=
    if moved:
        return moved
    query = parse(request.GET.get("q", ""))
    context = {"query": query, "page_obj": None, "hits": [], "approximate": False}
    if not query.is_empty:
        visible = SearchEntry.objects.visible()
        paginator = ResultsPaginator(visible.search(query).for_results(), PER_PAGE)
        page = paginator.page_with_count(request.GET.get(PAGE_PARAM))
        if paginator.count == 0:
            paginator = ResultsPaginator(visible.search(query, fuzzy=True).for_results(), PER_PAGE)
            page = paginator.page_with_count(request.GET.get(PAGE_PARAM))
            context["approximate"] = paginator.count > 0
        context.update(page_obj=page, paginator=paginator, hits=[_hit(entry, query) for entry in page])
    return render(request, "search/results.html", context)
