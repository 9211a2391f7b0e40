"""Stale pages rendered behind the reader's back: one thread per server process.

When a cached page has only soft changes since it was rendered (something was added or
edited, nothing withdrawn), the page cache serves the previous copy and, instead of making
the next reader wait while it renders the new one, hands the render to this process's
render thread. A sync gunicorn worker then goes on answering readers from its copies
while the render runs beside them (the thread takes its turn with them), so a publication
no longer puts a 50 ms render in front of every request queued behind it on that worker.

- Only renders of soft changes come here: a withdrawal is never served from a copy, so its
  page is rendered for the reader that asks, as before (danvan/pagecache.py).
- The render lock (``rendering:<key>``) was taken by the request that found the copy
  stale; the thread gives it back when the render is done or failed, and it expires after
  PAGE_CACHE_STALE_SECONDS anyway.
- A render here counts no view: the reader served the copy counted it.
- At most QUEUE_LIMIT renders wait; past that, the request renders the page itself.
- The thread uses its own database connection (kept between renders, closed as a request's
  would be after CONN_MAX_AGE or an error).

PAGE_CACHE_RENDER_BEHIND=1 turns it on. It is **off by default**: measured in the flood
(PostgreSQL + Redis, 5 sync workers, 64 connections, an editor saving every 5 s), the
thread took its turns from the readers' requests on the same worker (the GIL) and
throughput and p99 while editing were no better, once far worse (p99 1,030 ms), than with
the render in the request (bench/RESULTS.md, addendum of 2026-12-03, 11:35). It may suit
threaded workers; the tests keep it working (tests/danvan/test_page_cache_behind.py, with
committed rows, as the thread does not see a test's transaction).
"""

from __future__ import annotations

import io
import logging
import os
import queue
import threading

from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.db import close_old_connections

logger = logging.getLogger(__name__)

QUEUE_LIMIT = 32

_jobs: queue.Queue | None = None
_queued: set[str] = set()
_started_in: int | None = None  # the process the thread runs in (gunicorn forks after import)
_guard = threading.Lock()


def request_copy(request) -> WSGIRequest:
    """The reader's request as the render thread needs it: same address, host and headers,
    no body, no conditional header (the render is of the whole page)."""
    environ = {key: value for key, value in request.environ.items() if key not in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")}
    environ["wsgi.input"] = io.BytesIO(b"")
    environ["CONTENT_LENGTH"] = "0"
    return WSGIRequest(environ)


def submit(render, request, key: str, lock: str) -> bool:
    """Queue ``render(copy_of_request)`` for ``key``, then give back ``lock``; False when the
    queue is full (the caller renders it itself)."""
    global _jobs, _started_in
    with _guard:
        if _started_in != os.getpid():
            _jobs, _started_in = queue.Queue(), os.getpid()
            _queued.clear()
            threading.Thread(target=_work, args=(_jobs,), name="page-renders", daemon=True).start()
        if key in _queued:
            return True  # already waiting: the lock it holds is this one's
        if len(_queued) >= QUEUE_LIMIT:
            return False
        _queued.add(key)
        jobs = _jobs
    jobs.put((render, request_copy(request), key, lock))
    return True


def _work(jobs: queue.Queue) -> None:
    while True:
        render, request, key, lock = jobs.get()
        try:
            render(request)
        except Exception:
            logger.exception("Rendering %s behind the readers failed; the next reader renders it", request.path)
        finally:
            with _guard:
                _queued.discard(key)
            cache.delete(lock)
            close_old_connections()
            jobs.task_done()


def wait_until_done() -> None:
    """Block until every render queued in this process is done (tests, a graceful stop)."""
    jobs = _jobs
    if jobs is not None and _started_in == os.getpid():
        jobs.join()
