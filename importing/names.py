"""Names of bodies and "Dân vận khéo" models in an article's folded text: many names
matched at once, longest first (one trie-shaped pattern), and the rules that decide which
record a name stands for (a name shared by several records, a short form of another named
in full). Pure Python, no Django."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .folding import fold_keep_length

__all__ = ["NameLink", "NameMatcher", "Unresolved", "at_word_starts", "name_key", "resolve_names"]


@dataclass(frozen=True)
class NameLink:
    id: int
    text: str


@dataclass(frozen=True)
class Unresolved:
    text: str
    reason: str


class NameMatcher:
    """Longest-first matching of many names on folded text."""

    def __init__(self, entries: Iterable[tuple[int, Sequence[str]]]) -> None:
        self.ids_by_name: dict[str, set[int]] = {}
        for ident, names in entries:
            for name in names:
                key = name_key(name)
                if len(key) >= 2:
                    self.ids_by_name.setdefault(key, set()).add(ident)
                    if "(" in key:
                        self.ids_by_name.setdefault(name_key(name, brackets=False), set()).add(ident)
        # One trie-shaped pattern: the cost of a scan grows with the text, not with the number
        # of names, and greedy optional branches still give the longest name at each place.
        trie: dict = {}
        for name in self.ids_by_name:
            node = trie
            for char in name:
                node = node.setdefault(char, {})
            node[""] = {}
        self.pattern = re.compile(rf"(?:{_trie_pattern(trie)})(?![a-z0-9])") if trie else None

    def find(self, folded: str, original: str, spans: list[tuple[int, int]] | None = None) -> list[tuple[str, set[int], str]]:
        """(name key, ids, text as written) of each name; ``spans`` gets where each one stands."""
        if self.pattern is None:
            return []
        hits = []
        for match in at_word_starts(self.pattern, folded):
            key = name_key(match.group(0))
            ids = self.ids_by_name.get(key) or self.ids_by_name.get(name_key(match.group(0), brackets=False), set())
            if ids:
                hits.append((key, ids, original[match.start() : match.end()]))
                if spans is not None:
                    spans.append(match.span())
        return hits


def at_word_starts(pattern: re.Pattern, folded: str) -> Iterator[re.Match]:
    """``pattern.finditer(folded)`` keeping the matches that begin a word, as a leading
    ``(?<![a-z0-9])`` would; without it, the regular expression engine can skip ahead to the
    pattern's first characters, about a third faster over a whole article."""
    position, end = 0, len(folded)
    while position <= end:
        match = pattern.search(folded, position)
        if match is None:
            return
        start = match.start()
        if start and folded[start - 1] in _WORD_CHARS:
            position = start + 1
            continue
        yield match
        position = match.end() if match.end() > start else start + 1


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _trie_pattern(node: dict) -> str:
    branches = [_char_pattern(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a name ends here; a longer one may go on
        return f"(?:{body})?"
    return body


def _char_pattern(char: str) -> str:
    # Brackets are optional in text: "Nghị quyết Trung ương 7 khóa XI" is "… 7 (khóa XI)".
    return {" ": r"\s+", "(": r"\(?", ")": r"\)?"}.get(char) or re.escape(char)


def name_key(name: str, *, brackets: bool = True) -> str:
    key = " ".join(fold_keep_length(name.strip().strip("“”\"'«»")).split())
    return key if brackets else " ".join(key.replace("(", " ").replace(")", " ").split())


def stem(key: str) -> str:
    # "Đảng ủy X" is the committee of "Đảng bộ X": articles use either for the same body.
    return key.replace("dang uy ", "dang bo ")


def resolve_names(hits: list[tuple[str, set[int], str]], unresolved: list[Unresolved], label: str) -> list[NameLink]:
    """One link per id; a name shared by several ids counts only if one of them is named alone.

    A short form that begins another record's full name in the same article stands for that
    record ("Đảng bộ Khối các Cơ quan và Doanh nghiệp tỉnh (Đảng bộ Khối)"), so it links
    nothing by itself.
    """
    # The same text is the same name with the same records: compare each distinct one once,
    # so a name repeated thousands of times costs no more than once (the result is the same).
    distinct: dict[str, tuple[str, set[int], str]] = {}
    for hit in hits:
        distinct.setdefault(hit[2], hit)
    hits = list(distinct.values())
    shadowed: set[tuple[str, int]] = set()
    for name, ids, _text in hits:
        for other, other_ids, other_text in hits:
            if stem(other).startswith(stem(name) + " ") and not ids & other_ids:
                shadowed.update((name, i) for i in ids)
                unresolved.append(Unresolved(_text, f"short form of “{other_text}”, which is another {label}"))
    hits = [(n, {i for i in ids if (n, i) not in shadowed}, t) for n, ids, t in hits]
    hits = [h for h in hits if h[1]]
    unique = {next(iter(ids)) for _name, ids, _text in hits if len(ids) == 1}
    links: dict[int, NameLink] = {}
    for _name, ids, original in hits:
        chosen = ids if len(ids) == 1 else ids & unique
        if len(chosen) == 1:
            ident = next(iter(chosen))
            links.setdefault(ident, NameLink(ident, original))
        elif not chosen:
            unresolved.append(Unresolved(original, f"this {label} name fits {len(ids)} records"))
    return list(links.values())
