"""Vietnamese alphabetical order, the same on PostgreSQL and on SQLite.

Code-point order puts "Đảng" after "Em" (Đ is U+0110) and "Ủy ban" after "Văn phòng"
(Ủ is U+1EE6). Vietnamese order is the alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q
r s t u ư v x y (Latin f j w z in their Latin places), then, for words with the same
letters, the tones: none, huyền, hỏi, ngã, sắc, nặng; then lower case before upper case.
Numbers sort by their value, as a list of bodies or documents is read: "Chi bộ số 2" before
"Chi bộ số 10" before "Chi bộ số 100", "3-NQ/TW" before "25-NQ/TW" (digit by digit, "10"
and "100" came before "2").

- PostgreSQL: an ICU collation ``danvan_vi`` (locale ``vi-u-kn-true``: Vietnamese, numbers
  by value), created by migration ``organizations.0003`` and made numeric by ``0005``; it
  is what the lists sort by there.
- SQLite: a collation of the same name, registered on every new connection, comparing
  ``sort_key()``, which follows ICU's Vietnamese rules for Vietnamese text (the tests
  check both against each other on PostgreSQL).

``vi_order("name")`` is the expression to order by; ``sort_key_string()`` is the same
order as a plain string for columns sorted byte by byte (the tree path of bodies).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from django.db.backends.signals import connection_created
from django.db.models import F, Func
from django.db.models.functions import Collate

COLLATION = "danvan_vi"
#: The ICU locale of the PostgreSQL collation: Vietnamese, numbers by value ("kn").
ICU_LOCALE = "vi-u-kn-true"

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_INDEX = {letter: i for i, letter in enumerate(ALPHABET)}
# Marks that make a letter of the alphabet (ă â ê ô ơ ư), as NFD writes them.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Tone marks, in Vietnamese order: huyền, hỏi, ngã, sắc, nặng (no mark is 0).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

# Primary weights by class: spaces, then punctuation and symbols, digits, letters.
_SPACE, _PUNCT, _DIGIT, _LETTER, _OTHER = 1, 0x10, 0x4000, 0x4100, 0x5000
#: A number is weighed as its count of digits (leading zeros left out), then its digits:
#: a shorter number is a smaller one. Both below the letters.
_NUMBER_LENGTH, _NUMBER_DIGIT = _DIGIT, _DIGIT + 0x40
_NUMBERS = re.compile(r"\d+")


@lru_cache(maxsize=8192)
def _char_weights(char: str) -> tuple[int, int, int] | None:
    """(primary, tone, case) of one NFC character, or None when it does not count."""
    lower = char.lower()
    decomposed = unicodedata.normalize("NFD", lower)
    base, marks = decomposed[0], decomposed[1:]
    letter = base + "".join(m for m in marks if m in _LETTER_MARKS)
    letter = unicodedata.normalize("NFC", letter)
    tone = next((_TONES[m] for m in marks if m in _TONES), 0)
    case = 0 if char == lower else 1
    if letter in _LETTER_INDEX:
        return _LETTER + _LETTER_INDEX[letter], tone, case
    if base.isdigit():  # a digit outside a number's run (a superscript "²")
        return _NUMBER_DIGIT + unicodedata.digit(base, 0), 0, 0
    if base.isspace():
        return _SPACE, 0, 0
    category = unicodedata.category(base)
    if category[0] in "MC":  # stray combining marks, controls: ignored, as ICU does
        return None
    if category[0] in "LN":
        return _OTHER + min(ord(base), 0x9FFF), tone, case
    return _PUNCT + min(ord(base), 0x3000), 0, 0


@lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Letters first, then tones, then case: "ma" < "Ma" < "mà" < "mả" < "mã" < "má" < "mạ"."""
    text = unicodedata.normalize("NFC", text or "")
    weights: list[tuple[int, int, int]] = []
    position = 0
    for number in _NUMBERS.finditer(text):
        weights += filter(None, map(_char_weights, text[position : number.start()]))
        digits = [unicodedata.decimal(d) for d in number.group()]
        while len(digits) > 1 and digits[0] == 0:
            digits.pop(0)
        weights.append((_NUMBER_LENGTH + min(len(digits), 0x3F), 0, 0))
        weights += ((_NUMBER_DIGIT + d, 0, 0) for d in digits)
        position = number.end()
    weights += filter(None, map(_char_weights, text[position:]))
    return tuple(w[0] for w in weights), tuple(w[1] for w in weights), tuple(w[2] for w in weights)


def _encode(weight: int) -> str:
    # Characters from "0" up, above the separators below, skipping the surrogates.
    code = 0x30 + weight
    return chr(code if code < 0xD800 else code + 0x800)


LEVEL_SEPARATOR = "!"  # below every encoded weight, so a shorter word sorts first
PATH_SEPARATOR = "/"  # between "!" and the weights: a body sorts right before its children


def sort_key_string(text: str) -> str:
    """``sort_key`` as a string whose code-point order is Vietnamese order."""
    primary, tones, cases = sort_key(text)
    return LEVEL_SEPARATOR.join(("".join(map(_encode, primary)), "".join(_encode(t) for t in tones), "".join(_encode(c) for c in cases)))


def compare(a: str, b: str) -> int:
    """The SQLite collation: Vietnamese order, ties broken by code point as ICU's are."""
    key_a, key_b = (sort_key(a), a), (sort_key(b), b)
    return (key_a > key_b) - (key_a < key_b)


def vi_order(field: str) -> Collate:
    """``field`` compared in Vietnamese order, for ``order_by()`` and ``Meta.ordering``."""
    return Collate(F(field), COLLATION)


class BinaryOrder(Func):
    """A column compared byte by byte whatever the database's default collation (``C`` on PostgreSQL)."""

    template = "%(expressions)s"

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template='%(expressions)s COLLATE "C"', **extra)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)


connection_created.connect(register_sqlite_collation, dispatch_uid="danvan.collation.sqlite")
