"""Who has a form open: a heartbeat from each open form, kept in the cache.

No lock and no blocking: it only tells people that someone else is at the same article.
One cache key per record holds ``{user id: [name, expires]}``; a heartbeat refreshes its
own entry and drops expired ones, and the key itself expires when the last heartbeat is
older than ``TTL``. A list page asks for all its rows in one ``get_many``.
"""

from __future__ import annotations

import time

from django.core.cache import cache

from newsroom.names import full_name

TTL = 45  # seconds: three missed heartbeats (the form sends one every 15 s)


def key(form: str, object_id) -> str:
    return f"editing:presence:{form}:{object_id}"


def _alive(entry: dict | None, now: float) -> dict:
    return {uid: value for uid, value in (entry or {}).items() if value[1] > now}


def beat(form: str, object_id, user) -> list[str]:
    """Mark ``user`` as having the form open; the names of the others who have it open."""
    now = time.time()
    entry = _alive(cache.get(key(form, object_id)), now)
    entry[str(user.pk)] = [full_name(user), now + TTL]
    cache.set(key(form, object_id), entry, TTL)
    return others(entry, user, now)


def leave(form: str, object_id, user) -> None:
    """The form was closed: forget ``user`` at once rather than in ``TTL`` seconds."""
    entry = _alive(cache.get(key(form, object_id)), time.time())
    if entry.pop(str(user.pk), None) is not None:
        cache.set(key(form, object_id), entry, TTL) if entry else cache.delete(key(form, object_id))


def others(entry: dict | None, user, now: float | None = None) -> list[str]:
    alive = _alive(entry, time.time() if now is None else now)
    return sorted(name for uid, (name, _expires) in alive.items() if uid != str(user.pk))


def editing_now(form: str, object_id, user) -> list[str]:
    return others(cache.get(key(form, object_id)), user)


def editing_many(form: str, object_ids, user) -> dict:
    """``{object id: [names]}`` for the records others have open, in one cache read."""
    keys = {key(form, pk): pk for pk in object_ids}
    if not keys:
        return {}
    found = cache.get_many(list(keys))
    now = time.time()
    result = {}
    for k, entry in found.items():
        names = others(entry, user, now)
        if names:
            result[keys[k]] = names
    return result
