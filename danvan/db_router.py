"""Reads to replicas, writes to the primary, and no stale read right after a write.

Configured by ``DATABASE_REPLICA_URLS`` (see settings). A request that writes (any method
but GET/HEAD/OPTIONS) reads from the primary for the rest of that request, and the
browser that sent it keeps reading from the primary for ``PIN_SECONDS`` afterwards
(a short cookie), so an editor who saves and is redirected sees what they saved even if
the replicas lag.
"""

from __future__ import annotations

import contextvars
import random

from django.conf import settings

PIN_COOKIE = "danvan_primary"
PIN_SECONDS = 10
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("danvan_pinned_to_primary", default=False)


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        pool = replicas()
        if not pool or _pinned.get():
            return "default"
        return random.choice(pool)

    def db_for_write(self, model, **hints):
        _pinned.set(True)  # this context has written: read our own writes from here on
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PinPrimaryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in ("GET", "HEAD", "OPTIONS")
        token = _pinned.set(writes or PIN_COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if writes:
            response.set_cookie(PIN_COOKIE, "1", max_age=PIN_SECONDS, httponly=True, samesite="Lax", secure=request.is_secure())
        return response
