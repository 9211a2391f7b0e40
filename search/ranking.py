"""The order of the results, as SQL: integer tiers, then the engine's score, then recency.

``order_by(query)`` gives the ORDER BY of the results page as a few ``RawSQL`` expressions
(one per tier), written with the query's folded terms as parameters. It replaces a tree of
``Case``/``When`` expressions that cost the ORM about 25 ms to compile per page; these cost
almost nothing to compile and the database evaluates them only on the rows it orders.

Every test is a plain substring test on the folded columns (``strpos`` on PostgreSQL,
``instr`` on SQLite: the same meaning, no LIKE escaping, no case folding — both sides are
already folded and lower case). A column padded with spaces (``' ' || title_terms || ' '``)
holds ``' t '`` exactly when it has the whole word ``t``.

The tiers, for the folded terms ``t1 … tn`` and their phrase ``p`` (see "Ranking" in
search/README.md for why each is there):

1. ``symbol_hit`` (only when the query names a document): the symbol, or the kind and number
   in a query of at most ``DOC_KEY_TERMS`` words — 1, else 0.
2. ``name_hit``: ``p`` is one of the names (``| p |`` in ``names_terms``) — 2; for two words
   or more, ``p`` inside a name — 1.
3. ``phrase_hit`` (two words or more): the title is ``p`` 4, starts with it 3, holds it 2;
   the text holds it 1.
4. ``title_cover``: how many of the words the title holds.
5. ``exact_hit``: the title in lower case with its diacritics holds the query as typed.
6. ``preferred``: not a reference record, or one the query names — 1.
7. ``score``: the engine's rank times ``weight``.
then the date (``when``) and the newest entry (both added by the caller).

To tune: change a weight or a test here, then run ``bench/search_relevance.py --verbose`` on
both databases.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import FloatField, IntegerField
from django.db.models.expressions import RawSQL

from .query import SearchQuery

#: A document's kind and number make the query its name up to this many words ("nghị quyết số 25").
DOC_KEY_TERMS = 4

#: Kinds of the reference records (``SearchEntry.REFERENCE_KINDS``): first only when named.
REFERENCE_KINDS = ("document", "organization", "exemplar")

#: The substring function of each engine: position of the second argument in the first, 0 if absent.
FIND = {"postgresql": "strpos", "sqlite": "instr"}

TABLE = "search_searchentry"


@dataclass(frozen=True)
class Tiers:
    """The SQL of each tier for one query, with its parameters (``None``: constant, left out)."""

    symbol_hit: tuple[str, list] | None
    name_hit: tuple[str, list]
    phrase_hit: tuple[str, list] | None
    title_cover: tuple[str, list]
    exact_hit: tuple[str, list]
    preferred: tuple[str, list]


def _in(column: str, values) -> tuple[str, list]:
    values = list(values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


def tiers(query: SearchQuery, vendor: str) -> Tiers:
    find = FIND[vendor]

    def col(column: str) -> str:
        return f"{TABLE}.{column}"

    def has(column: str, needle: str, *, padded: bool = False) -> tuple[str, list]:
        haystack = f"(' ' || {col(column)} || ' ')" if padded else col(column)
        return f"{find}({haystack}, %s) > 0", [needle]

    terms = query.terms
    phrase = query.phrase
    several = len(terms) > 1

    # 1. The document the query names.
    named: list[tuple[str, list]] = []
    if query.symbols:
        named.append(_in(col("symbol"), query.symbols))
    if query.doc_keys and len(terms) <= DOC_KEY_TERMS:
        named.append(_in(col("doc_key"), query.doc_keys))
    symbol_hit = None
    if named:
        sql = " OR ".join(s for s, _p in named)
        symbol_hit = (f"CASE WHEN {sql} THEN 1 ELSE 0 END", [p for _s, ps in named for p in ps])

    # 2. A record the query names.
    whole_name, whole_params = has("names_terms", f"| {phrase} |")
    name_sql, name_params = f"WHEN {whole_name} THEN 2 ", list(whole_params)
    if several:
        part, part_params = has("names_terms", f" {phrase} ")
        name_sql += f"WHEN {part} THEN 1 "
        name_params += part_params
    name_hit = (f"CASE {name_sql}ELSE 0 END", name_params)

    # 3. The words adjacent and in order.
    phrase_hit = None
    if several:
        in_title, in_title_params = has("title_terms", f" {phrase} ", padded=True)
        in_text, in_text_params = has("text_terms", f" {phrase} ", padded=True)
        phrase_hit = (
            f"CASE WHEN {col('title_terms')} = %s THEN 4 WHEN {find}({col('title_terms')}, %s) = 1 THEN 3 "
            f"WHEN {in_title} THEN 2 WHEN {in_text} THEN 1 ELSE 0 END",
            [phrase, f"{phrase} ", *in_title_params, *in_text_params],
        )

    # 4. How many of the words the title holds, as whole words.
    cover_parts, cover_params = [], []
    for term in terms:
        sql, params = has("title_terms", f" {term} ", padded=True)
        cover_parts.append(f"(CASE WHEN {sql} THEN 1 ELSE 0 END)")
        cover_params += params
    title_cover = (" + ".join(cover_parts), cover_params)

    # 5. The very diacritics typed.
    exact_sql, exact_params = has("title_exact", query.exact)
    exact_hit = (f"CASE WHEN {exact_sql} THEN 1 ELSE 0 END", exact_params)

    # 6. Reference records only when the query names them.
    kinds_sql, kinds_params = _in(col("kind"), REFERENCE_KINDS)
    reasons = [(f"NOT ({kinds_sql})", kinds_params), (f"({name_hit[0]}) > 0", name_hit[1])]
    reasons += named
    if query.doc_keys and len(terms) > DOC_KEY_TERMS:
        reasons.append(_in(col("doc_key"), query.doc_keys))
    if several:
        reasons.append((f"({title_cover[0]}) = %s", [*title_cover[1], len(terms)]))
    preferred = (
        "CASE " + " ".join(f"WHEN {sql} THEN 1" for sql, _p in reasons) + " ELSE 0 END",
        [p for _s, ps in reasons for p in ps],
    )
    return Tiers(symbol_hit, name_hit, phrase_hit, title_cover, exact_hit, preferred)


def expressions(query: SearchQuery, vendor: str) -> dict[str, RawSQL]:
    """The tiers by name, in order, as expressions; constant ones left out.

    A constant would reach PostgreSQL as ``ORDER BY 0``, which it reads as a column position.
    """
    found = tiers(query, vendor)
    names = ("symbol_hit", "name_hit", "phrase_hit", "title_cover", "exact_hit", "preferred")
    return {name: RawSQL(*part, output_field=IntegerField()) for name in names if (part := getattr(found, name))}


def order_by(query: SearchQuery, vendor: str) -> list:
    """The tiers as expressions for ``QuerySet.order_by`` (each descending)."""
    return [expression.desc() for expression in expressions(query, vendor).values()]


def score(rank_sql: RawSQL) -> RawSQL:
    """The engine's rank times the entry's weight (0 where the engine gave none)."""
    sql, params = rank_sql.sql, rank_sql.params
    return RawSQL(f"COALESCE(({sql}), 0.0) * {TABLE}.weight", params, output_field=FloatField())
