"""The files of a saved site: their encoding, their address on the old site, their photos.

Used by ``html.py``; no Django, no network. A mirror is the folder ``wget --mirror`` or a
browser's "save page" wrote: pages, and the images they show, inside one root folder.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from .parse import ParseError

__all__ = ["decode_html", "mirror_url", "photo_file"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_VIETNAMESE = set("ăđơưĂĐƠƯ")


def decode_html(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding, warnings). Raises ``ParseError`` when no encoding reads it."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name, []
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            codecs.lookup(name)
        except LookupError:
            name = ""
        if name:
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                pass
            else:
                # A page saved as UTF-8 that still says "iso-8859-1" is common; UTF-8 that decodes is UTF-8.
                if codecs.lookup(name).name in ("latin-1", "iso8859-1", "cp1252") and not data.isascii():
                    try:
                        return data.decode("utf-8"), "utf-8", [f"trang khai báo bảng mã {name} nhưng viết bằng UTF-8"]
                    except UnicodeDecodeError:
                        pass
                return text, codecs.lookup(name).name, []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    scores = {}
    for name in ("cp1258", "cp1252"):
        try:
            text = unicodedata.normalize("NFC", data.decode(name))
        except UnicodeDecodeError:
            continue
        # Letters only Vietnamese has (ă đ ơ ư, and the toned ones U+1EA0–U+1EF9) against tone
        # marks left uncombined: Vietnamese read as Windows-1252 has the second, not the first.
        scores[name] = (
            sum(c in _VIETNAMESE or "\u1ea0" <= c <= "\u1ef9" for c in text) - sum("\u0300" <= c <= "\u036f" for c in text),
            text,
        )
    if scores:
        name = max(scores, key=lambda n: scores[n][0])
        return scores[name][1], name, [f"trang không khai báo bảng mã; đọc theo {name}"]
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ParseError("không đọc được bảng mã của trang HTML")
    return str(best), best.encoding, [f"trang không khai báo bảng mã; đọc theo {best.encoding}"]


def _is_host(name: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", name, re.I)) and not name.lower().endswith((".html", ".htm"))


def mirror_url(path: str | None, mirror_root: Path | None, base_url: str | None) -> str:
    """The page's URL from its place in the mirror, when the host is known; else ""."""
    if path and mirror_root is not None:
        try:
            relative = PurePosixPath(Path(path).resolve().relative_to(mirror_root.resolve()).as_posix())
        except ValueError:
            return ""
        host = relative.parts[0] if len(relative.parts) > 1 else ""
        # wget --mirror puts the host first: "www.danvan.vn/tin-tuc/bai.html" was that URL,
        # whether the operator names the folder wget ran in or the host's folder itself.
        if _is_host(host):
            return f"http://{relative}"
        if _is_host(mirror_root.resolve().name):
            return f"http://{mirror_root.resolve().name}/{relative}"
        if base_url:
            return f"{base_url.rstrip('/')}/{relative}"
    return ""


def photo_file(src: str, page: Path | None, root: Path | None, site_host: str | None = None) -> tuple[Path | None, str]:
    """(the file inside the mirror, or None; the warning when there is none).

    ``site_host``: the page's own host (from its canonical URL): a photo by absolute URL on
    that host lies at its path in a mirror of that one site (a browser's "save page", or a
    mirror folder that does not name the host)."""
    if not src or src.startswith("data:"):
        return None, ""
    parts = urlsplit(src)
    relative = unquote(parts.path)
    if parts.scheme in ("http", "https") and root is not None:
        candidate = root / (parts.hostname or "") / relative.lstrip("/")  # wget --mirror layout
        if site_host and parts.hostname == site_host and not candidate.is_file():
            candidate = root / relative.lstrip("/")
    elif parts.scheme or root is None or page is None:
        return None, f"ảnh không có trong bản sao (không tải từ mạng): {src}"
    elif relative.startswith("/"):
        candidate = root / relative.lstrip("/")
    else:
        candidate = page.parent / relative
    resolved = candidate.resolve()
    if not resolved.is_relative_to(root.resolve()):
        return None, f"đã từ chối ảnh nằm ngoài thư mục bản sao: {src}"
    if not resolved.is_file():
        return None, f"ảnh không có trong bản sao, chỉ giữ chú thích: {src}"
    return resolved, ""
