"""Turning what a reader typed into something safe to search with.

Nothing from the query string reaches a full-text engine as syntax: terms are runs of
letters and digits taken from ``fold()`` output, so quotes, ``*``, ``NEAR(``, ``OR``,
``'`` and the like are either dropped or searched for as plain words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from danvan.text import WordMap, fold, normalize_line
from organizations.models import normalize_symbol

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_TERM_LENGTH = 40
_UNPRINTABLE = frozenset({"Cc", "Cs", "Co", "Cn"})

# A term is a run of letters and digits (any script); "_" is a word character to `re`
# but a separator to FTS5's unicode61 tokenizer, so it separates here too.
TERM = re.compile(r"[^\W_]+")

# "25-NQ/TW", "25 - nq/tw", "2765/QĐ-UBND", "30/2020/NĐ-CP": a number, then parts joined
# by "-" or "/"; at least one part must have letters ("14/7" is a date, not a symbol).
_SYMBOL = re.compile(r"(?<![^\W_])\d+(?:[./]\d+)*(?:\s*[-/–]\s*[^\W_]+(?:\.[^\W_]+)*)+")


def terms_of(text: str | None) -> list[str]:
    """Folded terms of ``text``, in order: "Nghị quyết 25-NQ/TW" → ["nghi", "quyet", "25", "nq", "tw"]."""
    return TERM.findall(fold(text))


def _word_terms(word: str) -> str:
    return " ".join(TERM.findall(fold(word)))


# Terms never cross white space, so a whole article's terms are its words' terms, and the
# words (Vietnamese syllables, mostly) repeat: looked up, not folded again.
_terms_by_word = WordMap(_word_terms)


def term_string(text: str | None) -> str:
    """What the index stores and the engines tokenise: folded terms joined by single spaces.

    The same as ``" ".join(terms_of(text))``, word by word through a cache.
    """
    if not text:
        return ""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(_terms_by_word(" ".join(text.split())).split())


def _symbols_in(text: str) -> list[str]:
    found = (normalize_symbol(m.group()) for m in _SYMBOL.finditer(text))
    return list(dict.fromkeys(s for s in found if any(c.isalpha() for c in s) and len(s) <= 64))


@dataclass(frozen=True)
class SearchQuery:
    raw: str
    """The query as it will be shown back: normalised, one line, at most MAX_QUERY_LENGTH."""
    terms: tuple[str, ...]
    """Folded terms, de-duplicated, in order."""
    exact: str
    """The query in lower case with its diacritics, for "exact-diacritic match first"."""
    symbols: tuple[str, ...]
    """Document symbols the query names, in canonical form."""
    truncated: bool = False
    doc_keys: tuple[str, ...] = ()
    """Kinds and numbers of documents the query names ("nq 25" → "nghi_quyet:25")."""

    @property
    def phrase(self) -> str:
        """The folded terms as one phrase, comparable with ``SearchEntry.title_terms``."""
        return " ".join(self.terms)

    @property
    def is_empty(self) -> bool:
        return not self.terms


def _printable(text: str) -> str:
    # Control and unassigned characters never belong to a query, and PostgreSQL refuses
    # NUL in any string parameter.
    return "".join(" " if unicodedata.category(c) in _UNPRINTABLE else c for c in text)


# "NQ25", "25nq": letters glued to digits are two terms, as the index has them ("25-NQ").
_GLUED = re.compile(r"^(?:([a-z]+)(\d+)|(\d+)([a-z]+))$")

#: How documents' kinds are abbreviated in symbols (folded). "QĐ" is both a decision
#: (quyết định) and a regulation (quy định).
KIND_ABBREVIATIONS = {
    "nq": ("nghi_quyet",),
    "qd": ("quyet_dinh", "quy_dinh"),
    "ct": ("chi_thi",),
    "kl": ("ket_luan",),
    "hd": ("huong_dan",),
    "qc": ("quy_che",),
    "ctr": ("chuong_trinh_hanh_dong",),
    "cthd": ("chuong_trinh_hanh_dong",),
    "kh": ("ke_hoach",),
    "tb": ("thong_bao",),
    "nd": ("nghi_dinh",),
    "tt": ("thong_tu",),
    "cv": ("cong_van",),
}


def _split_glued(terms: list[str]) -> list[str]:
    out: list[str] = []
    for term in terms:
        m = _GLUED.match(term)
        if m and (m.group(1) in KIND_ABBREVIATIONS or m.group(4) in KIND_ABBREVIATIONS):
            out.extend(p for p in m.groups() if p)
        else:
            out.append(term)
    return out


def _kind_words() -> dict[tuple[str, ...], str]:
    from organizations.models import Document

    return {tuple(terms_of(str(label))): value for value, label in Document.Kind.choices}


def doc_keys_of(terms: list[str]) -> list[str]:
    """Documents named by kind and number: "nq 25", "nghi quyet 25", "nghi quyet so 25", "25 nq"."""
    kinds = _kind_words()
    keys: list[str] = []
    for i, term in enumerate(terms):
        if not term.isdigit():
            continue
        number = term.lstrip("0")
        if not number:
            continue
        before = terms[:i]
        if before and before[-1] == "so":  # "nghị quyết số 25"
            before = before[:-1]
        found: tuple[str, ...] = ()
        if before and before[-1] in KIND_ABBREVIATIONS:
            found = KIND_ABBREVIATIONS[before[-1]]
        for words, kind in kinds.items():
            if tuple(before[-len(words) :]) == words:
                found = (kind,)
        after = terms[i + 1 : i + 2]
        if not found and after and after[0] in KIND_ABBREVIATIONS:  # "25 nq"
            found = KIND_ABBREVIATIONS[after[0]]
        keys.extend(f"{kind}:{number}" for kind in found)
    return list(dict.fromkeys(keys))


#: Words that make a long query a question ("làm thế nào để …", "… ban hành năm nào"):
#: they are in nearly every article, so requiring them finds the longest articles, not
#: the answer. Dropped from queries of QUESTION_TERMS words or more (folded, longest first).
QUESTION_WORDS = (
    ("lam", "the", "nao"),
    ("nhu", "the", "nao"),
    ("the", "nao"),
    ("la", "gi"),
    ("tai", "sao"),
    ("vi", "sao"),
    ("bao", "gio"),
    ("khi", "nao"),
    ("o", "dau"),
    ("co", "phai"),
    ("nao",),
    ("gi",),
    ("de",),
    ("tai",),
    ("khong",),
)
QUESTION_TERMS = 6


def _without_question_words(terms: list[str]) -> list[str]:
    if len(terms) < QUESTION_TERMS:
        return terms
    out: list[str] = []
    i = 0
    while i < len(terms):
        for words in QUESTION_WORDS:
            if tuple(terms[i : i + len(words)]) == words:
                i += len(words)
                break
        else:
            out.append(terms[i])
            i += 1
    return out if len(out) >= 3 else terms


def parse(q: str | None) -> SearchQuery:
    """Read what a reader typed; never fails, whatever the input."""
    text = normalize_line(_printable(q or ""))
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        cut = text[:MAX_QUERY_LENGTH]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).strip()
    all_terms = _split_glued([t for t in terms_of(text) if len(t) <= MAX_TERM_LENGTH])
    terms = tuple(dict.fromkeys(_without_question_words(all_terms)))[:MAX_TERMS]
    exact = " ".join(text.lower().split())
    return SearchQuery(
        raw=text,
        terms=terms,
        exact=exact,
        symbols=tuple(_symbols_in(text)),
        truncated=truncated,
        doc_keys=tuple(doc_keys_of(all_terms)),
    )
