"""One structured line per request and per admin action, each with the request id, which
the 500 page shows the reader as "Mã lỗi"."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from articles import views
from articles.models import Article, AuditEvent, Section
from operations.logs import JsonFormatter, PlainFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def records(caplog, logger: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == logger]


def test_each_request_logs_one_line_with_its_id(client, caplog):
    caplog.set_level(logging.INFO, logger="danvan.requests")
    response = client.get("/khong-co-trang-nay/", HTTP_X_REQUEST_ID="proxy-7f3a.1")
    assert response.status_code == 404 and response["X-Request-ID"] == "proxy-7f3a.1"
    [line] = records(caplog, "danvan.requests")
    assert (line.method, line.path, line.status) == ("GET", "/khong-co-trang-nay/", 404)
    assert line.ms >= 0 and line.request_id == "proxy-7f3a.1"
    after = logging.LogRecord("danvan", logging.INFO, __file__, 1, "sau", (), None)
    RequestIdFilter().filter(after)
    assert after.request_id == ""  # the request is over: later records carry none
    assert json.loads(JsonFormatter().format(line))["path"] == "/khong-co-trang-nay/"


def test_an_unusable_request_id_is_replaced(client):
    made = client.get("/healthz", HTTP_X_REQUEST_ID="xấu <script>")["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()
    assert client.get("/healthz")["X-Request-ID"] != made


def test_the_500_page_shows_the_request_id_and_the_error_log_carries_it(settings, monkeypatch, caplog):
    settings.DEBUG = False

    def broken(self, **kwargs):
        raise ValueError("lỗi trong mã")

    monkeypatch.setattr(views.HomeView, "get_context_data", broken, raising=False)
    handler = logging.Handler()
    seen: list[logging.LogRecord] = []
    handler.emit = seen.append
    handler.addFilter(RequestIdFilter())
    logging.getLogger("django.request").addHandler(handler)
    try:
        response = Client(raise_request_exception=False).get("/", HTTP_X_REQUEST_ID="req-500-abc")
    finally:
        logging.getLogger("django.request").removeHandler(handler)
    assert response.status_code == 500 and response["X-Request-ID"] == "req-500-abc"
    page = response.content.decode()
    assert "Mã lỗi: <code>req-500-abc</code>" in page and "Hệ thống đang gặp sự cố" in page
    [error] = [r for r in seen if r.levelno == logging.ERROR]
    assert error.request_id == "req-500-abc" and error.exc_info[0] is ValueError
    entry = json.loads(JsonFormatter().format(error))
    assert entry["request_id"] == "req-500-abc" and entry["level"] == "ERROR" and "ValueError: lỗi trong mã" in entry["error"]


def test_admin_actions_are_logged_with_who_and_what(admin_client, caplog):
    caplog.set_level(logging.INFO, logger="danvan.admin")
    section = Section.objects.create(name="Tin hoạt động")
    article = Article.objects.create(title="Hội nghị dân vận khéo", section=section)
    response = admin_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}, HTTP_X_REQUEST_ID="xoa-1")
    assert response.status_code == 302
    lines = records(caplog, "danvan.admin")
    assert sorted(r.getMessage() for r in lines) == [
        "admin xóa articles.Article «Hội nghị dân vận khéo»",  # Django's admin log (LogEntry)
        "admin xóa «Hội nghị dân vận khéo» (nhật ký xuất bản)",  # the newsroom's AuditEvent
    ]
    for record in lines:
        RequestIdFilter().filter(record)
        assert (record.user, record.action, record.model, record.object, record.request_id) == (
            "admin",
            "xóa",
            "articles.Article",
            str(article.pk),
            "xoa-1",
        )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETED).count() == 1


def test_plain_and_json_lines():
    record = logging.LogRecord("danvan.requests", logging.INFO, __file__, 1, "%s %s %s", ("GET", "/", 200), None)
    record.method, record.path, record.status, record.ms, record.request_id = "GET", "/", 200, 3.2, "abc"
    assert PlainFormatter().format(record) == "INFO danvan.requests GET / 200 3.2ms id=abc"
    entry = json.loads(JsonFormatter().format(record))
    assert {k: entry[k] for k in ("level", "logger", "message", "request_id", "method", "path", "status", "ms")} == {
        "level": "INFO",
        "logger": "danvan.requests",
        "message": "GET / 200",
        "request_id": "abc",
        "method": "GET",
        "path": "/",
        "status": 200,
        "ms": 3.2,
    }


def test_log_format_json_setting_selects_the_json_formatter():
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = "from django.conf import settings; print(settings.LOGGING['handlers']['console']['formatter'])"
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "danvan.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    assert result.stdout.strip() == "json", result.stderr
