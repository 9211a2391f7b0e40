"""Highlighted snippets: escape everything, then wrap matches in <mark>.

Matches are found on the original text with patterns that accept every letter folding to
the term's letter ("dan" as ``[dDđĐ][aAàÀáÁâÂầẦ…][nN]``), so the text itself is never
folded: a page of twenty results folded their texts at about a quarter of a millisecond
each, more than the rest of a snippet. That holds for NFC text with single spaces (how
``SearchEntry.text`` is stored) whose every character folds to one character that the
pattern's classes know (``_reads_directly``). Other text (decomposed marks, "ß" which folds
to "ss", doubled spaces, letters outside the fold table) is folded one character at a time
and positions are mapped back, which finds the same matches, slower.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from django.utils.html import format_html
from django.utils.safestring import SafeString

from danvan.text import fold, fold_sources

SNIPPET_LENGTH = 240
LEAD_IN = 60

# A letter or digit, as the patterns' boundaries see one.
_WORD_CHAR = re.compile(r"[^\W_]")


def fold_aligned(text: str) -> tuple[str, list[int] | None]:
    """``fold(text)`` and where each folded character came from (None: the same place).

    For NFC text with single spaces, ``fold`` keeps every position; otherwise the text is
    folded one character at a time, combining marks folding to nothing.
    """
    folded = fold(text)
    if len(folded) == len(text) and " ".join(text.split()) == text:
        return folded, None
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = " " if char.isspace() else fold(char)
        chars.append(piece)
        origin.extend([index] * len(piece))
    return "".join(chars), origin


#: Characters already judged by ``_char_reads_directly`` (bounded by the characters texts use).
_JUDGED: dict[str, bool] = {" ": True}


def _char_reads_directly(char: str) -> bool:
    """The character folds to one character whose class holds it, and is a letter or digit
    exactly when what it folds to is one (so the patterns' word boundaries stay put)."""
    judged = _JUDGED.get(char)
    if judged is None:
        folded = fold(char)
        judged = (
            len(folded) == 1
            and (folded == char or char in fold_sources().get(folded, ()))
            and bool(_WORD_CHAR.match(char)) == bool(_WORD_CHAR.match(folded))
        )
        if len(_JUDGED) > 100_000:
            _JUDGED.clear()
            _JUDGED[" "] = True
        _JUDGED[char] = judged
    return judged


@functools.cache
def _unjudged() -> re.Pattern:
    """Any character but those of everyday text known to read directly (printable ASCII,
    the fold table's letters, Latin-1 signs, general punctuation): the few others a text
    holds are judged one by one."""
    common = [chr(cp) for cp in (*range(0x20, 0x7F), *range(0xA1, 0xC0), *range(0x2010, 0x205F))]
    known = sorted(c for c in (*common, *(c for chars in fold_sources().values() for c in chars)) if _char_reads_directly(c))
    return re.compile("[^" + "".join(map(re.escape, known)) + "]")


def _reads_directly(text: str) -> bool:
    """Position ``i`` of ``fold(text)`` is the fold of ``text[i]``, for every ``i``, and the
    direct patterns match where the folded ones would."""
    if not unicodedata.is_normalized("NFC", text) or "  " in text or text[0] == " " or text[-1] == " ":
        return False
    return all(_char_reads_directly(m.group()) for m in _unjudged().finditer(text))


def _letter(char: str) -> str:
    sources = fold_sources().get(char)
    if not sources or len(sources) == 1:
        return re.escape(char)
    return "[" + "".join(map(re.escape, sorted(sources))) + "]"


def _spelled(term: str) -> str:
    """A term as a pattern of the original text: each letter, any letter that folds to it."""
    return "".join(map(_letter, term))


@functools.lru_cache(maxsize=256)
def _word_patterns(terms: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern] | None:
    """Any one of the terms as a whole word: on folded text, and on the original text."""
    ordered = sorted(set(terms), key=len, reverse=True)
    if not ordered:
        return None
    folded = "|".join(map(re.escape, ordered))
    direct = "|".join(map(_spelled, ordered))
    return re.compile(rf"(?<![^\W_])(?:{folded})(?![^\W_])"), re.compile(rf"(?<![^\W_])(?:{direct})(?![^\W_])")


@functools.lru_cache(maxsize=256)
def _phrase_patterns(terms: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """The terms in order, with only separators between: on folded text, and on the original."""
    folded = r"[\W_]+".join(map(re.escape, terms))
    direct = r"[\W_]+".join(map(_spelled, terms))
    return re.compile(rf"(?<![^\W_]){folded}(?![^\W_])"), re.compile(rf"(?<![^\W_]){direct}(?![^\W_])")


class _Marks:
    """Where the terms are in one text, as positions in the text itself."""

    def __init__(self, text: str, terms: tuple[str, ...]) -> None:
        self.text, self.terms = text, terms
        self.patterns = _word_patterns(terms)
        self.direct = bool(self.patterns) and _reads_directly(text)
        self._folded: tuple[str, list[int] | None] | None = None

    def _aligned(self) -> tuple[str, list[int] | None]:
        if self._folded is None:
            self._folded = fold_aligned(self.text)
        return self._folded

    def _found(self, folded_pattern: re.Pattern, direct_pattern: re.Pattern, start: int = 0):
        """Spans of the pattern from ``start`` on, in the text's own positions."""
        if self.direct:
            yield from (m.span() for m in direct_pattern.finditer(self.text, start))
            return
        folded, origin = self._aligned()
        for m in folded_pattern.finditer(folded):
            a, b = m.span()
            if origin is not None:
                a, b = origin[a], origin[b - 1] + 1
                while b < len(self.text) and unicodedata.combining(self.text[b]):
                    b += 1  # marks after the last letter belong to it
            if a >= start:
                yield a, b

    def words(self, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Every term, from ``start`` to ``end``."""
        if not self.patterns:
            return []
        end = len(self.text) if end is None else end
        spans = []
        for a, b in self._found(*self.patterns, start):
            if b > end:
                break
            spans.append((a, b))
        return spans

    def best(self) -> tuple[int, int] | None:
        """Where the terms first come together as typed ("dân vận khéo"), else the first term."""
        if len(self.terms) > 1:
            for span in self._found(*_phrase_patterns(self.terms)):
                return span
        for span in self._found(*self.patterns) if self.patterns else ():
            return span
        return None


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
    if not text:
        return SafeString("")
    return _render(text, _Marks(text, tuple(terms)).words())


def snippet(text: str, terms: Iterable[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of ``text`` around the best match, escaped and marked.

    With no match in ``text`` (the title matched), the beginning is shown.
    """
    if not text:
        return SafeString("")
    marks = _Marks(text, tuple(terms))
    best = marks.best()
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
    before, after = "… " if start else "", " …" if end < len(text) else ""
    return _render(text[start:end], marks.words(start, end), offset=start, before=before, after=after)
