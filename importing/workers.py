"""Preparing files (read, parse, extract: no database) within a time budget, in worker
processes or in-process.

Every file has a budget (``settings.IMPORT_FILE_SECONDS``, ``import_articles
--time-budget``). The process preparing it sets an alarm: past the budget the work is
interrupted and the file fails with a reason, while the run goes on. Should a worker not
answer even so (stuck where the alarm cannot reach), the main process stops waiting, kills
the pool and starts another, prepares that chunk's files again one by one to find the one
that hangs, and fails it alone. Workers ignore Ctrl-C: the main process stops them.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["OverBudget", "over_budget_reason", "prepare_in_workers", "time_budget"]


class OverBudget(BaseException):
    """A file's preparation ran past its budget. A BaseException, like KeyboardInterrupt, so
    that no ``except Exception`` between the alarm and the file's handler can swallow it."""


def over_budget_reason(seconds: float) -> str:
    return (
        f"quá thời gian xử lý: đọc và phân tích tệp mất hơn {seconds:g} giây nên đã dừng "
        "(giới hạn IMPORT_FILE_SECONDS, tùy chọn --time-budget)"
    )


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ``OverBudget`` in this block once ``seconds`` have passed (a SIGALRM timer).

    Only the main thread of a process can take the signal; elsewhere, or without a budget,
    the block runs unbounded (the worker pool's own timeout still holds for workers).
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous)


# In a worker process: what each file is prepared with, handed over once when it starts.
_worker_prepare: Callable[[Any, bool], Any] | None = None


def _start_worker(prepare: Callable[[Any, bool], Any]) -> None:
    global _worker_prepare
    _worker_prepare = prepare
    # Ctrl-C reaches the whole process group: the main process answers it and stops the
    # workers, which would otherwise each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _prepare_chunk(sources: list, search_fields: bool) -> list:
    assert _worker_prepare is not None
    return [_worker_prepare(source, search_fields) for source in sources]


def prepare_in_workers(
    files: list,
    prepare: Callable[[Any, bool], Any],
    failed: Callable[[Any, str], Any],
    *,
    workers: int,
    budget: float | None,
    chunk_size: int,
    ahead: int,
    grace: float,
) -> Iterator[Any]:
    """``prepare(source, search_fields)`` for each file in ``workers`` forked processes, in order.

    ``failed(source, reason)`` stands for a file whose worker had to be killed; ``grace``:
    seconds a worker may take past the budgets of its chunk before it is. At most ``ahead``
    files wait between the two processes, which bounds memory.
    """
    chunks = [files[i : i + chunk_size] for i in range(0, len(files), chunk_size)]
    # fork: the worker starts with the code and the gazetteer already loaded; it never
    # touches the database connection it inherits.
    context = multiprocessing.get_context("fork")

    def start() -> Any:
        return context.Pool(workers, initializer=_start_worker, initargs=(prepare,))

    def wait(chunk: list) -> float | None:
        return budget * len(chunk) + grace if budget else None

    pool = start()
    try:
        pending: deque = deque()
        search_fields = True
        index = 0
        while index < len(chunks) or pending:
            while index < len(chunks) and len(pending) * chunk_size < ahead:
                pending.append((chunks[index], pool.apply_async(_prepare_chunk, (chunks[index], search_fields))))
                index += 1
            chunk, ready = pending.popleft()
            # Balance the two sides: while the writer waits for the worker, the worker
            # leaves the search entries to the writer, and takes them back once ahead.
            search_fields = ready.ready()
            try:
                prepared = ready.get(wait(chunk))
            except multiprocessing.TimeoutError:
                # A worker is stuck: replace the pool, find the file alone, resubmit the rest.
                pool.terminate()
                pool = start()
                prepared = []
                for source in chunk:
                    alone = pool.apply_async(_prepare_chunk, ([source], False))
                    try:
                        prepared += alone.get(wait([source]))
                    except multiprocessing.TimeoutError:
                        pool.terminate()
                        pool = start()
                        prepared.append(failed(source, over_budget_reason(budget or 0)))
                pending = deque((c, pool.apply_async(_prepare_chunk, (c, True))) for c, _lost in pending)
            yield from prepared
    finally:
        pool.terminate()
        pool.join()
