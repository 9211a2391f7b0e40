"""Whole-page cache for anonymous readers, and a cache that survives its server going away.

Pages are cached under a *content generation*: any save or delete of what pages show
(articles, photos, sections, tags, bodies, documents, models) bumps the generation, so the
next request renders afresh; an edit reaches readers at once, not when a timeout passes.
A scheduled article is picked up the same way: the time of the next scheduled publication
is kept, and the first request after it bumps the generation.

Only anonymous GET/HEAD requests that get a 200 without cookies being set are cached, so
a staff preview, a draft or a form with a CSRF token never enters the cache.

Views that count article views mark their response with ``VIEW_HEADER``; the middleware
counts the view on every response carrying it, cached or not, and strips the header.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.utils.cache import patch_cache_control, patch_vary_headers

logger = logging.getLogger(__name__)

GENERATION_KEY = "content-generation"
NEXT_SCHEDULED_KEY = "next-scheduled-publication"
VIEW_HEADER = "X-Danvan-Count-View"


class ResilientRedisCache(RedisCache):
    """Redis cache that answers "nothing cached" instead of failing when Redis is down.

    The site keeps serving (uncached) through a Redis outage and picks the cache up again
    when Redis returns; each failure is logged once per minute, not per request.
    """

    _last_warning = 0.0

    def _safely(self, operation: str, default, call: Callable):
        try:
            return call()
        except Exception as error:  # redis.exceptions.* and socket errors alike
            now = time.monotonic()
            if now - ResilientRedisCache._last_warning > 60:
                ResilientRedisCache._last_warning = now
                logger.warning("Redis unavailable during %s, serving without cache: %s", operation, error)
            return default

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


def bump_generation(**_signal_kwargs) -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, int(time.time() * 1000), None)


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


def _scheduled_due() -> bool:
    due = cache.get(NEXT_SCHEDULED_KEY)
    return bool(due) and time.time() >= due


def page_key(request, gen: int) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}|{request.method == 'HEAD'}"
    return f"page:{gen}:{hashlib.sha256(raw.encode()).hexdigest()}"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def cacheable_request(self, request) -> bool:
        if request.method not in ("GET", "HEAD") or not getattr(settings, "PAGE_CACHE_SECONDS", 0):
            return False
        if request.path.startswith(("/" + settings.ADMIN_URL, settings.STATIC_URL, "/" + settings.STATIC_URL)):
            return False
        return not request.user.is_authenticated

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.count_view(self.get_response(request))
        if _scheduled_due():
            bump_generation()
            remember_next_scheduled()
        key = page_key(request, generation())
        cached = cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "HIT"
            return self.count_view(cached)
        response = self.get_response(request)
        if self.cacheable_response(response):
            patch_cache_control(response, public=True, max_age=settings.PAGE_BROWSER_SECONDS, s_maxage=settings.PAGE_CACHE_SECONDS)
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
            from django.db.models import F

            from articles.models import Article

            Article.objects.filter(pk=int(pk)).update(view_count=F("view_count") + 1)
            del response[VIEW_HEADER]
        return response
