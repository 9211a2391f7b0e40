"""Parts of public pages cached between renders, under the content generation.

With the page cache off (or on a miss) every request renders its page, but most of a page
is the same for every reader until content changes: the header's menu and the footer, the
sidebars (most read, latest, related articles), the home page's blocks, an article's body.
``{% fragment "name" value … %} … {% endfragment %}`` (danvan/templatetags/fragments.py)
renders its contents once and serves the stored HTML until the key changes.

Every key comes from ONE function, ``fragment_key()``, and holds ``fragment_generation()``
(the page cache's content generation, danvan/cache.py): any save or delete of what pages
show starts a new generation, and a scheduled article falling due does too, so a fragment
never outlives the content it shows: an edit, or an article withdrawn, shows at once. The key
also holds the Hà Nội date (links have first and last days), the address readers use (some
fragments print absolute links) and the values named in the tag (an article's id, a page
number); nothing a reader types goes into a key.

A fragment is kept in this process (a bounded memo of the current generation only) and in
the shared cache (Redis, or files under var/cache/), so each fragment is rendered about
once per change for all server processes. Staff previews (``preview`` in the context)
never read or fill a fragment.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextlib import suppress

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.utils import timezone

from .cache import current_generation

# How long the shared cache keeps a fragment nobody asks for (a new generation replaces
# them all anyway), and how many fragments one process keeps in memory.
FRAGMENT_SECONDS = getattr(settings, "FRAGMENT_CACHE_SECONDS", 3600)
LOCAL_LIMIT = getattr(settings, "FRAGMENT_LOCAL_LIMIT", 1000)  # ~10 MB at most

_local: dict = {"generation": None, "items": OrderedDict()}


def fragment_generation() -> int:
    """What every fragment key starts from: the content generation. (The page cache may
    later be keyed more finely; fragments follow whatever this returns.)"""
    return current_generation()


def _part(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Model):
        return f"{value._meta.label_lower}:{value.pk}"
    return str(value)


def fragment_key(name: str, vary: Iterable = (), *, root: str = "", seconds: int | None = None) -> str:
    """The cache key of fragment ``name`` for ``vary`` (and, with ``seconds``, for the
    current slice of that many seconds: for what changes without a save, like view counts)."""
    parts = [_part(value) for value in vary]
    parts.append(str(timezone.localdate()))
    parts.append(root)
    if seconds:
        parts.append(str(int(time.time() // seconds)))
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=12).hexdigest()
    return f"fragment:{fragment_generation()}:{name}:{digest}"


def cached(key: str, compute: Callable[[], object]):
    """The value stored under ``key`` (a ``fragment_key()``), computed and stored first if
    there is none: in this process's memo, then the shared cache."""
    generation = key.split(":", 2)[1]
    if _local["generation"] != generation:
        _local.update(generation=generation, items=OrderedDict())
    items: OrderedDict = _local["items"]
    value = items.get(key)
    if value is not None:
        with suppress(KeyError):  # another thread of a threaded worker may have dropped it
            items.move_to_end(key)
        return value
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is None:  # nothing to keep (a section that does not exist): asked again
            return None
        cache.set(key, value, FRAGMENT_SECONDS)
    items[key] = value
    if len(items) > LOCAL_LIMIT:
        with suppress(KeyError):
            items.popitem(last=False)
    return value


def cached_fragment(key: str, render: Callable[[], str]) -> str:
    """The HTML stored under ``key``, rendered (and stored) first if there is none."""
    return cached(key, lambda: str(render()))


def cached_value(name: str, vary: Iterable, compute: Callable[[], object]):
    """A value read from content (a list's count, a section), kept like a fragment: until
    content changes. ``None`` is never kept (it is computed again on the next call)."""
    return cached(fragment_key(name, vary), compute)


def forget_fragments() -> None:
    """Drop this process's memo (tests, after the cache was cleared)."""
    _local.update(generation=None, items=OrderedDict())
