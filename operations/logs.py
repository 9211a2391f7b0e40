"""One structured log line per request and per admin action, each carrying the request's id.

``RequestIdMiddleware`` runs first: it takes the ``X-Request-ID`` a proxy sent (letters,
digits, ``.-_:``, at most 64 characters; anything else is replaced) or makes one, answers it
in the same header, keeps it for every log record written while the request runs (errors
included), and shows it on the 500 page as "Mã lỗi". ``LOG_FORMAT=json`` writes each record
as one JSON object per line; otherwise a short line for people.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import time
import uuid

REQUEST_HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

requests_log = logging.getLogger("danvan.requests")
admin_log = logging.getLogger("danvan.admin")

# What a record carries besides its message, in this order on a plain line.
FIELDS = ("method", "path", "status", "ms", "user", "action", "object", "model")


def current_request_id() -> str:
    return _current.get()


def request_id_for(request) -> str:
    given = request.headers.get(REQUEST_HEADER, "")
    return given if _VALID.match(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        token = _current.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_HEADER] = request.request_id
            requests_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "request_id": request.request_id,
                },
            )
            return response
        finally:
            _current.reset(token)


class RequestIdFilter(logging.Filter):
    """Every record gets ``request_id`` (empty outside a request: commands, workers starting)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = _current.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or None,
        }
        entry.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = f"{record.levelname} {record.name} {record.getMessage()}"
        if getattr(record, "ms", None) is not None:
            line += f" {record.ms}ms"
        if getattr(record, "request_id", ""):
            line += f" id={record.request_id}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


ADMIN_ACTIONS = {1: "thêm", 2: "sửa", 3: "xóa"}


def log_admin_entry(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save of Django's admin LogEntry: who added, changed or deleted what."""
    if raw or not created:
        return
    action = ADMIN_ACTIONS.get(instance.action_flag, str(instance.action_flag))
    model = instance.content_type.model_class() if instance.content_type_id else None
    label = model._meta.label if model else ""
    admin_log.info(
        "%s %s %s «%s»",
        instance.user.get_username() if instance.user_id else "",
        action,
        label,
        instance.object_repr,
        extra={
            "user": instance.user.get_username() if instance.user_id else "",
            "action": action,
            "model": label,
            "object": str(instance.object_id or ""),
        },
    )


def log_audit_event(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save of the newsroom's AuditEvent (publish, schedule, unpublish, revert …)."""
    if raw or not created:
        return
    user = instance.actor.get_username() if instance.actor_id else ""
    action = str(instance.get_action_display())
    admin_log.info(
        "%s %s «%s» (nhật ký xuất bản)",
        user,
        action,
        instance.article_title,
        extra={"user": user, "action": action, "model": "articles.Article", "object": str(instance.article_id or "")},
    )
