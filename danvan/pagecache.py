"""Whole-page cache for anonymous readers: fresh after every change, one render per change.

Only anonymous GET/HEAD requests that get a 200 without cookies being set are cached, so
a staff preview, a draft or a form with a CSRF token never enters the cache.

**What a page depends on.** A view names the scopes its page shows (``depends_on``, see
danvan/invalidation.py); a page that names none depends on the whole site and on every
list of articles. The stored copy keeps the scopes' counters as they were when it was
rendered; on each request they are compared with the current ones (read by each process at
most every STATE_SECONDS):

- none moved: the copy is served (``X-Cache: HIT``);
- a **hard** counter moved (something was withdrawn): the page is rendered afresh and no
  copy from before is served again — a withdrawn article is never served from a copy, not
  even for a moment;
- only **soft** counters moved (something was added or edited): one request renders the
  new page, under a lock kept at most PAGE_CACHE_STALE_SECONDS; the others get the previous
  copy meanwhile (``X-Cache: STALE``). A flood of readers thus costs one render per page per
  change, not one per reader. With PAGE_CACHE_RENDER_BEHIND (off by default) that render
  is done by the process's render thread instead (danvan/revalidate.py), except when an
  article's own page changed. A request for a page with no copy it may show (none yet, or
  a withdrawal) while another process renders it waits for that render, up to
  PAGE_CACHE_WAIT_SECONDS (``X-Cache: WAITED``), instead of rendering it again beside it.
  A scope named with a ``lag`` (a list beside the page's main content, such as the related
  articles of an article page) may keep its copy that many seconds after it was rendered
  before it counts as changed — between half and all of them, by page, so that the pages
  showing one change do not all render it in the same second.

**Turns for lagging lists.** When only such a lagging list moved, a page takes one of
PAGE_CACHE_LAGGED_RENDERS turns (keys shared by every process) before it renders; with no
turn free its reader gets the previous copy (``X-Cache: STALE``), as the list may lag anyway.
A page that has waited PAGE_CACHE_STALE_SECONDS for a turn renders without one. After the
workers' first renders of sixty article pages, one publication made a third of them stale in
the same second, beside the home page and the sections: the five workers all rendered at
once and the home page showed the new article 2.2 s later. Pages whose own content or an
unlagged list changed (the home page, a section, an article that was edited) never wait.

**Copies kept in the process.** Each process also keeps the pages it served last, up to
PAGE_CACHE_LOCAL_BYTES, with the counters they were rendered under. While this process's
copy of those counters is fresh (danvan.invalidation.STATE_SECONDS), a page whose counters
did not move is answered from there with no round trip to the shared cache at all; once a
counter moved (a change here, or one read from the shared cache after another process
made it), the process's copy is dropped and the page goes the way above. A process thus
never serves a page longer than a copy from the shared cache could be served.

Views that count article views mark their response with ``VIEW_HEADER``; the middleware
counts the view on every response carrying it, cached or not, and strips the header
(counting itself is danvan/viewcounts.py).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextlib import suppress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from . import revalidate
from .cache import VIEW_HEADER, current_generation, fresh_generation
from .db_router import PIN_COOKIE
from .invalidation import LISTS, SITE, counters, counters_and
from .staleness import FRESH, GONE, STALE, STALE_SINCE, WAIT_STEP_SECONDS, judge, may_render_behind, only_lagging_moved, take_turn
from .viewcounts import count_article_view

DEFAULT_SCOPES = {SITE: 0, LISTS: 0}
_SCOPES_ATTRIBUTE = "_danvan_page_scopes"
_SEEN_ATTRIBUTE = "_danvan_page_counters"


def depends_on(request, scope: str, *, lag: int = 0) -> None:
    """Say that the page answering ``request`` shows ``scope``; with ``lag``, that it may
    keep showing it as it was up to ``lag`` seconds after the page was rendered (soft
    changes only: a withdrawal is always at once). The first call replaces the default
    (the whole site and every list) by the site alone plus what is named.

    Call it before the view reads what the scope covers (with a name known from the URL,
    as the scopes are named by slug): the scope's counters are read here, so a change that
    commits while the page renders moves them past the copy's snapshot and the copy is
    stale at once, never stored as current."""
    _name(request, [scope], lag)


def depends_on_each(request, names: Callable[[], Iterable[str]], *, lag: int = 0) -> None:
    """``depends_on`` for scopes named by what the page has read (the records an article
    links to, and whether its related list could take an article of its section):
    ``names()`` is called only when the page cache keeps this page, as it may cost queries.

    Their counters are read after what they cover was read: a change committed in between
    moved the content generation while the page rendered, so the copy is served but not
    kept (``render``), and one committed later moves the counters past the snapshot."""
    if getattr(request, _SEEN_ATTRIBUTE, None) is not None:
        _name(request, list(names()), lag)


def _name(request, named: list[str], lag: int) -> None:
    scopes = getattr(request, _SCOPES_ATTRIBUTE, None)
    if scopes is None:
        scopes = {SITE: 0}
        setattr(request, _SCOPES_ATTRIBUTE, scopes)
    for scope in named:
        scopes[scope] = min(lag, scopes.get(scope, lag))
    seen = getattr(request, _SEEN_ATTRIBUTE, None)
    unread = [scope for scope in named if seen is not None and scope not in seen]
    if unread:
        seen.update(counters(unread))  # one round trip for all of them


def lists_may_lag(request, scope: str = LISTS) -> None:
    """The page's own content is one record (the site's scope); the articles it lists beside
    it (those of ``scope``: by default any) may lag PAGE_CACHE_LIST_LAG_SECONDS behind an
    addition or an edit."""
    depends_on(request, scope, lag=settings.PAGE_CACHE_LIST_LAG_SECONDS)


def page_scopes(request) -> dict[str, int]:
    return dict(getattr(request, _SCOPES_ATTRIBUTE, None) or DEFAULT_SCOPES)


def page_key(request) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}|{request.method == 'HEAD'}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def entity_tag(key: str, snapshot: dict[str, tuple[int, int]]) -> str:
    """A weak ETag for the copy stored under ``key``: the page and the counters it was
    rendered under, so it changes with every change the page shows."""
    state = "|".join(f"{scope}={soft}.{hard}" for scope, (soft, hard) in sorted(snapshot.items()))
    return f'W/"{hashlib.sha256(state.encode()).hexdigest()[:12]}-{key[5:21]}"'


def if_none_match(request) -> set[str]:
    header = request.headers.get("If-None-Match")
    return set(parse_etags(header)) if header else set()


# What RFC 9110 says a 304 carries of the full response it stands for.
NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary", VIEW_HEADER)


def not_modified(page):
    response = HttpResponseNotModified()
    for header in NOT_MODIFIED_HEADERS:
        if header in page:
            response[header] = page[header]
    return response


# The scopes of the pages this process has seen, by page key (they do not change for an
# address): read with the page in one round trip. Bounded; a page it forgot costs one more.
_scopes_of: OrderedDict[str, tuple[str, ...]] = OrderedDict()
SCOPES_REMEMBERED = 10000


def _remember_scopes(key: str, snapshot: dict) -> None:
    if key not in _scopes_of:
        _scopes_of[key] = tuple(snapshot)
        if len(_scopes_of) > SCOPES_REMEMBERED:
            with suppress(KeyError):
                _scopes_of.popitem(last=False)


# The pages this process served last, by page key, each entry as stored in the shared cache
# (never handed out itself: each reader gets a copy). Bounded by the bytes of their bodies.
_local_pages: OrderedDict[str, dict] = OrderedDict()
_local_size = {"bytes": 0}
_local_lock = threading.Lock()


def _keep_locally(key: str, entry: dict) -> None:
    limit = getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 0)
    size = len(entry["response"].content)
    with _local_lock:
        _drop_locally(key)
        if size > limit // 8:
            return  # a page that large would crowd out the others
        _local_pages[key] = entry
        _local_size["bytes"] += size
        while _local_size["bytes"] > limit and _local_pages:
            _drop_locally(next(iter(_local_pages)))


def _drop_locally(key: str) -> None:
    entry = _local_pages.pop(key, None)
    if entry is not None:
        _local_size["bytes"] -= len(entry["response"].content)


def _local_copy(key: str, now: float) -> dict | None:
    """This process's copy of the page, if nothing it shows moved since it was rendered."""
    with _local_lock:
        entry = _local_pages.get(key)
    if entry is None:
        return None
    if now - entry["rendered"] < settings.PAGE_CACHE_SECONDS and judge(entry, counters(entry["snapshot"]), now) == FRESH:
        with _local_lock:
            if key in _local_pages:
                _local_pages.move_to_end(key)
        return entry
    with _local_lock:
        _drop_locally(key)
    return None


def forget_local_pages() -> None:
    with _local_lock:
        _local_pages.clear()
        _local_size["bytes"] = 0


def _handed_out(page):
    """A response of its own for one reader: the stored one is never changed."""
    if isinstance(page, HttpResponseNotModified) or not isinstance(page, HttpResponse):
        return page
    copy = HttpResponse(page.content, status=page.status_code)
    # The headers as they are (already checked and encoded when they were set), not set
    # again one by one: that was a fifth of a cached hit.
    copy.headers._store = page.headers._store.copy()
    return copy


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def cacheable_request(self, request) -> bool:
        """Anonymous GET/HEAD of a public page. The middleware runs before sessions and
        authentication, so "anonymous" is "carries no session cookie": every signed-in user
        has one (and so does anyone a page gave a session to), and they all bypass the cache,
        as does an editor pinned to the primary database after a save."""
        if request.method not in ("GET", "HEAD") or not getattr(settings, "PAGE_CACHE_SECONDS", 0):
            return False
        if request.path.startswith(("/" + settings.ADMIN_URL, settings.STATIC_URL, "/" + settings.STATIC_URL)):
            return False
        return settings.SESSION_COOKIE_NAME not in request.COOKIES and PIN_COOKIE not in request.COOKIES

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.count_view(self.get_response(request))
        current_generation()  # first: a scheduled article that fell due moves its scopes
        key = page_key(request)
        local = _local_copy(key, time.time())
        if local is not None:
            return self.serve(request, local, "HIT")
        # The page and the counters it depends on (as far as this process knows them) in one
        # read, before anything is read for the page (see depends_on).
        seen, found = counters_and({**DEFAULT_SCOPES, **dict.fromkeys(_scopes_of.get(key, ()))}, key)
        setattr(request, _SEEN_ATTRIBUTE, seen)
        entry = found.get(key)
        if entry is not None:
            _remember_scopes(key, entry["snapshot"])
        current = None if entry is None else counters(entry["snapshot"])
        verdict = GONE if entry is None else judge(entry, current, time.time())
        if verdict == FRESH:
            _keep_locally(key, entry)
            return self.serve(request, entry, "HIT")
        lock = f"rendering:{key}"
        if not cache.add(lock, 1, settings.PAGE_CACHE_STALE_SECONDS):
            if verdict == STALE:
                return self.serve(request, entry, "STALE")  # another process renders it
            # No copy that may be shown: wait for the one being rendered rather than render
            # the same page again beside it.
            waited = self.wait_for_render(key, lock)
            if waited is not None:
                return self.serve(request, waited, "WAITED")
            lock = None
        elif verdict == STALE and may_render_behind(entry, current) and revalidate.submit(self.render_behind, request, key, lock):
            return self.serve(request, entry, "STALE")  # the new copy is rendered beside the readers
        turn = None
        if lock and verdict == STALE and only_lagging_moved(entry, current):
            turn = take_turn(key)
            if turn is None:
                cache.delete(lock)
                return self.serve(request, entry, "STALE")  # its list may lag: another page renders first
        try:
            return self.count_view(self.render(request, key))
        finally:
            if lock:
                cache.delete(lock)
            if turn is not None:  # rendered: the next change of its list waits its turn afresh
                cache.delete_many([name for name in (turn, STALE_SINCE + key) if name])

    def render_behind(self, request) -> None:
        """The render thread's job (danvan/revalidate.py): the page anew for the copy of a
        reader's request, stored as a reader's render would be; no view is counted."""
        key = page_key(request)
        seen, _found = counters_and({**DEFAULT_SCOPES, **dict.fromkeys(_scopes_of.get(key, ()))})
        setattr(request, _SEEN_ATTRIBUTE, seen)
        self.render(request, key)

    @staticmethod
    def wait_for_render(key: str, lock: str) -> dict | None:
        """The copy another process is rendering, once stored; None if its render ends
        without one (the page is gone: a 404, a redirect) or takes longer than
        PAGE_CACHE_WAIT_SECONDS."""
        deadline = time.monotonic() + settings.PAGE_CACHE_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP_SECONDS)
            entry = cache.get(key)
            if entry is not None and judge(entry, counters(entry["snapshot"]), time.time()) == FRESH:
                return entry
            if not cache.get(lock):
                return None
        return None

    def serve(self, request, entry: dict, label: str):
        page = entry["response"]
        page = not_modified(page) if page.get("ETag") in if_none_match(request) else _handed_out(page)
        page["X-Cache"] = label
        return self.count_view(page)

    def render(self, request, key: str):
        # The fragments this render reads are keyed on the content generation: read it afresh
        # (after the counters, so it is at least as new as they are), and keep the page only
        # if it did not move while the page rendered. Otherwise a render could read fragments
        # of before a change and be stored under counters of after it.
        generation = fresh_generation()
        response = self.get_response(request)
        if not self.cacheable_response(response):
            cache.delete(key)  # a page that is gone (404, moved) is not served from an old copy
            return response
        if fresh_generation() != generation:
            response["X-Cache"] = "MISS"
            return response  # rendered while content changed: served, not kept
        # A lag is spread, by page, between half and all of it: the pages that show one change
        # (every article page beside the related list) then render it over that time, not all
        # in the same second.
        spread = 0.5 + int(key[5:13], 16) / 2**33
        scopes = {scope: lag * spread for scope, lag in page_scopes(request).items()}
        # The counters as they were before the view read the database: a change committed
        # while it rendered moves them past this snapshot, so the copy is stale at once.
        seen = getattr(request, _SEEN_ATTRIBUTE)
        snapshot = {scope: seen[scope] for scope in scopes}
        # A proxy may keep the page PAGE_PROXY_SECONDS, then must ask again; the entity tag
        # changes with what the page shows, so an unchanged page costs it a 304 and a changed
        # one (an unpublished article: a 404) is never served from its copy.
        patch_cache_control(
            response, public=True, max_age=settings.PAGE_BROWSER_SECONDS, s_maxage=settings.PAGE_PROXY_SECONDS, proxy_revalidate=True
        )
        response["ETag"] = entity_tag(key, snapshot)
        patch_vary_headers(response, ["Cookie"])
        if hasattr(response, "render") and callable(response.render):
            response.render()
        entry = {"response": response, "snapshot": snapshot, "scopes": scopes, "rendered": time.time()}
        cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        _remember_scopes(key, snapshot)
        entry["response"] = _handed_out(response)  # the reader's response gets X-Cache, loses VIEW_HEADER
        _keep_locally(key, entry)
        response["X-Cache"] = "MISS"
        return response

    @staticmethod
    def cacheable_response(response) -> bool:
        if response.status_code != 200 or response.cookies or getattr(response, "streaming", False):
            return False
        control = response.get("Cache-Control", "")
        return not any(word in control for word in ("private", "no-cache", "no-store"))

    @staticmethod
    def count_view(response):
        """Count an article view marked by the view; the marker never reaches the reader.

        The cache stores a pickled copy at ``cache.set`` and hands out a fresh copy on each
        hit, so removing the header here never changes what is stored.
        """
        pk = response.get(VIEW_HEADER)
        if pk:
            count_article_view(int(pk))
            del response[VIEW_HEADER]
        return response
