"""Article views: counted on every article page served, written to the database in batches.

Each process gathers its views and hands them on in one batch VIEW_BATCH_SECONDS after the
first of them (a timer thread, off the reader's request), and when it exits:

- with Redis, the batch is one pipeline of HINCRBY into a buffer hash (no database write);
  the buffer is written to the database at most every VIEW_FLUSH_SECONDS per process, by
  the timer's thread, and by ``manage.py flush_view_counts``. A cached article page thus
  costs no round trip to Redis of its own (with a round trip per view, counting was half
  the time of a cached hit);
- without Redis (the embedded default), the batch is one UPDATE: on SQLite a write per view
  made every gunicorn worker wait for the others' write locks, and a flood of readers queued
  behind them.

A process killed outright loses at most those seconds of its views. VIEW_BATCH_SECONDS = 0
hands each view on at once (a HINCRBY, or one UPDATE with F()); so do views while Redis is
down.

Counting must never fail the reader's request, whatever is down:

- The database refuses a flush: the views go back into the buffer and wait for the next
  flush. A view counted straight into the database that it refuses is held in this
  process and written later; the database is tried again at most every
  VIEW_FLUSH_SECONDS, not on every view.
- Redis refuses: the view goes to the database; if that refuses too, it is held here.
- A process holds at most HELD_LIMIT views; past that, views are dropped, counted and
  logged. The Redis buffer takes at most BUFFER_LIMIT views (it only grows while the
  database is down); past that, new views are held or dropped the same way. So a Redis
  restart without persistence loses at most BUFFER_LIMIT views (normally a few seconds'
  worth); with persistence (appendonly) the buffer survives the restart.

Each outage is logged once per process when it starts and once when it ends (danvan.outage).
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import Counter

import redis.exceptions
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import Error as DatabaseError
from django.db import connections, transaction

from . import outage

logger = logging.getLogger(__name__)

VIEWS_KEY = "article-views"
TOTAL_FIELD = "total"  # the buffer's running total, beside one field per article id
VIEW_FLUSH_SECONDS = 5.0
BUFFER_LIMIT = 50_000
HELD_LIMIT = 10_000
REDIS_ERRORS = (redis.exceptions.RedisError, OSError)

_last_flush = 0.0
_buffered = 0  # the buffer's total as this process last saw it
_held: Counter[int] = Counter()  # views neither Redis nor the database took yet
_dropped = 0
_held_lock = threading.Lock()  # threaded workers: a held view is taken by one thread only


def _view_buffer():
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return backend._cache.get_client(write=True), backend.make_key(VIEWS_KEY)
    return None, ""


def _count_in_database(counts: dict[int, int]) -> None:
    from django.db.models import Case, F, Value, When

    from articles.models import Article

    ids = sorted(counts)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        if len(chunk) == 1:
            added = Value(counts[chunk[0]])
        else:
            added = Case(*(When(pk=pk, then=Value(counts[pk])) for pk in chunk), default=Value(0))
        Article.objects.filter(pk__in=chunk).update(view_count=F("view_count") + added)


def _add_to_buffer(client, key: str, counts: dict[int, int]) -> None:
    global _buffered
    pipe = client.pipeline(transaction=False)
    for pk, n in counts.items():
        pipe.hincrby(key, str(pk), n)
    pipe.hincrby(key, TOTAL_FIELD, sum(counts.values()))
    _buffered = pipe.execute()[-1]


def _hold(counts: dict[int, int]) -> None:
    global _dropped
    with _held_lock:
        room = HELD_LIMIT - _held.total()
        for pk, n in counts.items():
            kept = max(0, min(n, room))
            if kept:
                _held[pk] += kept
                room -= kept
            if kept < n:
                if not _dropped:
                    logger.warning("View counts: %d views held in this process, dropping further views until a store answers", HELD_LIMIT)
                _dropped += n - kept


def _take_held() -> dict[int, int]:
    with _held_lock:
        taken = dict(_held)
        _held.clear()
    return taken


def _write(counts: dict[int, int]) -> None:
    if len(counts) <= 500:
        _count_in_database(counts)  # one UPDATE: atomic by itself
    else:
        with transaction.atomic():
            _count_in_database(counts)


def _written(counts: dict[int, int]) -> bool:
    """Write ``counts`` to the database, or hold them here if it refuses."""
    try:
        _write(counts)
    except DatabaseError as error:
        outage.database.failed(error, "article views are held in the server process")
        _hold(counts)
        return False
    return True


def _write_or_hold(counts: dict[int, int]) -> None:
    """Views straight into the database; held here while it is down (tried again at most
    every VIEW_FLUSH_SECONDS, not on every view)."""
    if not outage.database.worth_trying(VIEW_FLUSH_SECONDS):
        _hold(counts)
        return
    if not _written(counts):
        return
    held = _take_held() if _held else {}
    if held and not _written(held):
        return
    _database_answered(f"wrote {sum(held.values())} held views" if held else "counting views again")


def _database_answered(note: str) -> None:
    global _dropped
    lost, _dropped = _dropped, 0
    if outage.database.down:
        outage.database.answered(note + (f"; {lost} views were dropped meanwhile" if lost else ""))
    elif lost:
        logger.warning("View counts: %s; %d views were dropped before", note, lost)


_batch_timer: threading.Timer | None = None


def _count_in_batch(pk: int) -> None:
    """The view joins this process's batch, handed on VIEW_BATCH_SECONDS after the batch's
    first view by a timer thread."""
    global _batch_timer
    _hold({pk: 1})
    with _held_lock:
        if _batch_timer is None:
            _batch_timer = threading.Timer(settings.VIEW_BATCH_SECONDS, _write_batch)
            _batch_timer.daemon = True
            _batch_timer.start()


def _write_batch() -> None:
    """The timer's thread: this process's gathered views into the Redis buffer in one
    pipeline (and the buffer to the database when its turn has come), or without Redis
    into the database in one UPDATE; held on if neither takes them, and tried again with
    the next batch."""
    global _batch_timer
    with _held_lock:
        _batch_timer = None
    try:
        hand_on_batch()
    finally:
        connections.close_all()  # the thread's own connections


def hand_on_batch() -> None:
    """What this process holds: into the Redis buffer, or without Redis into the database."""
    client, key = _view_buffer()
    if client is None:
        write_held_views()
    else:
        _buffer_held_views(client, key)


def _buffer_held_views(client, key: str) -> None:
    global _last_flush
    now = time.monotonic()
    if now - _last_flush >= VIEW_FLUSH_SECONDS:
        _last_flush = now
        flush_quietly()  # takes what this process holds too, with the buffer
    if not _held:
        return
    if _buffered >= BUFFER_LIMIT:
        return  # the buffer is full because the database is down: they stay held here
    counts = _take_held()
    try:
        _add_to_buffer(client, key, counts)
    except REDIS_ERRORS as error:
        outage.redis.failed(error, "counting views in the database")
        _write_or_hold(counts)
    else:
        outage.redis.answered()


def write_held_views() -> int:
    """Write the views this process holds (its batch, or what an outage left); returns how many."""
    if not _held or not outage.database.worth_trying(VIEW_FLUSH_SECONDS):
        return 0
    held = _take_held()
    if not _written(held):
        return 0
    _database_answered(f"wrote {sum(held.values())} views")
    return sum(held.values())


@atexit.register
def _write_batch_at_exit() -> None:
    """A worker that stops (gunicorn's graceful restart, a deploy) writes its batch first."""
    if _held:
        try:
            write_held_views()
        except Exception:  # the interpreter is going away: nothing to raise to
            logger.exception("View counts: %d views held at exit were not written", _held.total())


def count_article_view(pk: int) -> None:
    """One view of article ``pk``: into this process's batch, or at once (VIEW_BATCH_SECONDS
    = 0) into the Redis buffer or the database, or held here."""
    global _last_flush
    if getattr(settings, "VIEW_BATCH_SECONDS", 0) > 0:
        _count_in_batch(pk)
        return
    client, key = _view_buffer()
    if client is None:
        _write_or_hold({pk: 1})
        return
    now = time.monotonic()
    if now - _last_flush >= VIEW_FLUSH_SECONDS:
        _last_flush = now
        flush_quietly()
    if _buffered >= BUFFER_LIMIT:
        _hold({pk: 1})  # the buffer is full because the database is down: keep this one here
        return
    try:
        _add_to_buffer(client, key, {pk: 1})
    except REDIS_ERRORS as error:
        outage.redis.failed(error, "counting views in the database")
        _write_or_hold({pk: 1})
    else:
        outage.redis.answered()


def flush_quietly() -> int:
    """``flush_view_counts`` for a reader's request: whatever fails is logged, never raised."""
    try:
        written = flush_view_counts()
    except DatabaseError as error:
        outage.database.failed(error, f"{_buffered} article views wait in the Redis buffer")
        return 0
    except REDIS_ERRORS as error:
        outage.redis.failed(error, "article views wait until it is back")
        return 0
    except Exception:
        logger.exception("Writing article views failed; they stay buffered")
        return 0
    _database_answered(f"wrote {written} buffered views")
    return written


def flush_view_counts() -> int:
    """Write the views buffered in Redis (and any held here) to the database; returns how many.

    The buffer is read and emptied in one MULTI, so views counted meanwhile go to a fresh
    buffer and two processes flushing at once never write the same views twice. If the
    database refuses, the views go back into the buffer (or are held here, if Redis went
    away meanwhile) and the error is raised for the caller to report.
    """
    global _buffered
    client, key = _view_buffer()
    buffered: dict[int, int] = {}
    if client is not None:
        pipe = client.pipeline(transaction=True)
        pipe.hgetall(key)
        pipe.delete(key)
        taken, _deleted = pipe.execute()
        buffered = {int(pk): int(n) for pk, n in taken.items() if pk != TOTAL_FIELD.encode() and int(n)}
        _buffered = 0
    held = _take_held()
    counts = Counter(buffered) + Counter(held)
    if not counts:
        return 0
    try:
        _write(counts)
    except DatabaseError:
        _put_back(client, key, buffered)
        _hold(held)  # back where they were: held views never grow the buffer past its limit
        raise
    return counts.total()


def _put_back(client, key: str, counts: dict[int, int]) -> None:
    if client is not None and counts:
        try:
            _add_to_buffer(client, key, counts)
            return
        except REDIS_ERRORS as error:
            outage.redis.failed(error, "article views are held in the server process")
    _hold(counts)


def forget_local_state() -> None:
    """This process's held views, buffer total and outage states, back to a fresh start (tests)."""
    global _last_flush, _buffered, _dropped, _batch_timer
    _last_flush, _buffered, _dropped = 0.0, 0, 0
    if _batch_timer is not None:
        _batch_timer.cancel()
        _batch_timer = None
    _held.clear()
    for service in (outage.redis, outage.database):
        service.down_since, service.last_try = None, float("-inf")
