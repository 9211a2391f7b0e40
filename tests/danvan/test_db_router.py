"""Reads go to replicas, writes to the primary, a writer reads its own writes."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from danvan import db_router

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def one_replica(monkeypatch):
    monkeypatch.setattr(db_router, "replicas", lambda: ["replica1"])


def test_router_sends_reads_to_replicas_and_writes_to_primary():
    router = db_router.PrimaryReplicaRouter()
    token = db_router._pinned.set(False)
    try:
        assert router.db_for_read(None) == "replica1"
        assert router.db_for_write(None) == "default"
        assert router.db_for_read(None) == "default"  # after a write, reads follow it
    finally:
        db_router._pinned.reset(token)
    assert router.allow_migrate("default", "articles") and not router.allow_migrate("replica1", "articles")


def test_middleware_pins_writers_with_a_short_cookie():
    router = db_router.PrimaryReplicaRouter()
    seen = {}

    def view(request):
        seen[request.method] = router.db_for_read(None)
        from django.http import HttpResponse

        return HttpResponse()

    middleware = db_router.PinPrimaryMiddleware(view)
    factory = RequestFactory()
    middleware(factory.get("/"))
    response = middleware(factory.post("/admin/"))
    assert seen == {"GET": "replica1", "POST": "default"}
    assert response.cookies[db_router.PIN_COOKIE]["max-age"] == db_router.PIN_SECONDS
    follow_up = factory.get("/admin/")
    follow_up.COOKIES[db_router.PIN_COOKIE] = "1"
    middleware(follow_up)
    assert seen["GET"] == "default"


SCRIPT = """
import django, os, shutil, sys
django.setup()
from django.core.management import call_command
from articles.models import Article
call_command("migrate", verbosity=0)
from django.db import connection
connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything into the main file before copying
shutil.copy(os.environ["PRIMARY"], os.environ["REPLICA"])   # the replica as of now
from danvan.db_router import _pinned
Article.objects.create(title="Chỉ có trên máy chủ chính", status="published")
_pinned.set(False)  # a new reader, as in the next request
print(Article.objects.count(), Article.objects.using("default").count())
"""


def test_two_real_databases(tmp_path):
    primary, replica = tmp_path / "danvan.sqlite3", tmp_path / "replica.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="danvan.settings",
        DANVAN_VAR_DIR=str(tmp_path),
        DATABASE_REPLICA_URLS=f"sqlite:///{replica}",
        PRIMARY=str(primary),
        REPLICA=str(replica),
    )
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "1"]  # the read went to the replica, which has not caught up
    assert shutil.disk_usage(tmp_path)  # both files were real
