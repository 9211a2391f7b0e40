"""The shared cache: a Redis backend that survives its server going away, and the content
generation.

The content generation is a number that moves on every change to what pages show
(danvan/invalidation.py bumps it with every scope it bumps): memos and fragments of
rendered content are keyed on it (the menu, the chrome, the home page's counts), so an edit
reaches them at once, not when a timeout passes. A scheduled article is picked up the same
way: the time of the next scheduled publication is kept, and the first request after it
makes the change (a soft one: something was added, nothing withdrawn).

The whole-page cache for anonymous readers is danvan/pagecache.py; ``VIEW_HEADER`` marks the
responses whose article view it counts (danvan/viewcounts.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal

from . import outage

GENERATION_KEY = "content-generation"
NEXT_SCHEDULED_KEY = "next-scheduled-publication"
VIEW_HEADER = "X-Danvan-Count-View"

# Sent by the first request after a scheduled article fell due, before the pages are made
# stale: what is kept in the database about public articles catches up (articles.counts).
scheduled_fell_due = Signal()


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

    def delete_many(self, keys, version=None):
        return self._safely("delete_many", None, lambda: super(ResilientRedisCache, self).delete_many(keys, version))

    def set_many(self, data, timeout=..., version=None):
        timeout = self.default_timeout if timeout is ... else timeout
        return self._safely("set_many", list(data), lambda: super(ResilientRedisCache, self).set_many(data, timeout, version))

    def clear(self):
        return self._safely("clear", None, lambda: super(ResilientRedisCache, self).clear())


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = int(time.time() * 1000)  # a fresh start never collides with an old generation
        cache.add(GENERATION_KEY, value, None)
    return value


def bump_generation(using: str | None = None, **_signal_kwargs) -> None:
    """Every cached page stale and never served again as it was, now and when the change's
    transaction commits: for changes danvan.invalidation cannot narrow (an import, a restore,
    a section, a body, a document, a portal page, an old address). Articles and their
    photos, tags and links are narrowed there."""
    from .invalidation import bump_everything

    bump_everything(using=using)


def bump_content_generation() -> None:
    """Move the content generation: the key of every memo and fragment of what pages show
    (the menu, the chrome, the home page's counts). Called by danvan.invalidation for every
    change, soft or hard."""
    _bump()


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
    """Read the generation and the scopes' counters afresh on next use (after the cache was
    cleared, as in tests)."""
    from .invalidation import forget_local_state as forget_counters
    from .pagecache import forget_local_pages

    _state.update(read_at=float("-inf"), generation=None, due=None)
    forget_counters()
    forget_local_pages()


def fresh_generation() -> int:
    """The content generation read from the shared cache now, not this process's copy."""
    _forget_state()
    return current_generation()


def current_generation() -> int:
    """The content generation, having first bumped it if a scheduled article fell due."""
    now = time.monotonic()
    if now - _state["read_at"] >= STATE_SECONDS or _state["generation"] is None:
        values = cache.get_many([GENERATION_KEY, NEXT_SCHEDULED_KEY])
        _state.update(read_at=now, generation=values.get(GENERATION_KEY), due=values.get(NEXT_SCHEDULED_KEY))
    due = _state["due"]
    if due and time.time() >= due:
        from .invalidation import SITE, bump

        scheduled_fell_due.send(sender=None)
        bump(soft=[SITE])  # a scheduled article or a link's first day: something added, nothing withdrawn
        remember_next_scheduled()
        _state.update(generation=generation(), due=cache.get(NEXT_SCHEDULED_KEY), read_at=time.monotonic())
    if _state["generation"] is None:
        _state["generation"] = generation()
    return _state["generation"]
