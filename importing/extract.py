"""Find documents, bodies and "Dân vận khéo" models in an article. Pure: no Django.

Everything the extractor knows comes from a ``Gazetteer`` built once per run from the
reference data (``reading.gazetteer_from_db``) or, in tests, by hand. Rules:

- A full symbol ("25-NQ/TW", "2765/QĐ-UBND", "30/2020/NĐ-CP", with any spaces or dashes
  inside) always names a document: a known one, or a new one the loader creates and flags
  for review.
- A bare number ("Nghị quyết 25", "QĐ 217,218", "Quyết định số 2765") is resolved only
  against known documents, and only with context: a popular name of a known document, a
  full symbol with the same number in the same article, or a single known document of that
  kind and number that is central ("…/TW") or whose issuer's locality the article names.
  Otherwise it is reported as unresolved, never guessed.
- "Trung ương 4", "Đại hội XIII" are not document numbers: a bare number must follow a
  document kind word directly.
- Names of bodies and models match on folded text (no diacritics, any case); the longest
  name wins where names overlap ("Ban Dân vận Tỉnh ủy Quảng Ninh", not "Tỉnh ủy Quảng Ninh").
  A name shared by several bodies is linked only if exactly one of them is also named in
  full in the same article; otherwise it is reported as ambiguous.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .folding import fold_keep_length
from .names import NameLink, NameMatcher, Unresolved, at_word_starts, resolve_names
from .publisher import KnownBody, LocalHit, Scope
from .symbols import (
    BARE,
    DASHES,
    ISSUED,
    KIND_BEFORE,
    KIND_BY_WORD,
    KIND_CODES,
    KIND_WORD_RE,
    PARTY_SYMBOL,
    STATE_SYMBOL,
    TERM,
    canonical_symbol,
    code_kind,
    number_of,
)

__all__ = [
    "DocumentLink",
    "Extraction",
    "Gazetteer",
    "KnownDocument",
    "NameLink",
    "Unresolved",
    "canonical_symbol",
    "extract",
]

# The lookup key that stands for "the popular names of all documents" (see Extraction.lookups).
POPULAR_NAMES = "popular names"


@dataclass(frozen=True)
class KnownDocument:
    id: int
    symbol: str
    kind: str
    number: str = ""
    issue_year: int | None = None
    term: str = ""
    popular_names: tuple[str, ...] = ()
    issuer_places: tuple[str, ...] = ()  # locality and names of the issuer, for context
    issuer_id: int | None = None

    @property
    def is_central(self) -> bool:
        return self.symbol.endswith("/TW") or "-CP" in self.symbol or "-TTG" in self.symbol.upper()


@dataclass(frozen=True)
class DocumentLink:
    """A document the article cites. ``document_id`` is None for a symbol the database lacks."""

    symbol: str
    kind: str
    number: str
    text: str
    how: str  # "symbol", "popular name", "same article", "context"
    document_id: int | None = None
    issued_on: dt.date | None = None
    issue_year: int | None = None
    term: str = ""
    uncertain: str = ""


@dataclass
class Extraction:
    documents: list[DocumentLink] = field(default_factory=list)
    organizations: list[NameLink] = field(default_factory=list)
    exemplars: list[NameLink] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    # The gazetteer's document keys this extraction looked up — canonical symbols and
    # (kind, number) pairs — so a caller can tell whether documents added to the gazetteer
    # since could change it (the importer extracts in a worker holding an older copy).
    lookups: set[str | tuple[str, str]] = field(default_factory=set)

    @property
    def new_documents(self) -> list[DocumentLink]:
        return [d for d in self.documents if d.document_id is None]


class Gazetteer:
    """Everything extraction may link to: documents, bodies' names, models' names."""

    def __init__(
        self,
        documents: Iterable[KnownDocument] = (),
        organizations: Iterable[tuple[int, Sequence[str]]] = (),
        exemplars: Iterable[tuple[int, Sequence[str]]] = (),
        *,
        bodies: Iterable[KnownBody] = (),
        publisher: int | None = None,
    ) -> None:
        """``bodies``: what is known of each body beyond its names (kind, level, locality,
        parent); ``publisher``: the id of the body whose portal the archive comes from, whose
        place names without a place are read in (see ``publisher.Scope``)."""
        self.documents: dict[str, list[KnownDocument]] = {}
        self.by_id: dict[int, KnownDocument] = {}
        self.by_kind_number: dict[tuple[str, str], list[KnownDocument]] = {}
        self._popular: NameMatcher | None = None
        self.added: list[str | tuple[str, str]] = []  # lookup keys of every document added, in order
        for document in documents:
            self.add_document(document)
        self.organizations = NameMatcher(organizations)
        bodies = list(bodies)
        chosen = next((b for b in bodies if b.id == publisher), None) if publisher is not None else None
        self.scope = Scope(chosen, bodies) if chosen is not None else None
        self.exemplars = NameMatcher(exemplars)

    def add_document(self, document: KnownDocument) -> None:
        document = KnownDocument(
            id=document.id,
            symbol=canonical_symbol(document.symbol),
            kind=document.kind,
            number=document.number.lstrip("0") or number_of(document.symbol),
            issue_year=document.issue_year,
            term=document.term.upper(),
            popular_names=document.popular_names,
            issuer_places=document.issuer_places,
            issuer_id=document.issuer_id,
        )
        self.documents.setdefault(document.symbol, []).append(document)
        self.by_id[document.id] = document
        self.by_kind_number.setdefault((document.kind, document.number), []).append(document)
        self.added += [document.symbol, (document.kind, document.number)]
        if document.popular_names:
            self.added.append(POPULAR_NAMES)
            self._popular = None

    @property
    def popular(self) -> NameMatcher:
        if self._popular is None:
            entries = [(d.id, d.popular_names) for docs in self.documents.values() for d in docs if d.popular_names]
            self._popular = NameMatcher(entries)
            # Popular names end in numbers ("Nghị quyết 25"): "Nghị quyết 25-NQ/TU" is another document.
            if self._popular.pattern is not None:
                self._popular.pattern = re.compile(self._popular.pattern.pattern + rf"(?!\s*[-/{DASHES}]\s*[a-z0-9])")
        return self._popular

    def document(self, ident: int) -> KnownDocument | None:
        return self.by_id.get(ident)


def _context_after(folded: str, end: int) -> tuple[dt.date | None, str]:
    """Issue date ("ngày 07/01/2019") and term ("khóa XI") written right after a reference."""
    window = folded[end : end + 120]
    issued = None
    date_match = ISSUED.match(window)
    if date_match:
        try:
            issued = dt.date(int(date_match.group(3)), int(date_match.group(2)), int(date_match.group(1)))
        except ValueError:
            issued = None
    # The term belongs to this reference only if no other reference or sentence end comes first.
    stop = re.search(r"[.;]\s|\d+\s*[-/]\s*[a-z]|" + KIND_WORD_RE, window[1:])
    term_window = window[: stop.start() + 1] if stop else window
    term_match = TERM.search(term_window)
    return issued, term_match.group(1).upper() if term_match else ""


def _choose(candidates: list[KnownDocument], year: int | None, term: str, before: int | None) -> tuple[KnownDocument | None, str]:
    """Pick the known document for a symbol; the second value says why it is uncertain."""
    if not candidates:
        return None, ""
    if year is not None:
        same_year = [c for c in candidates if c.issue_year == year]
        if same_year:
            return same_year[0], ""
        undated = [c for c in candidates if c.issue_year is None]
        return (undated[0], "the known document has no issue year to compare") if undated else (None, "")
    if term:
        same_term = [c for c in candidates if c.term == term]
        if len(same_term) == 1:
            return same_term[0], ""
    if len(candidates) == 1:
        return candidates[0], ""
    earlier = [c for c in candidates if c.issue_year is None or before is None or c.issue_year <= before]
    pool = earlier or candidates
    chosen = max(pool, key=lambda c: c.issue_year or 0)
    return chosen, f"{len(candidates)} documents share this symbol; chose the latest issued before the article"


def extract(texts: Sequence[str], gazetteer: Gazetteer, *, year: int | None = None) -> Extraction:
    """References in ``texts`` (title, lead, paragraphs, captions). ``year``: the article's year."""
    result = Extraction(lookups={POPULAR_NAMES})
    seen_docs: dict[tuple[str, int | None], DocumentLink] = {}
    full_by_kind_number: dict[tuple[str, str], DocumentLink] = {}
    bare: list[tuple[str, str, str, str]] = []  # kind, number, text, term
    org_hits: list[tuple[str, set[int], str]] = []
    exemplar_hits: list[tuple[str, set[int], str]] = []
    popular_ids: dict[int, str] = {}
    scope = gazetteer.scope
    local_hits: list[LocalHit] = []  # names without a place, read as the publisher's

    def add_doc(link: DocumentLink) -> None:
        key = (link.symbol, link.document_id if link.document_id is not None else link.issue_year)
        if key not in seen_docs:
            seen_docs[key] = link
            result.documents.append(link)
        full_by_kind_number.setdefault((link.kind, link.number), link)
        kind_of_code = code_kind(link.symbol)
        if kind_of_code:
            full_by_kind_number.setdefault((kind_of_code, link.number), link)

    folded_texts = [fold_keep_length(text) for text in texts]
    for text, folded in zip(texts, folded_texts, strict=True):
        spans: list[tuple[int, int]] = []
        # Every symbol has a "/": most paragraphs have none, and skip both scans.
        symbols = [*PARTY_SYMBOL.finditer(text), *STATE_SYMBOL.finditer(text)] if "/" in text else []
        for match in symbols:
            spans.append((match.start(), match.end()))
            symbol = canonical_symbol(match.group(0))
            code = match.group(2) if match.re is PARTY_SYMBOL else (match.group(3) or "")
            word = KIND_BEFORE.search(folded[max(0, match.start() - 40) : match.start()])
            kind = KIND_BY_WORD.get(word.group(1)) if word else None
            kind = kind or KIND_CODES.get(code.upper(), "luat" if match.re is STATE_SYMBOL and match.group(5) else "khac")
            issued, term = _context_after(folded, match.end())
            state_year = int(match.group(2)) if match.re is STATE_SYMBOL and match.group(2) else None
            issue_year = issued.year if issued else state_year
            result.lookups.add(symbol)
            known, uncertain = _choose(gazetteer.documents.get(symbol, []), issue_year, term, year)
            add_doc(
                DocumentLink(
                    symbol=symbol,
                    kind=known.kind if known else kind,
                    number=number_of(symbol),
                    text=text[match.start() : match.end()],
                    how="symbol",
                    document_id=known.id if known else None,
                    issued_on=issued,
                    issue_year=issue_year,
                    term=term,
                    uncertain=uncertain,
                )
            )
        for _name, ids, original in gazetteer.popular.find(folded, text):
            for ident in ids:
                popular_ids.setdefault(ident, original)
        inside_symbol = _Spans(spans)
        for match in at_word_starts(BARE, folded):
            if inside_symbol(match.start(2)):
                continue
            kind = KIND_BY_WORD[match.group(1)]
            _issued, term = _context_after(folded, match.end())
            for number in re.findall(r"\d+", match.group(2)):
                bare.append((kind, number.lstrip("0") or "0", text[match.start() : match.end()], term))
        name_spans: list[tuple[int, int]] = []
        hits = gazetteer.organizations.find(folded, text, name_spans)
        if scope is not None:
            # An alias that is itself placeless ("Đảng ủy Khối") is the publisher's, not that body.
            kept = [(hit, span) for hit, span in zip(hits, name_spans, strict=True) if hit[0] not in Scope.forms()]
            hits = [hit for hit, _span in kept]
            local_hits.extend(scope.find(folded, text, [span for _hit, span in kept]))
        org_hits.extend(hits)
        exemplar_hits.extend(gazetteer.exemplars.find(folded, text))

    # "43-KL/TW ngày 07/01/2019" and, later, plain "43-KL/TW": one new document, not two.
    dated = {d.symbol for d in result.documents if d.document_id is None and d.issue_year is not None}
    result.documents = [d for d in result.documents if not (d.document_id is None and d.issue_year is None and d.symbol in dated)]

    for ident, original in popular_ids.items():
        known = gazetteer.document(ident)
        if known is not None:
            add_doc(DocumentLink(known.symbol, known.kind, known.number, original, "popular name", known.id, term=known.term))

    article_text = " ".join(folded_texts)
    # Whether the article names a place: asked once per place, not once per bare reference
    # (a file repeating "Quyết định 2765" would otherwise scan the whole text each time).
    names_place: dict[str, bool] = {}

    def named(place: str) -> bool:
        if place not in names_place:
            names_place[place] = re.search(rf"(?<![a-z0-9]){re.escape(place)}(?![a-z0-9])", article_text) is not None
        return names_place[place]

    linked_ids = {d.document_id for d in result.documents if d.document_id is not None}
    for kind, number, text, term in bare:
        same = full_by_kind_number.get((kind, number))
        if same is not None:
            continue  # the article also gives the full symbol: already linked
        result.lookups.add((kind, number))
        candidates = gazetteer.by_kind_number.get((kind, number), [])
        if term:
            candidates = [c for c in candidates if c.term == term] or candidates
        if any(c.id in linked_ids for c in candidates):
            continue  # already linked through a popular name
        own = scope.own_documents(candidates) if scope is not None else []
        if len(own) == 1:  # the publisher's own document first
            known = own[0]
            add_doc(DocumentLink(known.symbol, known.kind, known.number, text, "publisher", known.id, term=known.term))
            linked_ids.add(known.id)
            continue
        if len(candidates) == 1:
            known = candidates[0]
            places = [fold_keep_length(p) for p in known.issuer_places if p]
            if known.is_central or any(named(p) for p in places):
                add_doc(DocumentLink(known.symbol, known.kind, known.number, text, "context", known.id, term=known.term))
                linked_ids.add(known.id)
                continue
            result.unresolved.append(Unresolved(text, f"may be {known.symbol}, but nothing in the article ties it to its issuer"))
        elif candidates:
            symbols = ", ".join(sorted({c.symbol for c in candidates}))
            result.unresolved.append(Unresolved(text, f"several known documents match ({symbols})"))
        else:
            result.unresolved.append(Unresolved(text, "no known document with this kind and number"))
    result.organizations = resolve_names(org_hits, result.unresolved, "body")
    linked_bodies = {link.id for link in result.organizations}
    for hit in local_hits:
        if len(hit.ids) == 1 and hit.ids[0] not in linked_bodies:
            result.organizations.append(NameLink(hit.ids[0], hit.text))
            linked_bodies.add(hit.ids[0])
        elif len(hit.ids) != 1:
            result.unresolved.append(Unresolved(hit.text, hit.reason))
    result.exemplars = resolve_names(exemplar_hits, result.unresolved, "model")
    result.unresolved = list({(u.text, u.reason): u for u in result.unresolved}.values())
    return result


class _Spans:
    """Whether a position falls inside one of some (start, end) spans: the spans merged and
    bisected, so a paragraph with many symbols and many bare numbers is not scanned per number."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _end in merged]
        self.ends = [end for _start, end in merged]

    def __call__(self, position: int) -> bool:
        index = bisect.bisect_right(self.starts, position) - 1
        return index >= 0 and position < self.ends[index]
