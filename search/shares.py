"""How common a word is, from PostgreSQL's statistics: what the candidates' statement decides by.

``search.backends.PostgreSQLBackend._candidates`` reads each kind's newest entries when the
words are common and asks a GIN index when they are rare (search/README.md says why). It
decides from each word's share of the entries, as ``ANALYZE`` left it in ``pg_stats``: the
most common lexemes of ``match_vector`` (the entries' words) and of the titles' index
expression (the titles' words), with their frequencies.

Those statistics change only when the table is analysed (autovacuum, ``rebuild_search_index``,
the migrations that add an index), so each process reads them once and keeps them
``STATS_SECONDS``. Read inside the candidates' statement instead, through the ``pg_stats``
view (two joins of five catalogues with their privilege checks), they cost every search
about a millisecond to plan and another to run, and they made the statement carry every
branch it might take (seven windows, three ways to the titles), which PostgreSQL planned
each time whichever ran: 3–5 ms of planning a search at 100,000 articles.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper

#: How long a process keeps the statistics it read (they change with ANALYZE only).
STATS_SECONDS = 300

#: Under this, a share is taken as this (a word the statistics never saw is not absent).
FLOOR = 1e-6


@dataclass(frozen=True)
class Shares:
    """Each listed word's share of the rows, and the share taken for a word not listed."""

    listed: dict[str, float]
    unlisted: float

    def of(self, term: str) -> float:
        return max(self.listed.get(term, self.unlisted), FLOOR)

    def together(self, terms) -> float:
        """The share of rows holding every term: a quarter of the way, geometrically, from the
        rarest word's share (which can only be too high) to the product (what PostgreSQL's
        planner assumes, far too low for words that go together: "nghị quyết trung ương 7
        khóa XI" 1,080 entries by the product, 9,155 this way, 9,875 found)."""
        shares = [self.of(term) for term in terms]
        return math.exp((3 * math.log(min(shares)) + sum(map(math.log, shares))) / 4)

    def rarest(self, terms) -> float:
        return min(self.of(term) for term in terms)

    def commonest(self, terms) -> float:
        return max(self.of(term) for term in terms)


@dataclass(frozen=True)
class Statistics:
    """What ``ANALYZE`` says of the index's table: its rows, and the shares of the words of
    the entries and of the titles (``None``: never analysed, or no such index yet)."""

    rows: float
    words: Shares | None
    titles: Shares | None


_read: dict[str, tuple[float, Statistics]] = {}


def _key(connection: BaseDatabaseWrapper) -> str:
    settings = connection.settings_dict
    return f"{connection.alias}:{settings.get('HOST')}:{settings.get('PORT')}:{settings.get('NAME')}"


def statistics(connection: BaseDatabaseWrapper, table: str, title_index: str) -> Statistics:
    """The statistics of ``table`` (its ``match_vector``) and of ``title_index`` (its
    expression), as this process last read them, read again after ``STATS_SECONDS``."""
    key = _key(connection)
    kept = _read.get(key)
    now = time.monotonic()
    if kept is not None and now - kept[0] < STATS_SECONDS:
        return kept[1]
    with connection.cursor() as cursor:
        # One statement: the table's size and, per column, the lexemes and their frequencies
        # (text[] so that psycopg reads the lexemes as strings).
        cursor.execute(
            "SELECT (SELECT reltuples FROM pg_class WHERE oid = %s::regclass), stats.tablename, "
            "stats.most_common_elems::text::text[], stats.most_common_elem_freqs "
            "FROM (SELECT 1) AS one LEFT JOIN pg_stats AS stats ON stats.schemaname = current_schema() "
            "AND ((stats.tablename = %s AND stats.attname = 'match_vector') OR (stats.tablename = %s AND stats.attname = 'to_tsvector'))",
            [table, table, title_index],
        )
        rows = cursor.fetchall()
    found = {name: _shares(elems, freqs) for _rows, name, elems, freqs in rows if name}
    result = Statistics(rows=float(rows[0][0] or 0), words=found.get(table), titles=found.get(title_index))
    _read[key] = (now, result)
    return result


def _shares(elems: list[str] | None, freqs: list[float] | None) -> Shares:
    """``most_common_elem_freqs`` holds a frequency per lexeme, then the least and the largest
    of them and the share of empty vectors: a word not listed is taken as half the least."""
    if not elems or not freqs:
        return Shares({}, FLOOR)
    return Shares(dict(zip(elems, freqs[: len(elems)], strict=True)), freqs[len(elems)] / 2)


def forget() -> None:
    """Read the statistics again at the next search (after ``ANALYZE``)."""
    _read.clear()
