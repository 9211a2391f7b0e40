"""The public search page, /tim-kiem/?q=…"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString

from articles.models import Section
from danvan.pagination import CappedPaginator

from .highlight import highlight, snippet
from .models import SearchEntry
from .query import SearchQuery, parse

PER_PAGE = 20


class ResultsPaginator(CappedPaginator):
    """Results are counted up to 5 pages (100): past that the page says "more than 100",
    and the count costs the same for a rare word and for one in every article. (Fewer than
    the PostgreSQL engine's candidates, so "more than" is true whenever it is said.)"""

    max_pages = 5


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
    query = parse(request.GET.get("q", ""))
    context = {"query": query, "page_obj": None, "hits": [], "approximate": False}
    if not query.is_empty:
        visible = SearchEntry.objects.visible()
        paginator = ResultsPaginator(visible.search(query).for_results(), PER_PAGE)
        if paginator.count == 0:
            paginator = ResultsPaginator(visible.search(query, fuzzy=True).for_results(), PER_PAGE)
            context["approximate"] = paginator.count > 0
        page = paginator.get_page(request.GET.get("page"))
        context.update(page_obj=page, paginator=paginator, hits=[_hit(entry, query) for entry in page])
    return render(request, "search/results.html", context)
