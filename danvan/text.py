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
_LOOKALIKES = (("\u00d0", "\u0110"), ("\u00f0", "\u0111"))

# Spaces that are not ASCII spaces, and invisible characters that split words. Regular
# expressions and str.replace are used rather than str.translate with a table: on long
# non-ASCII text (every Vietnamese article) translate looks each character up in a dict
# and is many times slower.
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Bidirectional marks, embeddings, overrides and isolates (U+200E/F, U+061C, U+202A–E,
# U+2066–9) are invisible too, and worse: "\u202e" makes the rest of a title read backwards
# in every list and feed that shows it. Vietnamese is written left to right; none belongs.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_ODD_OR_INVISIBLE = re.compile(f"{_ODD_SPACES.pattern}|{_INVISIBLE.pattern}")
_RUN_OF_SPACES = re.compile(r" {2,}")
_SPACES_AROUND_NEWLINES = re.compile(r" *\n *")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
# Every Vietnamese diacritic decomposes (NFD) into a letter and marks from this block.
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_WHITESPACE = re.compile(r"\s+")

_SLUG_SEPARATORS = re.compile(r"[^a-z0-9]+")


def _fix_lookalikes(text: str) -> str:
    for wrong, right in _LOOKALIKES:
        if wrong in text:
            text = text.replace(wrong, right)
    return text


def normalize(text: str | None) -> str:
    """Return NFC text with look-alikes mapped, odd spaces made plain, runs collapsed.

    Line breaks are kept (paragraphs matter); spaces at either end of each line and runs
    of spaces inside a line are collapsed; more than one blank line becomes one.
    """
    if not text:
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        if _ODD_OR_INVISIBLE.search(text):
            text = _ODD_SPACES.sub(" ", _INVISIBLE.sub("", text))
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        text = _fix_lookalikes(text)
    elif "\t" in text or "\f" in text or "\v" in text:
        text = _ODD_SPACES.sub(" ", text)
    # Each pass only where a cheap test finds work for it: most text is clean already
    # (it is normalised again on every save), and a regular expression pass over a whole
    # article costs several times a substring test.
    if "  " in text:
        text = _RUN_OF_SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _SPACES_AROUND_NEWLINES.sub("\n", text)
    if "\n\n\n" in text:
        text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def strip_invisible(text: str) -> str:
    """Remove zero-width and bidirectional control characters, and nothing else."""
    return _INVISIBLE.sub("", text) if not text.isascii() and _INVISIBLE.search(text) else text


def normalize_line(text: str | None) -> str:
    """``normalize`` for single-line values (titles, names): newlines become spaces."""
    return " ".join(normalize(text).split())


def strip_marks(text: str) -> str:
    """Remove diacritics and map đ → d, keeping case: "Đảng ủy" → "Dang uy"."""
    stripped = _COMBINING_MARKS.sub("", unicodedata.normalize("NFD", _fix_lookalikes(text)))
    return unicodedata.normalize("NFC", stripped).replace("đ", "d").replace("Đ", "D")


def _fold_table() -> dict[int, str]:
    """Every precomposed Latin letter → its base letter in lower case; đ, Đ, ð, Ð → d."""
    table = {}
    for cp in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        base = _COMBINING_MARKS.sub("", unicodedata.normalize("NFD", chr(cp)))
        if len(base) == 1 and base != chr(cp):
            table[cp] = base.lower()
    table.update({ord(c): "d" for c in "đĐ\u00d0\u00f0"})
    return table


# One lookup per character: about twice as fast as decompose, strip marks, recompose.
_FOLD = str.maketrans(_fold_table())


class WordMap:
    """A function that maps text character by character, applied word by word through a cache.

    ``str.translate`` with a table costs a dictionary lookup per character on non-ASCII
    text; Vietnamese prose is made of a few thousand syllables that repeat, so looking up
    whole words (split on " ", joined back with " ") gives the same text about three times
    faster. ``function`` must map each character on its own (as ``translate`` and
    ``casefold`` do), or the word-by-word result would differ. The cache is emptied when
    it reaches ``size`` words, so memory stays bounded on any input.
    """

    def __init__(self, function: Callable[[str], str], size: int = 50_000) -> None:
        self.function = function
        self.size = size
        self.cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        cache, function = self.cache, self.function
        words = text.split(" ")
        mapped = []
        for word in words:
            result = cache.get(word)
            if result is None:
                if len(cache) >= self.size:
                    cache.clear()
                result = cache[word] = function(word)
            mapped.append(result)
        return " ".join(mapped)


_fold_words = WordMap(lambda word: word.casefold().translate(_FOLD))


def fold(text: str | None) -> str:
    """Search key: no diacritics, đ → d, lower case, single spaces.

    "Dân vận khéo", "DÂN VẬN KHÉO" and "dan van kheo" all fold to "dan van kheo".
    Each character of NFC input folds to one character (spaces aside), so positions in
    the folded text map back to the original, as highlighting needs.
    """
    if not text:
        return ""
    if text.isascii():
        return " ".join(text.lower().split())
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    folded = _fold_words(text)
    if _COMBINING_MARKS.search(folded):  # marks with no precomposed letter to hold them
        folded = _COMBINING_MARKS.sub("", folded)
    return " ".join(folded.split())


# What ``fold`` changes in spacing: a space beside another, at either end, or any white
# space but the plain space (``" ".join(text.split()) != text``, in one scan).
_UNEVEN_SPACING = re.compile(r"\s\s|[^\S ]|^ | $")


def fold_in_place(text: str) -> str | None:
    """``fold(text)`` when each of its characters is the fold of the character at the same
    place in ``text`` (NFC text with single spaces, which is how the search index stores
    text), else None. Cheaper than ``fold`` on such text: its spacing is left as it is."""
    if _UNEVEN_SPACING.search(text):
        return None
    if text.isascii():
        return text.lower()
    if not unicodedata.is_normalized("NFC", text):
        return None
    folded = _fold_words(text)
    if len(folded) != len(text) or _COMBINING_MARKS.search(folded):
        return None
    return folded


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
