"""The embedded default's cache: files under ``var/cache/``, shared by every server process.

Without Redis the site still runs several gunicorn workers (and ``manage.py`` commands,
imports, shells) on one machine. A per-process cache would let each of them keep serving
pages another process has made stale, so the embedded cache lives on the local disk that
they all see. A page read is one small file read (the operating system keeps hot files in
memory), with no lock: writes go to a temporary file renamed into place, so a reader
sees the old entry or the new one, never half of one.

Django's file cache implements ``add`` and ``incr`` as a read then a write, which two
processes can interleave (two edits bumping the content generation at once would leave it
one step up instead of two), and its ``incr`` forgets the entry's timeout. Here both run
under an exclusive ``flock`` of one lock file and keep the timeout. Its culling also lists
the whole folder on every write and then deletes entries at random, the content generation
among them; here the folder is looked at every ``CULL_EVERY`` writes at most, expired
entries go first, then the oldest, and entries stored without a timeout are never culled.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import tempfile
import time
import zlib

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 50  # writes between two looks at the folder's size, per process


class SharedFileCache(FileBasedCache):
    def __init__(self, dir, params):
        params = {**params, "OPTIONS": {"MAX_ENTRIES": 5000, **params.get("OPTIONS", {})}}
        super().__init__(dir, params)
        self._writes_since_cull = CULL_EVERY  # look at the folder on this process's first write

    @contextlib.contextmanager
    def _locked(self):
        self._createdir()
        with open(os.path.join(self._dir, "lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        fname = self._key_to_file(key, version)
        with self._locked():
            try:
                with open(fname, "rb") as f:
                    expiry = pickle.load(f)
                    value = None if expiry is not None and expiry < time.time() else pickle.loads(zlib.decompress(f.read()))
            except (FileNotFoundError, EOFError):
                value = None
            if value is None:
                raise ValueError(f"Key '{key}' not found")
            value += delta
            self._write_entry(fname, expiry, value)
        return value

    def _write_entry(self, fname: str, expiry: float | None, value) -> None:
        """``set`` with an absolute expiry (``incr`` keeps the one the entry had)."""
        fd, tmp = tempfile.mkstemp(dir=self._dir)
        with open(fd, "wb") as f:
            f.write(pickle.dumps(expiry, self.pickle_protocol))
            f.write(zlib.compress(pickle.dumps(value, self.pickle_protocol)))
        os.replace(tmp, fname)

    def _cull(self):
        self._writes_since_cull += 1
        if self._writes_since_cull < CULL_EVERY:
            return
        self._writes_since_cull = 0
        files = self._list_cache_files()
        if len(files) < self._max_entries:
            return
        now, kept, dated = time.time(), len(files), []
        for fname in files:
            try:
                with open(fname, "rb") as f:
                    expiry = pickle.load(f)
                if expiry is not None and expiry < now:
                    kept -= self._delete(fname)
                elif expiry is not None:
                    dated.append((os.stat(fname).st_mtime, fname))
            except (FileNotFoundError, EOFError, pickle.UnpicklingError):
                continue  # another process removed or is replacing it
        for _mtime, fname in sorted(dated)[: max(kept - self._max_entries * 2 // 3, 0)]:
            self._delete(fname)
