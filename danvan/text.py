"""Vietnamese text helpers: the one place that knows how to clean, fold and slug text.

Everything that enters the database (admin forms, fixtures, imported files) goes through
``normalize``; everything that is compared for search goes through ``fold``; every slug
comes from ``slugify_vi``. Django's ``slugify`` drops "đ" entirely ("Đảng" → "ang"), and
the admin's prepopulate JavaScript turns it into "dj", so neither is used on Vietnamese.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Look-alikes seen in scraped Vietnamese text: the Icelandic eth (Ð U+00D0, ð U+00F0)
# typed in place of the Vietnamese đ (Đ U+0110, đ U+0111).
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})

# Spaces that are not ASCII spaces, and invisible characters that split words.
_SPACE_CHARS = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v"
_SPACES = str.maketrans({c: " " for c in _SPACE_CHARS})
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_RUN_OF_SPACES = re.compile(r" {2,}")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")

# Folding: after NFD and dropping combining marks, only đ/Đ still carry a diacritic.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})

_SLUG_SEPARATORS = re.compile(r"[^a-z0-9]+")


def normalize(text: str | None) -> str:
    """Return NFC text with look-alikes mapped, odd spaces made plain, runs collapsed.

    Line breaks are kept (paragraphs matter); spaces at either end of each line and runs
    of spaces inside a line are collapsed; more than one blank line becomes one.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_INVISIBLE).translate(_SPACES)
    text = unicodedata.normalize("NFC", text).translate(_LOOKALIKES)
    lines = (_RUN_OF_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def normalize_line(text: str | None) -> str:
    """``normalize`` for single-line values (titles, names): newlines become spaces."""
    return " ".join(normalize(text).split())


def strip_marks(text: str) -> str:
    """Remove diacritics and map đ → d, keeping case: "Đảng ủy" → "Dang uy"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LOOKALIKES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).translate(_FOLD_EXTRA)


def fold(text: str | None) -> str:
    """Search key: no diacritics, đ → d, lower case, single spaces.

    "Dân vận khéo", "DÂN VẬN KHÉO" and "dan van kheo" all fold to "dan van kheo".
    The length of the result can differ from the input only where the input was not NFC.
    """
    if not text:
        return ""
    return " ".join(strip_marks(text).casefold().split())


def slugify_vi(text: str | None, max_length: int = 255) -> str:
    """ASCII slug that keeps "đ" as "d" and splits symbols at "/": "25-NQ/TW" → "25-nq-tw".

    The slug is cut at a word boundary to fit ``max_length``.
    """
    slug = _SLUG_SEPARATORS.sub("-", fold(text)).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut[:max_length] else slug[:max_length]
    return slug.strip("-")


def unique_slug(
    text: str,
    exists: Callable[[str], bool],
    *,
    max_length: int = 255,
    fallback: str = "bai-viet",
) -> str:
    """A slug from ``text`` for which ``exists(slug)`` is false: "x", "x-2", "x-3" …"""
    base = slugify_vi(text, max_length=max_length) or fallback
    candidate, n = base, 1
    while exists(candidate):
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate


def split_lines(value: str | None) -> list[str]:
    """Non-empty, normalised lines of a one-per-line text field (aliases, popular names)."""
    return [line for line in (normalize_line(x) for x in (value or "").split("\n")) if line]
