"""Old URLs reduced to one key, so every way a reader or another site writes an address
finds the same entry: percent-encoded or not, NFC or NFD, any case, with or without the
trailing slash, ``index.html`` or ``.html``, tracking parameters or not.

Only query parameters that identify a page on the CMSs the old portals ran (WordPress
``?p=123``, Joomla ``index.php?option=com_content&view=article&id=45``, portal products'
``?NewsID=…``) are part of the key; everything else in a query string is ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

IDENTIFYING_PARAMS = frozenset(
    {
        "p",
        "page_id",
        "cat",
        "tag",
        "attachment_id",
        "option",
        "view",
        "id",
        "newsid",
        "news_id",
        "articleid",
        "article_id",
        "postid",
        "nid",
        "cid",
    }
)
# Last segments that only say "the folder's page" and extensions that only say "static page".
INDEX_NAMES = frozenset({"index.html", "index.htm", "index.shtml", "index.php", "index.asp", "index.aspx", "default.asp", "default.aspx"})
PAGE_SUFFIXES = (".html", ".htm", ".shtml")
_SLASHES = re.compile(r"/{2,}")


def normalize_host(host: str | None) -> str:
    """``WWW.Old-Portal.vn:80.`` → ``old-portal.vn``."""
    host = (host or "").strip().lower()
    if host.startswith("[") and "]" in host:  # an IPv6 literal keeps its colons
        host = host[: host.index("]") + 1]
    else:
        host = host.split(":", 1)[0]
    host = host.rstrip(".")
    return host.removeprefix("www.")


def normalize_path(path: str) -> str:
    text = unicodedata.normalize("NFC", unquote(path or "")).lower().replace("\\", "/")
    segments = [s for s in _SLASHES.sub("/", text).split("/") if s and s != "."]
    if segments and segments[-1] in INDEX_NAMES:
        segments.pop()
    if segments:
        for suffix in PAGE_SUFFIXES:
            if segments[-1].endswith(suffix) and len(segments[-1]) > len(suffix):
                segments[-1] = segments[-1][: -len(suffix)]
                break
    return "/" + "/".join(segments)


def identifying_query(pairs: Iterable[tuple[str, str]]) -> str:
    kept = {
        (name.strip().lower(), unicodedata.normalize("NFC", value).strip().lower())
        for name, value in pairs
        if name.strip().lower() in IDENTIFYING_PARAMS and value.strip()
    }
    return urlencode(sorted(kept))


def make_key(path: str, pairs: Iterable[tuple[str, str]] = ()) -> str:
    query = identifying_query(list(pairs))
    return normalize_path(path) + (f"?{query}" if query else "")


def split_old_url(url: str) -> tuple[str, str]:
    """An address as an editor or an importer wrote it → (host, key); host "" when only a path was given."""
    url = (url or "").strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://|^//", url, re.I) and not url.startswith("/"):
        first = url.split("/", 1)[0]
        # "old-portal.vn/tin-tuc/…" is a host and a path; "tin-tuc/…" a path without its slash.
        url = f"//{url}" if "." in first and not first.lower().endswith((*PAGE_SUFFIXES, ".php", ".asp", ".aspx")) else f"/{url}"
    parts = urlsplit(url)
    return normalize_host(parts.hostname if parts.netloc else ""), make_key(parts.path, parse_qsl(parts.query))


def request_keys(path: str, pairs: Iterable[tuple[str, str]]) -> list[str]:
    """The keys a request may be stored under, best first: with its identifying parameters, then the path alone."""
    full, bare = make_key(path, pairs), normalize_path(path)
    return [full] if full == bare else [full, bare]
