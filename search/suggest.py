"""“Có phải bạn muốn tìm …”: a correction built from the site's own vocabulary.

The vocabulary is the words of what the public can see named: titles of visible entries
(the newest ``ARTICLE_TITLES`` articles, the newest ``OTHER_ENTRIES`` documents, bodies, models, pages, albums and
video) and every name of the reference records. Each folded word keeps the forms it is
written in ("dan" → "dân", "dẫn"…) and which words follow it, so that a correction comes
back with its diacritics ("dan vn kheo" → "dân vận khéo").

A term the vocabulary knows stays as typed. An unknown one is replaced by the known word
within one edit (two for words of five letters or more) that best fits its neighbours:
first the pairs seen together in titles, then how often the word is used. The vocabulary
is cached (``CACHE_SECONDS``) and forgotten when the index is written.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Case, Value, When
from django.db.models.functions import Substr

from .query import TERM, SearchQuery, parse

CACHE_KEY = "search:vocabulary:v2"
STAMP_KEY = "search:vocabulary:v2:stamp"
CACHE_SECONDS = 300
ARTICLE_TITLES = 5000
OTHER_ENTRIES = 20000
TEXT_HEAD = 2000
MAX_CANDIDATES = 8
#: An unknown word is corrected within 1 edit, or 2 from five letters (see ``_candidates``).
MAX_EDITS = 2


@dataclass
class Vocabulary:
    stamp: str = ""
    """Which build this is: a process keeps the one it read while the shared cache names it."""
    forms: dict[str, Counter] = field(default_factory=dict)
    """folded word → its written forms (lower case, diacritics kept) and how often."""
    pairs: Counter = field(default_factory=Counter)
    """(folded word, next folded word) → how often."""
    form_pairs: Counter = field(default_factory=Counter)
    """(form, next form) → how often: picks "dân vận" over "dẫn vận"."""

    def add(self, text: str) -> None:
        from danvan.text import fold

        self.__dict__.pop("_deletions", None)  # made again from the new words when next needed
        words = TERM.findall(text.lower())
        folded = [fold(w) for w in words]
        for word, key in zip(words, folded, strict=True):
            self.forms.setdefault(key, Counter())[word] += 1
        for i in range(len(words) - 1):
            self.pairs[(folded[i], folded[i + 1])] += 1
            self.form_pairs[(words[i], words[i + 1])] += 1

    def frequency(self, key: str) -> int:
        return sum(self.forms[key].values()) if key in self.forms else 0

    def near(self, term: str, limit: int) -> list[tuple[str, int]]:
        """The known words within ``limit`` edits of ``term``, with their distance.

        Looked up through the words' deletions (each word under every way of removing up to
        ``MAX_EDITS`` letters): two words within d edits (insertions, deletions,
        substitutions, adjacent transpositions) become the same string after at most d
        deletions from each, so only the words sharing one of the term's deletions are
        measured. The same words as measuring every word (a real archive's titles hold
        thousands), for a few dozen measures. Made the first time a process asks, never
        stored in the cache."""
        deletions = self.__dict__.get("_deletions")
        if deletions is None:
            deletions = {}
            for position, word in enumerate(self.forms):
                for variant in _deletions(word, MAX_EDITS):
                    deletions.setdefault(variant, []).append((position, word))
            self.__dict__["_deletions"] = deletions
        # In the vocabulary's order, as a walk through every word would give them (ties of
        # distance and frequency keep it).
        seen = sorted({found for variant in _deletions(term, limit) for found in deletions.get(variant, ())})
        return [(word, d) for _position, word in seen if (d := edit_distance(term, word, limit)) <= limit]

    def __getstate__(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if name != "_deletions"}


def _deletions(word: str, edits: int) -> set[str]:
    """``word`` and every string made from it by deleting up to ``edits`` letters."""
    found = {word}
    layer = {word}
    for _ in range(edits):
        layer = {w[:i] + w[i + 1 :] for w in layer for i in range(len(w))}
        found |= layer
    return found


def build_vocabulary() -> Vocabulary:
    from .models import SearchEntry

    vocabulary = Vocabulary(stamp=uuid.uuid4().hex)
    visible = SearchEntry.objects.visible()
    articles = visible.filter(kind=SearchEntry.Kind.ARTICLE).order_by("-pk").values_list("title", flat=True)[:ARTICLE_TITLES]
    # The other kinds by the index on kind, the newest OTHER_ENTRIES: a portal has hundreds
    # of them, not the archive's hundred thousand. Of a text only its beginning is read
    # (bodies' and models' aliases, pages' words); a document's, which can hold a whole
    # attached file, not at all.
    others = (
        visible.filter(kind__in=[kind for kind in SearchEntry.Kind.values if kind != SearchEntry.Kind.ARTICLE])
        .annotate(head=Case(When(kind=SearchEntry.Kind.DOCUMENT, then=Value("")), default=Substr("text", 1, TEXT_HEAD)))
        .order_by("-pk")
        .values_list("title", "head")[:OTHER_ENTRIES]
    )
    for title in articles:
        vocabulary.add(title)
    for title, head in others:
        vocabulary.add(title)
        vocabulary.add(head)
    return vocabulary


#: The vocabulary this process read last (unpickling it from the shared cache took 6 ms a
#: search for 800 words), kept while the cache's stamp names it.
_local: Vocabulary | None = None


def vocabulary() -> Vocabulary:
    global _local
    stamp = cache.get(STAMP_KEY)
    if stamp is not None and _local is not None and _local.stamp == stamp:
        return _local
    found = cache.get(CACHE_KEY) if stamp is not None else None
    if found is None or found.stamp != stamp:
        found = build_vocabulary()
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
        cache.set(STAMP_KEY, found.stamp, CACHE_SECONDS)
    _local = found
    return found


def forget_vocabulary() -> None:
    # The stamp first: a process that reads the old vocabulary after this builds anew.
    cache.delete_many([STAMP_KEY, CACHE_KEY])


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent transpositions, or ``limit + 1`` once past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    before: list[int] | None = None
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def _candidates(term: str, words: Vocabulary) -> list[tuple[str, int]]:
    if term in words.forms or term.isdigit() or len(term) < 2:
        return [(term, 0)]
    limit = MAX_EDITS if len(term) >= 5 else 1
    near = words.near(term, limit)
    near.sort(key=lambda wd: (wd[1], -words.frequency(wd[0])))
    return near[:MAX_CANDIDATES] or [(term, 0)]


def correct(query: SearchQuery, words: Vocabulary | None = None) -> str | None:
    """The corrected query with its diacritics, or None when every word is known."""
    words = words if words is not None else vocabulary()
    terms = list(query.terms)
    if not terms or all(t in words.forms or t.isdigit() for t in terms):
        return None
    options = [_candidates(t, words) for t in terms]
    # Best path through the candidates (a small Viterbi): pairs seen together weigh most.
    paths: list[tuple[float, list[str]]] = [(0.0, [])]
    for choices in options:
        step = []
        for word, distance in choices:
            best = None
            for score, path in paths:
                pair = words.pairs.get((path[-1], word), 0) if path else 0
                value = score + 3.0 * math.log1p(pair) + math.log1p(words.frequency(word)) - 2.0 * distance
                if best is None or value > best[0]:
                    best = (value, [*path, word])
            step.append(best)
        paths = sorted(step, key=lambda p: -p[0])[:MAX_CANDIDATES]
    chosen = paths[0][1]
    if chosen == terms:
        return None
    return " ".join(_forms(chosen, words))


def _forms(chosen: list[str], words: Vocabulary) -> list[str]:
    """Each folded word in its most likely written form, given the form before it."""
    out: list[str] = []
    for key in chosen:
        forms = words.forms.get(key)
        if not forms:
            out.append(key)
            continue
        if out:
            previous = out[-1]
            form = max(forms, key=lambda f: (words.form_pairs.get((previous, f), 0), forms[f]))
        else:
            form = forms.most_common(1)[0][0]
        out.append(form)
    return out


def suggestion_query(query: SearchQuery, words: Vocabulary | None = None) -> SearchQuery | None:
    corrected = correct(query, words)
    return parse(corrected) if corrected else None
