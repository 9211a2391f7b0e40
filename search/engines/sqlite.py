"""SQLite's engine: a contentless FTS5 table over the folded terms and the kind, scored on the candidates."""

from __future__ import annotations

from django.db.models import FloatField
from django.db.models.expressions import RawSQL

from ..query import SearchQuery
from .base import FTS_TABLE, KINDS, TABLE, Backend, Match


class SQLiteBackend(Backend):
    vendor = "sqlite"
    matches_symbols = True
    CANDIDATES = 110  # newest entries of each kind with every term (see ``_match``)
    TITLE_CANDIDATES = 60  # newest entries of each kind whose title holds the phrase
    #: What FTS5 indexes: the terms, and the kind (so each kind's newest matches can be read
    #: on their own); the query's words are only looked for in the first two.
    COLUMNS = ("title_terms", "text_terms", "kind")
    WORDS = "{title_terms text_terms}"
    BM25 = "10.0, 1.0, 0.0"  # title : text : kind

    def install_sql(self) -> list[str]:
        # The kind is indexed as a word of its own ("kindarticle"): with the kind as it is
        # stored, "video" or "album" in some text would be in the kind's list too, and FTS5
        # walked the words' matches between them (30 ms for "dan van" at 100,000 articles,
        # with no video at all). The index therefore holds what the entries do not say as
        # such: a contentless table (content=''), written by the triggers and ``refill()``
        # from the same expressions (``SOURCE``), never read back.
        columns = ", ".join(self.COLUMNS)
        new = "new.id, " + ", ".join(self.SOURCE[c].format(row="new.") for c in self.COLUMNS)
        old = "'delete', old.id, " + ", ".join(self.SOURCE[c].format(row="old.") for c in self.COLUMNS)
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({columns}, content='', tokenize='unicode61')",
            f"CREATE TRIGGER IF NOT EXISTS {TABLE}_fts_insert AFTER INSERT ON {TABLE} BEGIN "
            f"INSERT INTO {FTS_TABLE}(rowid, {columns}) VALUES ({new}); END",
            f"CREATE TRIGGER IF NOT EXISTS {TABLE}_fts_delete AFTER DELETE ON {TABLE} BEGIN "
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {columns}) VALUES ({old}); END",
            f"CREATE TRIGGER IF NOT EXISTS {TABLE}_fts_update AFTER UPDATE ON {TABLE} BEGIN "
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {columns}) VALUES ({old}); "
            f"INSERT INTO {FTS_TABLE}(rowid, {columns}) VALUES ({new}); END",
        ]

    #: What each FTS5 column holds, from an entry's row (``{row}``: "new.", "old." or "").
    SOURCE = {"title_terms": "{row}title_terms", "text_terms": "{row}text_terms", "kind": "'kind' || {row}kind"}

    def refill(self) -> None:
        """Empty the FTS table and index every entry again."""
        columns = ", ".join(self.COLUMNS)
        selected = ", ".join(self.SOURCE[c].format(row="") for c in self.COLUMNS)
        with self.connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")
            cursor.execute(f"INSERT INTO {FTS_TABLE}(rowid, {columns}) SELECT id, {selected} FROM {TABLE}")

    def install(self) -> None:
        """Create the FTS table and its triggers; an older FTS table (external content,
        without the kind) is replaced and refilled from the entries."""
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [FTS_TABLE])
            row = cursor.fetchone()
        outdated = row is not None and "content=''" not in row[0]
        if outdated:
            self.uninstall()
        super().install()
        if outdated:
            self.refill()

    def uninstall_sql(self) -> list[str]:
        return [
            f"DROP TRIGGER IF EXISTS {TABLE}_fts_insert",
            f"DROP TRIGGER IF EXISTS {TABLE}_fts_delete",
            f"DROP TRIGGER IF EXISTS {TABLE}_fts_update",
            f"DROP TABLE IF EXISTS {FTS_TABLE}",
        ]

    def after_rebuild(self) -> None:
        self.refill()
        with self.connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")

    @staticmethod
    def _match_expression(query: SearchQuery, *, prefix: bool = False) -> str:
        # Terms are letters and digits only, so quoting each one leaves no FTS5 syntax:
        # "or", "near" and "and" are searched as words.
        # A beginning of one or two letters, or a number, stands for too many words: FTS5
        # would merge the lists of every "5…" (a second at 100,000 articles); those stay whole.
        return " ".join(f'"{term}"*' if prefix and len(term) > 2 and not term.isdigit() else f'"{term}"' for term in query.terms)

    def _match(
        self, query: SearchQuery, expression: str, title_expression: str | None, *, named: bool = True, per_kind: bool = True
    ) -> Match:
        """Bounded candidates, like PostgreSQL's: per kind (``per_kind``), the newest
        CANDIDATES entries matching ``expression``; the newest TITLE_CANDIDATES of any kind
        whose title matches ``title_expression``; and (``named``) the documents the query
        names. Scored by ``_score``.

        Each kind's newest matches are read newest first (FTS5 walks its lists by rowid,
        backwards, and stops at the limit): a word in every article costs about what a rare
        one does. Ranking every match instead (bm25 of each, then looked up per entry) took
        longer than a worker's timeout for "dan van" at 100,000 articles.
        """
        newest = f"SELECT id FROM (SELECT rowid AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC LIMIT {{}})"
        words = f"{self.WORDS} : ({expression})"
        branches, params = [], []
        for kind in KINDS if per_kind else [None]:
            branches.append(newest.format(self.CANDIDATES))
            params.append(f"kind : kind{kind} AND {words}" if kind else words)
        if title_expression:
            branches.append(newest.format(self.TITLE_CANDIDATES))
            params.append(f"{self.WORDS} : ({title_expression})")
        if named and query.symbols:
            branches.append(f"SELECT id FROM {TABLE} WHERE symbol IN ({', '.join(['%s'] * len(query.symbols))})")
            params.extend(query.symbols)
        if named and query.doc_keys:
            branches.append(f"SELECT id FROM {TABLE} WHERE doc_key IN ({', '.join(['%s'] * len(query.doc_keys))})")
            params.extend(query.doc_keys)
        ids = self._read_ids(" UNION ".join(branches), params)
        return self._among(ids), self._score(query)

    @staticmethod
    def _score(query: SearchQuery) -> RawSQL:
        """The score of a candidate: each word in the title 10, in the text 1, over the length
        of the text (as ``ts_rank``'s normalisation 1 on PostgreSQL: the shorter of two equal
        matches first). Computed on the candidates only. FTS5's ``bm25`` would need every
        match: its statistics read each word's (each phrase's) whole list of matches, 0.1–0.3 s
        for "dan van" at 100,000 articles, whatever the candidates."""
        parts, params = [], []
        for term in query.terms:
            parts.append(f"10 * (instr(' ' || {TABLE}.title_terms || ' ', %s) > 0) + (instr(' ' || {TABLE}.text_terms || ' ', %s) > 0)")
            params += [f" {term} ", f" {term} "]
        # No ln(): SQLite may be built without its math functions.
        sql = f"({' + '.join(parts)}) / (1.0 + length({TABLE}.text_terms) / 2000.0)"
        return RawSQL(sql, params, output_field=FloatField())

    def matching(self, query: SearchQuery) -> Match:
        return self._match(query, self._match_expression(query), f'title_terms : "{query.phrase}"')

    def phrase_or_title(self, query: SearchQuery) -> Match:
        # '"binh thuan"' is an FTS5 phrase: the two tokens next to each other, in order.
        every = " AND ".join(f'"{term}"' for term in query.terms)
        return self._match(query, f'"{query.phrase}" OR (title_terms : ({every}))', f'title_terms : "{query.phrase}"')

    def any_terms(self, query: SearchQuery) -> Match:
        return self._match(query, " OR ".join(f'"{term}"' for term in query.terms), f'title_terms : "{query.phrase}"')

    def fuzzy(self, query: SearchQuery) -> Match:
        # FTS5 has no typo tolerance; word beginnings are the next best thing ("khe" → "kheo").
        # The newest matches of any kind, as PostgreSQL's loose mode takes the most similar
        # titles of any kind: FTS5 merges the lists of every word with each beginning, whatever
        # the limit, so it is done once, not once per kind (80 ms for "gia dinh 5 khong 3 sach"
        # at 100,000 articles). A title with the beginnings is among the matches.
        return self._match(query, self._match_expression(query, prefix=True), None, named=False, per_kind=False)
