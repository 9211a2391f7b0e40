"""Keyset pagination: a page is "the rows after this one", never an OFFSET.

The cursor is opaque to clients (URL-safe base64 of the last row's sort key), so the
archive's thousandth page costs what its first does: one index range scan.
"""

from __future__ import annotations

import base64
import binascii
import datetime
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from ninja.errors import HttpError

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"
# A cursor of the right alphabet that decodes to no row's key names no page: 404.
BAD_CURSOR = "Không có trang ứng với con trỏ (cursor) này: dùng đúng giá trị next_cursor của trang trước."


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise HttpError(404, BAD_CURSOR) from None


@dataclass
class Page:
    rows: list
    next_cursor: str | None


def by_pk(queryset: QuerySet, cursor: str | None, limit: int) -> Page:
    """Rows in ascending primary key order, after the cursor's key."""
    if cursor:
        text = _decode(cursor)
        if not text.isdigit():
            raise HttpError(404, BAD_CURSOR)
        queryset = queryset.filter(pk__gt=int(text))
    rows = list(queryset.order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, _encode(str(rows[-1].pk)) if more else None)


def newest_first(queryset: QuerySet, cursor: str | None, limit: int, field: str = "published_at") -> Page:
    """Dated rows newest first, then undated ones (as the site lists articles), by (date, pk)."""
    if cursor:
        stamp, _sep, pk = _decode(cursor).partition("|")
        if not pk.isdigit():
            raise HttpError(404, BAD_CURSOR)
        if stamp == "-":
            queryset = queryset.filter(**{f"{field}__isnull": True, "pk__lt": int(pk)})
        else:
            try:
                when = datetime.datetime.fromisoformat(stamp)
            except ValueError:
                raise HttpError(404, BAD_CURSOR) from None
            queryset = queryset.filter(
                Q(**{f"{field}__lt": when}) | Q(**{field: when, "pk__lt": int(pk)}) | Q(**{f"{field}__isnull": True})
            )
    rows = list(queryset.order_by(F(field).desc(nulls_last=True), "-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    if not more:
        return Page(rows, None)
    last = rows[-1]
    value = getattr(last, field)
    return Page(rows, _encode(f"{value.isoformat() if value else '-'}|{last.pk}"))
