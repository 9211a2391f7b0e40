"""Names without a place, read as the publisher's. Pure Python, no Django.

A commission's own portal writes "Tỉnh ủy", "UBND tỉnh", "Ban Dân vận Huyện ủy", "Đảng ủy
Khối", "tỉnh ta" and means its own province, district or bloc. With ``--publisher`` (the
body whose portal the archive comes from), such a name resolves among the bodies of the
publisher's place: its own chain of parents first, then the bodies whose locality is the
publisher's province (or district). A name followed by a place ("Tỉnh ủy Hà Giang") is not
placeless; a name that fits no body, or several, is reported, never guessed. A bare "Nghị
quyết 17" is looked for among the publisher's documents first: those issued by the publisher
or a body above it, then those issued in its province.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .folding import fold_keep_length

__all__ = ["KnownBody", "LocalHit", "Scope"]


@dataclass(frozen=True)
class KnownBody:
    id: int
    name: str
    kind: str = ""
    level: str = ""
    locality: str = ""  # "Đầm Hà, Quảng Ninh": the district, then the province
    parent_id: int | None = None


@dataclass(frozen=True)
class _Form:
    """A placeless name: the forms articles write, the kind of body and the start of its name."""

    forms: tuple[str, ...]  # folded
    kinds: frozenset[str]
    prefixes: tuple[str, ...]  # folded starts of the official names it stands for
    where: str  # "province", "district" or "bloc"
    quiet: bool = False  # finding no body is no reference left unresolved ("tỉnh ta" names a place)


_FORMS = (
    _Form(("ban dan van tinh uy",), frozenset({"party_board"}), ("ban dan van tinh uy",), "province"),
    _Form(("ban thuong vu tinh uy",), frozenset({"party_committee"}), ("ban thuong vu tinh uy",), "province"),
    _Form(("tinh uy", "ban chap hanh dang bo tinh", "dang bo tinh"), frozenset({"party_committee"}), ("tinh uy",), "province"),
    _Form(("uy ban nhan dan tinh", "ubnd tinh"), frozenset({"peoples_committee"}), ("uy ban nhan dan tinh", "ubnd tinh"), "province"),
    _Form(("hoi dong nhan dan tinh", "hdnd tinh"), frozenset({"peoples_council"}), ("hoi dong nhan dan tinh", "hdnd tinh"), "province"),
    _Form(("ban dan van huyen uy",), frozenset({"party_board"}), ("ban dan van huyen uy",), "district"),
    _Form(("huyen uy", "dang bo huyen"), frozenset({"party_committee"}), ("huyen uy",), "district"),
    _Form(("uy ban nhan dan huyen", "ubnd huyen"), frozenset({"peoples_committee"}), ("uy ban nhan dan huyen", "ubnd huyen"), "district"),
    _Form(("hoi dong nhan dan huyen", "hdnd huyen"), frozenset({"peoples_council"}), ("hoi dong nhan dan huyen", "hdnd huyen"), "district"),
    _Form(("tinh ta", "tinh nha"), frozenset({"locality"}), ("tinh ",), "province", quiet=True),
    _Form(("huyen ta", "huyen nha"), frozenset({"locality"}), ("huyen ",), "district", quiet=True),
    _Form(("ban dan van dang uy khoi",), frozenset({"party_board"}), ("ban dan van dang uy khoi",), "bloc"),
    _Form(("dang uy khoi", "dang bo khoi"), frozenset({"party_committee"}), ("dang bo khoi", "dang uy khoi"), "bloc"),
)
_BY_FORM = {form: entry for entry in _FORMS for form in entry.forms}
# Longest first, so "Ban Dân vận Tỉnh ủy" is one name and not "Tỉnh ủy" inside another.
_PLACELESS = re.compile(
    r"(?<![a-z0-9])(" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(_BY_FORM, key=len, reverse=True)) + r")(?![a-z0-9])"
)
# After a placeless form, a capitalised word is the place it names ("Tỉnh ủy Quảng Ninh").
_NEXT_WORD = re.compile(r"\s+(\w)")

_WHERE = {"province": "tỉnh", "district": "huyện", "bloc": "khối"}


@dataclass(frozen=True)
class LocalHit:
    """A placeless name in the text: the records it fits in the publisher's place."""

    form: str  # folded, spaces collapsed
    ids: tuple[int, ...]
    text: str  # as written
    reason: str = ""  # why it links nothing (when ``ids`` is not exactly one)


def _fold(text: str) -> str:
    return " ".join(fold_keep_length(text).split())


class Scope:
    """The publisher's place: its chain of parents, its province and district."""

    def __init__(self, publisher: KnownBody, bodies: Iterable[KnownBody]) -> None:
        self.bodies = {b.id: b for b in bodies}
        self.bodies.setdefault(publisher.id, publisher)
        self.publisher = publisher
        self.chain = self._chain(publisher)
        locality = next((b.locality for b in (self.bodies[i] for i in self.chain) if b.locality), "")
        parts = [p.strip() for p in locality.split(",") if p.strip()]
        self.province_name = parts[-1] if parts else ""
        self.district_name = parts[0] if len(parts) >= 2 else ""
        self.province, self.district = _fold(self.province_name), _fold(self.district_name)
        self._places = {ident: self._place(ident) for ident in self.bodies}
        self._cache: dict[str, LocalHit] = {}

    def _chain(self, body: KnownBody) -> list[int]:
        chain, current = [], body
        while current is not None and current.id not in chain:
            chain.append(current.id)
            current = self.bodies.get(current.parent_id) if current.parent_id is not None else None
        return chain

    def _place(self, ident: int) -> tuple[str, str]:
        """(province, district) of a body, folded: its own locality, else its nearest parent's."""
        for link in self._chain(self.bodies[ident]):
            locality = self.bodies[link].locality
            if locality:
                parts = [_fold(p) for p in locality.split(",") if p.strip()]
                return parts[-1], (parts[0] if len(parts) >= 2 else "")
        return "", ""

    @staticmethod
    def forms() -> frozenset[str]:
        """The folded forms that are placeless: a known body's alias equal to one ("Đảng ủy
        Khối") is read as the publisher's, not as that body."""
        return frozenset(_BY_FORM)

    def find(self, folded: str, text: str, taken: list[tuple[int, int]]) -> list[LocalHit]:
        """Placeless names in one paragraph, outside the ``taken`` spans of full names."""
        hits = []
        for match in _PLACELESS.finditer(folded):
            start, end = match.span()
            following = _NEXT_WORD.match(text, end)
            if any(s < end and start < e for s, e in taken) or (following and following.group(1).isupper()):
                continue
            form = " ".join(match.group(1).split())
            hit = self._cache.get(form) or self._resolve(form)
            self._cache[form] = hit
            if hit.ids or not _BY_FORM[form].quiet:
                hits.append(LocalHit(hit.form, hit.ids, text[start:end], hit.reason))
        return hits

    def _resolve(self, form: str) -> LocalHit:
        entry = _BY_FORM[form]
        fits = [b for b in self.bodies.values() if b.kind in entry.kinds and _fold(b.name).startswith(entry.prefixes)]
        if entry.where == "bloc":
            found = [b.id for b in fits if b.id in self.chain] or [
                b.id for b in fits if self.province and self._places[b.id][0] == self.province
            ]
        elif entry.where == "province":
            found = [b.id for b in fits if b.level == "province" and self.province and self._places[b.id][0] == self.province]
        else:
            found = [b.id for b in fits if b.level == "district" and self.district and self._places[b.id] == (self.province, self.district)]
        place = self.district_name if entry.where == "district" else self.province_name
        if len(found) == 1:
            return LocalHit(form, tuple(found), "")
        if found:
            return LocalHit(
                form, tuple(sorted(found)), "", f"names no place, and {len(found)} bodies of the publisher's {_WHERE[entry.where]} fit"
            )
        where = f"{_WHERE[entry.where]} {place}".strip() if place else f"{_WHERE[entry.where]} (the publisher has no such place)"
        return LocalHit(form, (), "", f"names no place, and no such body of the publisher's {where} is known")

    def own_documents(self, candidates: list) -> list:
        """Among known documents, the publisher's: issued by it or a body above it, else
        issued by a body of its province."""
        mine = [c for c in candidates if c.issuer_id in self.chain]
        if mine or not self.province:
            return mine
        return [c for c in candidates if c.issuer_id in self._places and self._places[c.issuer_id][0] == self.province]
