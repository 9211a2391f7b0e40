"""The embedded default's shared file cache: what several processes need of it."""

import multiprocessing
import time

import time_machine

from danvan import filecache
from danvan.filecache import SharedFileCache


def bump(location: str, times: int) -> None:
    cache = SharedFileCache(location, {})
    for _ in range(times):
        cache.incr("content-generation")


def test_increments_from_several_processes_are_never_lost(tmp_path):
    """Two edits saved at once in two workers must move the generation two steps."""
    cache = SharedFileCache(str(tmp_path), {})
    cache.set("content-generation", 0, None)
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=bump, args=(str(tmp_path), 150)) for _ in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [p.exitcode for p in processes] == [0] * 4
    assert cache.get("content-generation") == 600


def test_incr_keeps_the_entry_without_timeout(tmp_path):
    cache = SharedFileCache(str(tmp_path), {"TIMEOUT": 300})
    cache.set("content-generation", 41, None)
    assert cache.incr("content-generation") == 42
    with time_machine.travel(time.time() + 86400):
        assert cache.get("content-generation") == 42
    cache.set("throttle", 1, 60)
    cache.incr("throttle")
    with time_machine.travel(time.time() + 61):
        assert cache.get("throttle") is None


def test_add_is_atomic_and_incr_of_a_missing_key_raises(tmp_path):
    cache = SharedFileCache(str(tmp_path), {})
    assert cache.add("lock", 1) is True and cache.add("lock", 2) is False and cache.get("lock") == 1
    try:
        cache.incr("missing")
    except ValueError:
        pass
    else:
        raise AssertionError("incr of a missing key must raise ValueError, as every backend does")


def test_culling_drops_expired_then_oldest_pages_but_never_the_generation(tmp_path, monkeypatch):
    monkeypatch.setattr(filecache, "CULL_EVERY", 1)
    cache = SharedFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 30}})
    cache.set("content-generation", 7, None)
    cache.set("expired", "x", 1)
    with time_machine.travel(time.time() + 5):
        for n in range(60):
            cache.set(f"page:{n}", "<html>", 300)
        files = list(tmp_path.glob("*.djcache"))
        assert len(files) <= 30
        assert cache.get("content-generation") == 7 and cache.get("expired") is None
        assert cache.get("page:59") == "<html>"  # the newest pages stay
