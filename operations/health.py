"""``/healthz``: may this server take readers? Database, cache and media storage reachable,
every migration applied; JSON, in a few milliseconds, never cached, naming no host, path
or password. 200 when all hold, 503 naming the checks that failed."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import JsonResponse
from django.views.decorators.http import require_safe

_expected: set | None = None  # the migrations this code holds: read from disk once per process


def expected_migrations() -> set:
    global _expected
    if _expected is None:
        loader = MigrationLoader(None, ignore_no_migrations=True)
        _expected = set(loader.graph.nodes)
    return _expected


def unapplied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    # One query (applied_migrations() would first look the table up: a second one).
    applied = set(MigrationRecorder(connections[using]).migration_qs.values_list("app", "name"))
    return sorted(f"{app}.{name}" for app, name in expected_migrations() - applied)


def check_database() -> str | None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            return "Cơ sở dữ liệu trả lời sai."
    return None


def check_migrations() -> str | None:
    missing = unapplied_migrations()
    return f"Còn {len(missing)} migration chưa chạy (manage.py migrate)." if missing else None


def check_cache() -> str | None:
    key, token = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, token, 10)
    try:
        if cache.get(key) != token:  # the resilient Redis cache answers "nothing" when Redis is down
            return "Bộ nhớ đệm không lưu được."
    finally:
        cache.delete(key)
    return None


def check_media() -> str | None:
    if isinstance(default_storage, FileSystemStorage):
        root = Path(settings.MEDIA_ROOT)
        if not root.is_dir() or not os.access(root, os.W_OK | os.X_OK):
            return "Thư mục media không có hoặc không ghi được."
        return None
    default_storage.exists("healthz-probe")  # object storage: one request; an error means unreachable
    return None


CHECKS = {"database": check_database, "migrations": check_migrations, "cache": check_cache, "media": check_media}


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        if name == "migrations" and not results["database"]["ok"]:
            results[name] = {"ok": False, "message": "Không kiểm tra được: cơ sở dữ liệu không trả lời."}
            continue
        try:
            problem = check()
        except Exception as error:  # whatever the backend raises, the answer is "this failed"
            problem = f"Không kết nối được ({type(error).__name__})."
        results[name] = {"ok": problem is None, "ms": round((time.perf_counter() - started) * 1000, 2)}
        if problem:
            results[name]["message"] = problem
    return results


@require_safe
def healthz(request):
    checks = run_checks()
    failed = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "ok" if not failed else "loi", "failed": failed, "checks": checks}
    response = JsonResponse(body, status=503 if failed else 200, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response
