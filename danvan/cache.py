"""Whole-page cache for anonymous readers, and a cache that survives its server going away.

Pages are cached under a *content generation*: any save or delete of what pages show
(articles, photos, sections, tags, bodies, documents, models) bumps the generation, so the
next request renders afresh; an edit reaches readers at once, not when a timeout passes.
A scheduled article is picked up the same way: the time of the next scheduled publication
is kept, and the first request after it bumps the generation.

Only anonymous GET/HEAD requests that get a 200 without cookies being set are cached, so
a staff preview, a draft or a form with a CSRF token never enters the cache.

Views that count article views mark their response with ``VIEW_HEADER``; the middleware
counts the view on every response carrying it, cached or not, and strips the header
(counting itself is danvan/viewcounts.py).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from . import outage
from .db_router import PIN_COOKIE
from .viewcounts import count_article_view

GENERATION_KEY = "content-generation"
NEXT_SCHEDULED_KEY = "next-scheduled-publication"
VIEW_HEADER = "X-Danvan-Count-View"


class _ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client makes a new ``redis.Redis`` object for every operation, and
    building one fills its table of reply callbacks: about half a millisecond, more than
    the round trip to Redis, on every cache read. One object per connection pool is kept
    instead (``redis.Redis`` is thread-safe; its connections still come from the pool)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(index))
        return client


class ResilientRedisCache(RedisCache):
    """Redis cache that answers "nothing cached" instead of failing when Redis is down.

    The site keeps serving (uncached) through a Redis outage and picks the cache up again
    when Redis returns; each process logs the outage once when it starts and once when it
    ends (danvan.outage), not per request.
    """

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = _ReusingRedisCacheClient

    def _safely(self, operation: str, default, call: Callable):
        try:
            result = call()
        except Exception as error:  # redis.exceptions.* and socket errors alike
            outage.redis.failed(error, f"serving without cache (failed: {operation})")
            return default
        outage.redis.answered()
        return result

    def get(self, key, default=None, version=None):
        return self._safely("get", default, lambda: super(ResilientRedisCache, self).get(key, default, version))

    def get_many(self, keys, version=None):
        return self._safely("get_many", {}, lambda: super(ResilientRedisCache, self).get_many(keys, version))

    def set(self, key, value, timeout=..., version=None):
        timeout = self.default_timeout if timeout is ... else timeout
        return self._safely("set", None, lambda: super(ResilientRedisCache, self).set(key, value, timeout, version))

    def add(self, key, value, timeout=..., version=None):
        timeout = self.default_timeout if timeout is ... else timeout
        return self._safely("add", False, lambda: super(ResilientRedisCache, self).add(key, value, timeout, version))

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except ValueError:
            raise  # a missing key is the caller's business, as with every backend
        except Exception:
            return self._safely("incr", 0, lambda: (_ for _ in ()).throw(ConnectionError("redis down")))

    def delete(self, key, version=None):
        return self._safely("delete", False, lambda: super(ResilientRedisCache, self).delete(key, version))

    def clear(self):
        return self._safely("clear", None, lambda: super(ResilientRedisCache, self).clear())


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = int(time.time() * 1000)  # a fresh start never collides with an old generation
        cache.add(GENERATION_KEY, value, None)
    return value


def bump_generation(using: str | None = None, **_signal_kwargs) -> None:
    """Make every cached page stale: now, and again when the change's transaction commits.

    Signals fire inside the saving transaction (the admin saves in one), before other
    processes can see the change; a reader served by another process in between would
    render the old content and cache it under the new generation. The second bump, after
    the commit, makes that page stale too. Within one transaction it is registered once.
    Inside ``bumps_at_commit()`` only that second bump is made (see there).
    """
    connection = transaction.get_connection(using or DEFAULT_DB_ALIAS)
    if not (getattr(_at_commit_only, "depth", 0) and connection.in_atomic_block):
        _bump()
    if connection.in_atomic_block and not any(func is _bump for _ids, func, _robust in connection.run_on_commit):
        transaction.on_commit(_bump, using=using or DEFAULT_DB_ALIAS)


_at_commit_only = threading.local()  # depth: how many bumps_at_commit() blocks this thread is in


@contextmanager
def bumps_at_commit() -> Iterator[None]:
    """Within this block, a change made inside a transaction bumps the generation once, when
    the transaction commits, instead of at every save and again at the commit.

    For a writer that saves many rows in one transaction and renders no page meanwhile (an
    import's batch: thousands of photos). Nothing it writes is visible to another process
    before the commit, so the bump at each save would only make their cached pages stale
    early; the bump at the commit, which makes them stale once the change is visible, stays.
    A rolled-back transaction bumps nothing, as it changed nothing. Outside a transaction
    every change still bumps at once.
    """
    _at_commit_only.depth = getattr(_at_commit_only, "depth", 0) + 1
    try:
        yield
    finally:
        _at_commit_only.depth -= 1


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, int(time.time() * 1000), None)
    _forget_state()


def remember_next_scheduled(instance=None, **_signal_kwargs) -> None:
    """Keep the time of the next scheduled publication for the middleware.

    Saving a scheduled article moves the mark earlier if it is due sooner; nothing is
    queried on ordinary saves. A mark left behind by an article that was unscheduled only
    costs one extra regeneration when it passes, after which it is recomputed.
    """
    if instance is not None:
        when = instance.published_at
        if instance.status != instance.Status.PUBLISHED or when is None or when.timestamp() <= time.time():
            return
        current = cache.get(NEXT_SCHEDULED_KEY)
        if not current or when.timestamp() < current:
            cache.set(NEXT_SCHEDULED_KEY, when.timestamp(), None)
            _forget_state()
        return
    from django.utils import timezone

    from articles.models import Article

    upcoming = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    cache.set(NEXT_SCHEDULED_KEY, upcoming.timestamp() if upcoming else 0, None)
    _forget_state()


# The generation and the next scheduled time, as this process last read them: read again
# at most every STATE_SECONDS, and at once after this process changed either. Another
# process's edit thus reaches readers within STATE_SECONDS, and a cached page costs one
# round trip to the cache instead of two.
STATE_SECONDS = 1.0
_state: dict = {"read_at": float("-inf"), "generation": None, "due": None}


def _forget_state() -> None:
    _state["read_at"] = float("-inf")


def forget_local_state() -> None:
    """Read the generation afresh on next use (after the cache was cleared, as in tests)."""
    _state.update(read_at=float("-inf"), generation=None, due=None)


def current_generation() -> int:
    """The content generation, having first bumped it if a scheduled article fell due."""
    now = time.monotonic()
    if now - _state["read_at"] >= STATE_SECONDS or _state["generation"] is None:
        values = cache.get_many([GENERATION_KEY, NEXT_SCHEDULED_KEY])
        _state.update(read_at=now, generation=values.get(GENERATION_KEY), due=values.get(NEXT_SCHEDULED_KEY))
    due = _state["due"]
    if due and time.time() >= due:
        bump_generation()
        remember_next_scheduled()
        _state.update(generation=generation(), due=cache.get(NEXT_SCHEDULED_KEY), read_at=time.monotonic())
    if _state["generation"] is None:
        _state["generation"] = generation()
    return _state["generation"]


def page_key(request, gen: int) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}|{request.method == 'HEAD'}"
    return f"page:{gen}:{hashlib.sha256(raw.encode()).hexdigest()}"


def entity_tag(key: str) -> str:
    """A weak ETag for the page stored under ``key``: the generation and the page's hash."""
    _page, gen, digest = key.split(":")
    return f'W/"{gen}-{digest[:16]}"'


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
        gen = current_generation()
        key = page_key(request, gen)
        cached = cache.get(key)
        if cached is not None:
            if cached.get("ETag") in if_none_match(request):
                cached = not_modified(cached)
            cached["X-Cache"] = "HIT"
            return self.count_view(cached)
        response = self.get_response(request)
        if self.cacheable_response(response):
            # A proxy may keep the page PAGE_PROXY_SECONDS, then must ask again; the entity
            # tag changes with the generation, so an unchanged page costs it a 304 and a
            # changed one (an unpublished article: a 404) is never served from its copy.
            patch_cache_control(
                response, public=True, max_age=settings.PAGE_BROWSER_SECONDS, s_maxage=settings.PAGE_PROXY_SECONDS, proxy_revalidate=True
            )
            response["ETag"] = entity_tag(key)
            patch_vary_headers(response, ["Cookie"])
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "MISS"
        return self.count_view(response)

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
