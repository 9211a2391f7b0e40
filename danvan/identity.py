"""The commission's name as readers see it, for code below the app that keeps it.

Editors set the name in the admin ("Thông tin trang", portal.SiteSettings). Feeds and the
article's structured data live in ``articles``, which may not import ``portal`` (apps depend
downward), so portal registers how to read the name when it loads (portal/apps.py), and
everyone asks here. Until then, and in a project without portal, it is the SITE_NAME setting.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

_reader: dict[str, Callable[[], str] | None] = {"name": None}


def register_site_name(reader: Callable[[], str]) -> None:
    _reader["name"] = reader


def site_name() -> str:
    reader = _reader["name"]
    return (reader() if reader else "") or settings.SITE_NAME
