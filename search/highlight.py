"""Highlighted snippets: escape everything, then wrap matches in <mark>.

Matching happens on folded text and marks go around the original characters. ``fold``
keeps the length of NFC text with single spaces (which is how ``SearchEntry.text`` is
stored), so a position in the folded text is the same position in the original; where
that does not hold, the text is folded one character at a time and positions mapped back.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from django.utils.html import format_html
from django.utils.safestring import SafeString

from danvan.text import fold, fold_in_place

SNIPPET_LENGTH = 240
LEAD_IN = 60


def fold_aligned(text: str) -> tuple[str, list[int] | None]:
    """``fold(text)`` and where each folded character came from (None: the same place).

    For NFC text with single spaces, ``fold`` keeps every position; otherwise the text is
    folded one character at a time, combining marks folding to nothing.
    """
    folded = fold_in_place(text)
    if folded is not None:
        return folded, None
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = " " if char.isspace() else fold(char)
        chars.append(piece)
        origin.extend([index] * len(piece))
    return "".join(chars), origin


def _word_start(term: str) -> str:
    """``term`` where a word starts, written so that the pattern begins with a letter: the
    check that no letter comes before follows the first letter. ``re`` then skips ahead to
    the places where that letter is (a pattern that begins with the check is tried at every
    position: ten times slower for a phrase in a 2,000-character text)."""
    first = re.escape(term[0])
    return rf"{first}(?<![^\W_]{first}){re.escape(term[1:])}"


def term_pattern(terms: Iterable[str]) -> re.Pattern | None:
    """Any of the terms, as a whole word of folded text."""
    terms = sorted(set(terms), key=len, reverse=True)
    if not terms:
        return None
    alternatives = "|".join(map(_word_start, terms))
    return re.compile(rf"(?:{alternatives})(?![^\W_])")


def _spans(text: str, pattern: re.Pattern | None, aligned: tuple[str, list[int] | None] | None = None) -> list[tuple[int, int]]:
    """Where ``pattern`` matches the folded ``text``, as positions in ``text`` itself.

    ``aligned``: ``fold_aligned(text)``, when the caller has it already.
    """
    if pattern is None:
        return []
    folded, origin = aligned or fold_aligned(text)
    spans = [m.span() for m in pattern.finditer(folded)]
    if origin is None:
        return spans
    mapped = []
    for start, end in spans:
        end = origin[end - 1] + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1  # marks after the last letter belong to it
        mapped.append((origin[start], end))
    return mapped


def _render(text: str, spans: list[tuple[int, int]], offset: int = 0, *, before: str = "", after: str = "") -> SafeString:
    """``text`` with the spans marked, every piece of it escaped: one ``format_html`` whose
    format holds only placeholders and the tags (a ``format_html`` per mark and a join of
    them was a third of what a snippet cost). ``before`` and ``after`` go around it."""
    pieces: list[str] = [before]
    layout = ["{}"]
    position = 0
    for start, end in spans:
        start, end = start - offset, end - offset
        if start < position or end > len(text):
            continue
        pieces += [text[position:start], text[start:end]]
        layout.append("{}<mark>{}</mark>")
        position = end
    pieces += [text[position:], after]
    layout.append("{}{}")
    return format_html("".join(layout), *pieces)


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """The whole of ``text``, escaped, with every term marked."""
    return _render(text, _spans(text, term_pattern(terms)))


@functools.lru_cache(maxsize=256)
def _phrase_pattern(terms: tuple[str, ...]) -> re.Pattern:
    return re.compile(_word_start(terms[0]) + "".join(r"[\W_]+" + re.escape(term) for term in terms[1:]) + r"(?![^\W_])")


def _first(text: str, pattern: re.Pattern, aligned) -> tuple[int, int] | None:
    folded, origin = aligned
    if origin is None:
        found = pattern.search(folded)
        return found.span() if found else None
    spans = _spans(text, pattern, aligned)
    return spans[0] if spans else None


def _between(text: str, pattern: re.Pattern | None, aligned, start: int, end: int) -> list[tuple[int, int]]:
    """The matches from ``start`` to ``end`` (the snippet's window), read from ``start`` on."""
    if pattern is None:
        return []
    folded, origin = aligned
    if origin is not None:
        return [(a, b) for a, b in _spans(text, pattern, aligned) if a >= start and b <= end]
    spans = []
    for found in pattern.finditer(folded, start):
        if found.end() > end:
            break
        spans.append(found.span())
    return spans


#: A text is folded this far first, then four times as far each time until what the snippet
#: needs is in the folded part: an article's body can be 20,000 characters, and the first
#: match of a word is mostly in its first lines.
PREFIX = 500


def _best_match(text: str, terms: list[str], pattern: re.Pattern | None, length: int, phrase_in_text: bool | None):
    """Where the terms first come together as typed ("dân vận khéo"), else the first match,
    and the beginning of ``text`` folded far enough to show it (``fold_aligned`` of it).

    Only as much of the text is folded as the answer needs: a phrase that may still come
    later wins over a word found already, so unless the caller knows the text lacks the
    phrase (``phrase_in_text`` False: the ranking's own test said so), the search for a
    phrase that is not there reads the whole text.
    """
    phrase = _phrase_pattern(tuple(terms)) if len(terms) > 1 and phrase_in_text is not False else None
    size = len(text) if phrase is not None and phrase_in_text is None else PREFIX  # to rule a phrase out is to read it all
    while True:
        cut = text.find(" ", size) if size < len(text) else -1
        head = text if cut == -1 else text[:cut]
        aligned = fold_aligned(head)
        if aligned[1] is not None and cut != -1:  # positions move: the whole text, the general way
            head, cut, aligned = text, -1, fold_aligned(text)
        best = _first(head, phrase, aligned) if phrase is not None else None
        if best is None and pattern is not None and (phrase is None or cut == -1):
            best = _first(head, pattern, aligned)
        if cut == -1 or (best is not None and best[0] + length < cut):
            return best, aligned
        size *= 4


def snippet(text: str, terms: Iterable[str], length: int = SNIPPET_LENGTH, *, phrase_in_text: bool | None = None) -> SafeString:
    """About ``length`` characters of ``text`` around the best match, escaped and marked.

    With no match in ``text`` (the title matched), the beginning is shown. ``phrase_in_text``:
    whether the text holds the terms together, when the caller knows (None: look).
    """
    if not text:
        return SafeString("")
    terms = list(terms)
    pattern = term_pattern(terms)
    best, aligned = _best_match(text, terms, pattern, length, phrase_in_text)
    start, end = window(text, best, length)
    marks = _between(text, pattern, aligned, start, end)
    return _render(text[start:end], marks, offset=start, before="… " if start else "", after=" …" if end < len(text) else "")


def window(text: str, best: tuple[int, int] | None, length: int) -> tuple[int, int]:
    """Where a snippet of about ``length`` characters around ``best`` starts and ends: from
    the text's beginning when the match is near it, else LEAD_IN before the match; both
    ends at a space where there is one."""
    start = 0
    if best and best[1] > length - LEAD_IN:
        start = max(0, best[0] - LEAD_IN)
        space = text.find(" ", start)
        if space != -1 and space < best[0]:
            start = space + 1
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start:
            end = space
    return start, end
