"""What every full-text engine offers (``Backend``), and the names the engines share.

``search/backends.py`` picks the engine of a connection; each engine is a module of its own
here (``sqlite.py``, ``postgresql.py``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.db.models.expressions import RawSQL

from ..query import SearchQuery

TABLE = "search_searchentry"
FTS_TABLE = "search_searchentry_fts"
TS_CONFIG = "danvan_vi"
#: Every ``SearchEntry.kind``: candidates are taken per kind (see ``PostgreSQLBackend._candidates``).
KINDS = ("article", "document", "organization", "exemplar", "page", "album", "video")
#: The words of a title, as the expression its GIN index (TITLE_INDEX) is built on (PostgreSQL).
TITLE_WORDS = f"to_tsvector('{TS_CONFIG}'::regconfig, title_terms)"
TITLE_INDEX = f"{TABLE}_title_words"


#: A condition on ``SearchEntry`` rows, and a rank for them (higher is better).
Match = tuple[Q, RawSQL]


class Backend(ABC):
    """What every engine offers."""

    vendor = ""
    #: ``matching`` already finds the entries whose symbol the query names.
    matches_symbols = False

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def install_sql(self) -> list[str]:
        return []

    def uninstall_sql(self) -> list[str]:
        return []

    def install(self) -> None:
        with self.connection.cursor() as cursor:
            for sql in self.install_sql():
                cursor.execute(sql)

    def uninstall(self) -> None:
        with self.connection.cursor() as cursor:
            for sql in self.uninstall_sql():
                cursor.execute(sql)

    def after_rebuild(self) -> None:  # noqa: B027 - optional hook; most engines need nothing
        """Run after a full rebuild of the index (SQLite optimises its FTS table, PostgreSQL analyses)."""

    #: Queries of this many terms or fewer want the words together (see ``match``).
    PHRASE_TERMS = 3

    def match(self, query: SearchQuery, mode: str = "strict") -> Match:
        """Entries matching ``query``: ``strict``, ``all`` or ``fuzzy`` (see ``SearchEntryQuerySet.matching``)."""
        if mode == "fuzzy":
            return self.fuzzy(query)
        if mode == "any":
            return self.any_terms(query)
        if mode == "strict" and 1 < len(query.terms) <= self.PHRASE_TERMS:
            return self.phrase_or_title(query)
        return self.matching(query)

    def _read_ids(self, sql: str, params: list) -> list[int]:
        """The ids a candidates' statement reads (its first column)."""
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def _among(ids: list[int]) -> Q:
        """The entries with these ids (the candidates read first)."""
        return Q(pk__in=ids)

    @abstractmethod
    def matching(self, query: SearchQuery) -> Match:
        """Entries with every term of ``query``."""

    @abstractmethod
    def phrase_or_title(self, query: SearchQuery) -> Match:
        """Entries with the terms adjacent and in order anywhere, or all of them in the title."""

    @abstractmethod
    def any_terms(self, query: SearchQuery) -> Match:
        """Entries with any of the terms, the more the better (long questions)."""

    @abstractmethod
    def fuzzy(self, query: SearchQuery) -> Match:
        """A looser search, for when ``matching`` found nothing."""
