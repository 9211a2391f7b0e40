"""Whether a cached page may be served, and who renders it again (danvan/pagecache.py).

``judge`` compares the counters a copy was rendered under with the current ones: FRESH,
STALE (only soft changes: the copy may stand in while one request renders the new page)
or GONE (something it shows was withdrawn). ``may_render_behind`` says whether the render
thread may do that render; ``only_lagging_moved`` and ``take_turn`` share out the renders
of pages whose lagging lists alone moved (PAGE_CACHE_LAGGED_RENDERS turns, keys shared by
every process): see "Turns for lagging lists" in danvan/pagecache.py.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from .invalidation import article_scope

FRESH, STALE, GONE = "fresh", "stale", "gone"
ARTICLE_PREFIX = article_scope("")
WAIT_STEP_SECONDS = 0.02


def judge(entry: dict, current: dict[str, tuple[int, int]], now: float) -> str:
    """FRESH: serve the copy; STALE: only soft changes since it was rendered (another copy
    is wanted, this one may stand in); GONE: something it shows was withdrawn."""
    verdict = FRESH
    for scope, (soft, hard) in entry["snapshot"].items():
        now_soft, now_hard = current[scope]
        if now_hard != hard:
            return GONE
        if now_soft != soft and now - entry["rendered"] >= entry["scopes"].get(scope, 0):
            verdict = STALE
    return verdict


def may_render_behind(entry: dict, current: dict[str, tuple[int, int]]) -> bool:
    """A stale copy may answer the reader who found it while the render thread renders the
    new one, unless an article's own page is what changed: an editor's correction shows to
    the next reader, not the one after."""
    if not settings.PAGE_CACHE_RENDER_BEHIND:
        return False
    return not any(scope.startswith(ARTICLE_PREFIX) and current[scope] != seen for scope, seen in entry["snapshot"].items())


STALE_SINCE = "stale-since:"
TURN_PREFIX = "render-turn:"


def only_lagging_moved(entry: dict, current: dict[str, tuple[int, int]]) -> bool:
    """Every scope that moved since the copy was rendered is one the page lets lag."""
    return all(entry["scopes"].get(scope, 0) > 0 for scope, seen in entry["snapshot"].items() if current[scope] != seen)


def take_turn(key: str) -> str | None:
    """A turn to render a page whose lagging list moved: the key of the turn taken (deleted
    after the render), "" when the page waited long enough to render without one, or None:
    no turn free, serve the previous copy."""
    turns = settings.PAGE_CACHE_LAGGED_RENDERS
    if turns <= 0:
        return ""
    now = time.time()
    waiting = STALE_SINCE + key
    # The first to wait notes when (no read back: it is now); the others read it.
    added = cache.add(waiting, now, settings.PAGE_CACHE_STALE_SECONDS + settings.PAGE_CACHE_LIST_LAG_SECONDS)
    since = now if added else cache.get(waiting)
    if since is None or now - since >= settings.PAGE_CACHE_STALE_SECONDS:
        return ""
    for number in range(turns):
        turn = f"{TURN_PREFIX}{number}"
        if cache.add(turn, 1, settings.PAGE_CACHE_STALE_SECONDS):
            return turn
    return None
