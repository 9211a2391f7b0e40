"""One way to write a public list's query string, and a 301 from the old ways.

Every list pages with ``?trang=`` (the search used ``?page=``); filters carry Vietnamese
words (``?loai=nghi-quyet``), not stored codes. An address written the old way still
works: it answers 301 to the same list written the current way, so bookmarks, links in
old articles and search engines land on one address per page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponsePermanentRedirect, QueryDict

PAGE_PARAM = "trang"
OLD_PAGE_PARAMS = ("page",)


def canonical_query(query: QueryDict, rewrite: Callable[[str, str], str] | None = None) -> str | None:
    """``query`` written the current way, or None when it already is.

    ``rewrite(name, value)`` gives a parameter's value in its URL form (a filter's stored
    code → its Vietnamese word); names in ``OLD_PAGE_PARAMS`` become ``trang`` unless the
    query already has one.
    """
    fixed = QueryDict(mutable=True)
    changed = False
    for name, values in query.lists():
        if name in OLD_PAGE_PARAMS:
            changed = True
            if PAGE_PARAM in query:
                continue
            name = PAGE_PARAM
        for value in values:
            new = rewrite(name, value) if rewrite else value
            changed |= new != value
            fixed.appendlist(name, new)
    return fixed.urlencode() if changed else None


def redirect_to_canonical(request: HttpRequest, rewrite: Callable[[str, str], str] | None = None):
    """A 301 to this address written the current way, or None when it already is."""
    if request.method not in ("GET", "HEAD"):
        return None
    query = canonical_query(request.GET, rewrite)
    if query is None:
        return None
    return HttpResponsePermanentRedirect(f"{request.path}?{query}" if query else request.path)


class CanonicalQueryMixin:
    """For list views: answer an address written the old way with a 301 (see above)."""

    def rewrite_param(self, name: str, value: str) -> str:
        return value

    def dispatch(self, request, *args, **kwargs):
        return redirect_to_canonical(request, self.rewrite_param) or super().dispatch(request, *args, **kwargs)
