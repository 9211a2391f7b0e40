"""/healthz: 200 when the database, the cache and the media folder answer and every
migration is applied; 503 naming what failed; fast, never cached, no secrets."""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from operations import health

pytestmark = pytest.mark.django_db


def test_all_well_is_200_with_each_check(client, settings, django_assert_max_num_queries):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    with django_assert_max_num_queries(2):  # SELECT 1, the applied migrations
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok" and body["failed"] == []
    assert list(body["checks"]) == ["database", "migrations", "cache", "media"]
    assert all(check["ok"] and check["ms"] >= 0 for check in body["checks"].values())


def test_it_answers_in_a_few_milliseconds(client, settings):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    client.get("/healthz")  # the migration files are read once per process
    started = time.perf_counter()
    for _ in range(10):
        assert client.get("/healthz").status_code == 200
    assert (time.perf_counter() - started) / 10 < 0.05


def test_never_stored_by_the_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    reader = Client()
    first, second = reader.get("/healthz"), reader.get("/healthz")
    assert "X-Cache" not in first and "X-Cache" not in second
    assert first["Cache-Control"] == second["Cache-Control"] == "no-store"
    assert first.json()["checks"]["cache"]["ok"]


def test_a_missing_media_folder_is_503_naming_it(client, settings):
    settings.MEDIA_ROOT = settings.MEDIA_ROOT / "khong-co"
    response = client.get("/healthz")
    assert response.status_code == 503 and response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "loi" and body["failed"] == ["media"]
    assert body["checks"]["media"] == {
        "ok": False,
        "ms": body["checks"]["media"]["ms"],
        "message": "Thư mục media không có hoặc không ghi được.",
    }


def test_a_cache_that_keeps_nothing_is_503(client, settings, monkeypatch):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    # As the Redis cache answers while Redis is down: nothing, without an error.
    monkeypatch.setattr(type(caches["default"]), "get", lambda self, key, default=None, version=None: default)
    body = client.get("/healthz").json()
    assert body["failed"] == ["cache"] and body["checks"]["cache"]["message"] == "Bộ nhớ đệm không lưu được."


def test_an_unreachable_database_is_503_without_its_address(client, settings, monkeypatch):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)

    def refused():
        from django.db import OperationalError

        raise OperationalError('connection to server at "10.0.0.5", port 5432 failed: password authentication failed for user "danvan"')

    monkeypatch.setitem(health.CHECKS, "database", refused)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["database", "migrations"]
    assert body["checks"]["database"]["message"] == "Không kết nối được (OperationalError)."
    text = response.content.decode()
    assert "10.0.0.5" not in text and "5432" not in text and "danvan" not in text and "password" not in text


def test_an_unapplied_migration_is_503(client, settings):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    MigrationRecorder(connections["default"]).migration_qs.filter(app="redirects").order_by("-id").first().delete()
    body = client.get("/healthz").json()
    assert body["failed"] == ["migrations"]
    assert body["checks"]["migrations"]["message"] == "Còn 1 migration chưa chạy (manage.py migrate)."


def test_the_answer_holds_no_setting(client, settings):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    text = client.get("/healthz").content.decode()
    for secret in (settings.SECRET_KEY, str(settings.MEDIA_ROOT), str(connections["default"].settings_dict["NAME"])):
        assert secret not in text


def test_a_plain_http_probe_is_answered_while_pages_redirect_to_https(client, settings, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from tests.newsroom.test_security import production_env

    probe = "import django; django.setup(); from django.conf import settings; print(settings.SECURE_REDIRECT_EXEMPT)"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=Path(__file__).resolve().parents[2],
        env=production_env(DANVAN_VAR_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "['^healthz$']", result.stderr
    settings.SECURE_SSL_REDIRECT, settings.SECURE_REDIRECT_EXEMPT = True, ["^healthz$"]
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
