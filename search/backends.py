"""The full-text engines behind the index, one per database vendor.

Both engines see the same input: ``SearchEntry.title_terms`` and ``text_terms``, the
``fold()``-ed terms joined by single spaces. Folding happens once, in Python, on both
sides; neither engine's own diacritic handling decides anything (FTS5's
``remove_diacritics`` would leave "đ" alone).

- SQLite: a contentless FTS5 table over the two columns and the kind, default
  ``unicode61`` tokenizer, kept in step by triggers; scored on the candidates only.
- PostgreSQL: stored generated ``tsvector`` columns in the ``danvan_vi`` configuration
  (simple + unaccent, so a stray "đ" in the index still folds to "d"): ``match_vector``
  (no positions, kept in the row, GIN-indexed) finds, ``search_vector`` ranks
  (``ts_rank``); a GIN index on the words of each title (the titles holding a phrase);
  and a trigram GIN index on ``title_terms`` for typos.

None of these objects is in the model state: they are created by the migration (only on
the vendor they belong to) and again, idempotently, by ``rebuild_search_index``.

Each engine is a module of its own (search/engines/: ``base``, ``sqlite``, ``postgresql``);
this one picks the engine of a connection and names what the rest of the project uses.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

from .engines.base import FTS_TABLE, KINDS, TABLE, TITLE_INDEX, TITLE_WORDS, TS_CONFIG, Backend, Match
from .engines.postgresql import PostgreSQLBackend
from .engines.sqlite import SQLiteBackend

__all__ = [
    "BACKENDS", "FTS_TABLE", "KINDS", "TABLE", "TITLE_INDEX", "TITLE_WORDS", "TS_CONFIG",
    "Backend", "Match", "PostgreSQLBackend", "SQLiteBackend", "get_backend",
]  # fmt: skip

BACKENDS = {backend.vendor: backend for backend in (SQLiteBackend, PostgreSQLBackend)}


def get_backend(connection: BaseDatabaseWrapper | None = None) -> Backend:
    connection = connection or default_connection
    try:
        return BACKENDS[connection.vendor](connection)
    except KeyError:
        raise ImproperlyConfigured(f"Search supports SQLite and PostgreSQL, not {connection.vendor}.") from None
