"""Folding that keeps offsets: each character to its unmarked lower-case form, one for one,
so a match in the folded text maps back onto the original. Pure Python, no Django."""

from __future__ import annotations

from danvan.text import WordMap, strip_marks

__all__ = ["FOLD", "fold_keep_length", "fold_line"]


def _fold_table() -> dict[int, str]:
    """Each character of the Latin and Vietnamese blocks → its unmarked lower-case form.

    A plain dict of one-character strings is what ``str.translate`` runs fastest; characters
    outside it (CJK, emoji …) are left as they are.
    """
    table: dict[int, str] = {}
    for code in range(0x2000):
        char = chr(code)
        folded = strip_marks(char).lower()
        if len(folded) != 1:
            folded = char.lower() if len(char.lower()) == 1 else char
        if folded != char:
            table[code] = folded
    return table


FOLD = _fold_table()


_fold_words = WordMap(lambda word: word.translate(FOLD))


def fold_keep_length(text: str) -> str:
    """``fold`` without collapsing spaces, so match offsets map back onto ``text``."""
    return text.lower() if text.isascii() else _fold_words(text)


def fold_line(line: str, limit: int | None = None) -> str:
    """Folded line; with ``limit``, only its first characters (enough for a label or a marker)."""
    return " ".join(fold_keep_length(line if limit is None else line[:limit]).split())
