"""What a change makes stale: named scopes, each with a soft and a hard counter.

A cached page (danvan/pagecache.py) remembers the counters of the scopes it was rendered
under, and is stale once one of them moved:

- ``SITE`` — what every page shows or may show: sections and the menu, bodies, documents,
  models, tags, the portal's pages, links and settings, old addresses. Every page depends
  on it.
- ``LISTS`` — the lists of articles drawn from the whole archive: the home page, the
  archive, feeds, search results. Pages that do not say otherwise depend on it.
- ``section_scope(slug)`` — the articles of one section (its page lists nothing else).
- ``link_scope(kind, slug)`` — the public articles linked to one document, body, model or
  tag (``LINK_KINDS``): that record's page lists them, and the related articles beside an
  article are drawn from the articles sharing its links and its section, so an article page
  names the scopes of its links and of its section instead of every list.
- ``article_scope(slug)`` — one article's own page: the article, its photos, tags and links.

Scopes of one record are named by slug, which the page's URL gives before anything is read
(see ``pagecache.depends_on``). What each save or delete moves is decided by the signal
receivers in danvan/invalidation_receivers.py.

A **soft** change adds or edits what the public may read (a publication, an edit of a
public article, a scheduled article falling due): a page under it may be served as it was
while one process renders the new one (stale-while-revalidate), and a page that shows the
scope only in a secondary list may lag behind it for a while (see pagecache). A **hard**
change takes something away from the public (unpublishing, deleting) or is one this module
cannot judge (everything saved that is not an article): no page under it is ever served
again, not for a moment.

``bump()`` moves the counters at once and again when the change's transaction commits
(another process may render the old content between the two; the second bump makes that
copy stale too), and bumps the content generation (danvan.cache), which keys every memo
and fragment of what pages show.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction

SITE = "site"
LISTS = "lists"
SOFT, HARD = 0, 1
_KIND = ("s", "h")

# How long this process trusts the counters it last read: another process's change reaches
# readers served here within this time (tests/danvan/test_page_cache_workers.py: 1.5 s).
STATE_SECONDS = 1.0
# Moved after every change's counters (and whenever a counter is made anew): while it has
# not moved, every counter this process read is still current. So a process checks one key
# every STATE_SECONDS, not each scope it serves (every article page has its own: a flood over
# two hundred articles read a scope from the shared cache on two requests in five).
EPOCH_KEY = "scope:epoch"
MEMO_LIMIT = 20_000
# Each step of the epoch names the scopes that moved with it, kept MOVES_SECONDS: a process
# that finds the epoch a few steps on forgets only those scopes and keeps answering every
# other page from its own copy, with no round trip. A step it cannot read (not written yet,
# expired, more than MOVES_READ of them, a counter made anew with no cache) makes it forget
# everything it read. Forgetting everything at each step cost the flood a tenth of its
# throughput while an editor worked: after every save each process read the counters of
# every page it served again, and on two busy cores each round trip waited for Redis.
MOVED_PREFIX = "scope:moved:"
MOVES_SECONDS = 60
MOVES_READ = 32


def article_scope(slug: str) -> str:
    return f"a:{slug}"


def section_scope(slug: str) -> str:
    return f"sec:{slug}"


# What an article links to, by its field, and the kind of scope each record has.
LINK_KINDS = {"documents": "doc", "organizations": "org", "exemplars": "ex", "tags": "tag"}


def link_scope(kind: str, slug: str) -> str:
    """The public articles linked to one record (``kind``: a value of LINK_KINDS), named by
    the slug its page's address holds."""
    return f"{kind}:{slug}"


def _key(scope: str, kind: int) -> str:
    return f"scope:{_KIND[kind]}:{scope}"


def _timeout(scope: str) -> int | None:
    # Site-wide counters live for ever; an article's or a section's expire when no page kept
    # under them can still be alive. One that expired anyway reads as a new value, which
    # differs from every snapshot: a render, never a stale page.
    return None if scope in (SITE, LISTS) else max(3600, 2 * int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0))


def _fresh_value() -> int:
    return int(time.time() * 1000)  # a new counter never equals an old one's value


# scope -> (soft, hard), as read under the epoch in _epoch
_memo: dict[str, tuple[int, int]] = {}
_epoch = {"value": None, "checked": float("-inf")}
_lock = threading.Lock()


def forget_local_state() -> None:
    with _lock:
        _memo.clear()
        _epoch.update(value=None, checked=float("-inf"))


def _check_epoch(now: float) -> None:
    """Every STATE_SECONDS: forget the counters read here if any changed since."""
    if now - _epoch["checked"] < STATE_SECONDS:
        return
    value = cache.get(EPOCH_KEY)
    if value is None:
        cache.add(EPOCH_KEY, _fresh_value(), None)
        value = cache.get(EPOCH_KEY)  # None with no cache at all: nothing read here is kept
    previous = _epoch["value"]
    moved = _moved_between(previous, value) if value != previous else set()
    with _lock:
        if moved is None:
            _memo.clear()
        else:
            for scope in moved:
                _memo.pop(scope, None)
        _epoch.update(value=value, checked=now)


def _moved_between(previous: int | None, value: int | None) -> set[str] | None:
    """The scopes moved by the epoch's steps after ``previous`` up to ``value``; None when
    they cannot all be read."""
    if previous is None or value is None or not 0 < value - previous <= MOVES_READ:
        return None
    keys = [f"{MOVED_PREFIX}{step}" for step in range(previous + 1, value + 1)]
    logged = cache.get_many(keys)
    if len(logged) < len(keys):
        return None
    return set().union(*logged.values())


def _move_epoch(scopes: Iterable[str]) -> None:
    """After this process changed the counters of ``scopes`` (and forgot or read anew the
    ones it changed): one step of the epoch, and what moved with it."""
    try:
        value = cache.incr(EPOCH_KEY)
    except ValueError:
        cache.set(EPOCH_KEY, _fresh_value(), None)
        return
    cache.set(f"{MOVED_PREFIX}{value}", sorted(scopes), MOVES_SECONDS)
    with _lock:
        if _epoch["value"] is not None and value == _epoch["value"] + 1:
            _epoch["value"] = value  # nobody else moved it meanwhile: what is read here still holds


def counters(scopes: Iterable[str]) -> dict[str, tuple[int, int]]:
    """The (soft, hard) counters of ``scopes``: this process's copy when under
    STATE_SECONDS old, otherwise one read of the shared cache for all the others."""
    return counters_and(scopes)[0]


def counters_and(scopes: Iterable[str], *also: str) -> tuple[dict[str, tuple[int, int]], dict]:
    """``counters(scopes)``, and the cache entries named ``also`` read in the same round
    trip (a cached page and the counters it was stored under: one read, not two)."""
    _check_epoch(time.monotonic())
    found: dict[str, tuple[int, int]] = {}
    wanted: list[str] = []
    with _lock:
        for scope in scopes:
            held = _memo.get(scope)
            if held is None:
                wanted.append(scope)
            else:
                found[scope] = held
    keys = [_key(scope, kind) for scope in wanted for kind in (SOFT, HARD)]
    if not keys and not also:
        return found, {}
    values = cache.get_many([*keys, *also])
    extra = {key: values[key] for key in also if key in values}
    made: list[str] = []
    for scope in wanted:
        pair = []
        for kind in (SOFT, HARD):
            key = _key(scope, kind)
            value = values.get(key)
            if value is None:
                if cache.add(key, _fresh_value(), _timeout(scope)):
                    made.append(scope)
                value = cache.get(key)
                if value is None:  # no cache at all (Redis down): a value no snapshot holds
                    value = -_fresh_value()
            pair.append(int(value))
        found[scope] = (pair[0], pair[1])
        with _lock:
            if len(_memo) >= MEMO_LIMIT:
                _memo.pop(next(iter(_memo)))
            _memo[scope] = found[scope]
    if made:
        _move_epoch(made)  # a counter made anew (first use, or expired): others must read it
    return found, extra


def _incr(scope: str, kind: int) -> None:
    key = _key(scope, kind)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, _fresh_value(), _timeout(scope))
    with _lock:
        _memo.pop(scope, None)


def _apply(changes: dict[str, int]) -> None:
    from . import cache as content

    # The generation first: a reader that sees a scope moved and then reads the generation
    # sees the new one too (see pagecache: a render under an older generation is not kept).
    content.bump_content_generation()
    for scope, kind in changes.items():
        _incr(scope, SOFT)
        if kind == HARD:
            _incr(scope, HARD)
    _move_epoch(changes)  # after the counters: a process that sees it move reads them anew


class _AtCommit:
    """The scopes one transaction changed, bumped once when it commits."""

    def __init__(self) -> None:
        self.changes: dict[str, int] = {}

    def __call__(self) -> None:
        _apply(self.changes)


_at_commit_only = threading.local()  # depth: how many bumps_at_commit() blocks this thread is in


def at_commit_only() -> bool:
    return bool(getattr(_at_commit_only, "depth", 0))


class bumps_at_commit:
    """Within this block, a change made inside a transaction is bumped once, when the
    transaction commits, instead of at every save and again at the commit.

    For a writer that saves many rows in one transaction and renders no page meanwhile (an
    import's batch: thousands of photos). Nothing it writes is visible to another process
    before the commit, so the bump at each save would only make their cached pages stale
    early; the bump at the commit stays. A rolled-back transaction bumps nothing, as it
    changed nothing. Outside a transaction every change still bumps at once.
    """

    def __enter__(self) -> None:
        _at_commit_only.depth = getattr(_at_commit_only, "depth", 0) + 1

    def __exit__(self, *exc) -> None:
        _at_commit_only.depth -= 1


def bump(soft: Iterable[str] = (), hard: Iterable[str] = (), using: str | None = None) -> None:
    """Make the pages under these scopes stale: now, and again when the transaction commits."""
    changes = dict.fromkeys(soft, SOFT)
    changes.update(dict.fromkeys(hard, HARD))
    if not changes:
        return
    connection = transaction.get_connection(using or DEFAULT_DB_ALIAS)
    if not (at_commit_only() and connection.in_atomic_block):
        _apply(changes)
    if connection.in_atomic_block:
        pending = next((func for _ids, func, _robust in connection.run_on_commit if isinstance(func, _AtCommit)), None)
        if pending is None:
            pending = _AtCommit()
            transaction.on_commit(pending, using=using or DEFAULT_DB_ALIAS)
        for scope, kind in changes.items():
            pending.changes[scope] = max(kind, pending.changes.get(scope, SOFT))


def bump_everything(using: str | None = None, **_signal_kwargs) -> None:
    """Every page stale, never served again as it was: for any change this module cannot
    judge (a section, a body, a document, a portal page, a restore, an import)."""
    bump(hard=[SITE], using=using)
