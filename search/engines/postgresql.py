"""PostgreSQL's engine: tsvector columns in the danvan_vi configuration, GIN and trigram indexes."""

from __future__ import annotations

import math

from django.db import OperationalError, transaction
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL

from .. import shares
from ..query import SearchQuery
from .base import KINDS, TABLE, TITLE_INDEX, TITLE_WORDS, TS_CONFIG, Backend, Match


class PostgreSQLBackend(Backend):
    vendor = "postgresql"
    matches_symbols = True
    CANDIDATES = 110  # newest entries with every term (see ``matching``; more than the results page counts)
    TITLE_CANDIDATES = 60  # newest entries whose title holds the phrase: they rank first

    def install_sql(self) -> list[str]:
        token_types = "asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart"
        vector = (
            f"setweight(to_tsvector('{TS_CONFIG}'::regconfig, coalesce(title_terms, '')), 'A') || "
            f"setweight(to_tsvector('{TS_CONFIG}'::regconfig, coalesce(text_terms, '')), 'B')"
        )
        return [
            "CREATE EXTENSION IF NOT EXISTS unaccent",
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            f"""DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{TS_CONFIG}') THEN
                    CREATE TEXT SEARCH CONFIGURATION {TS_CONFIG} (COPY = simple);
                    ALTER TEXT SEARCH CONFIGURATION {TS_CONFIG} ALTER MAPPING FOR {token_types} WITH unaccent, simple;
                END IF;
            END $$""",
            # Each step only when missing: ALTER TABLE and CREATE INDEX refuse to run, even
            # as no-ops, in a transaction with pending deferred-constraint checks, which is
            # where rebuild_search_index calls this.
            f"""DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
                               AND table_name = '{TABLE}' AND column_name = 'search_vector') THEN
                    ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({vector}) STORED;
                END IF;
                -- What the candidates are read through: the same words without their
                -- positions and weights, kept in the row (STORAGE MAIN). The full vector is
                -- 2.5 KB an article, stored apart (TOAST), and checking it for each of a
                -- window's newest entries cost 7-8 µs an entry; this one, 1.3 KB in the row,
                -- about 1 µs. Set in the same ALTER TABLE as the column, so the rewrite that
                -- fills it already keeps it in the row.
                IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
                               AND table_name = '{TABLE}' AND column_name = 'match_vector') THEN
                    ALTER TABLE {TABLE} ADD COLUMN match_vector tsvector GENERATED ALWAYS AS (strip({vector})) STORED,
                        ALTER COLUMN match_vector SET STORAGE MAIN;
                END IF;
                IF to_regclass('{TABLE}_match_gin') IS NULL THEN
                    CREATE INDEX {TABLE}_match_gin ON {TABLE} USING gin (match_vector);
                END IF;
                -- The full vector is read only to rank the candidates: its own index went.
                DROP INDEX IF EXISTS {TABLE}_vector_gin;
                IF to_regclass('{TABLE}_title_trgm') IS NULL THEN
                    CREATE INDEX {TABLE}_title_trgm ON {TABLE} USING gin (title_terms gin_trgm_ops);
                END IF;
                -- The titles holding the phrase (see _candidates): the words of each title.
                IF to_regclass('{TITLE_INDEX}') IS NULL THEN
                    CREATE INDEX {TITLE_INDEX} ON {TABLE} USING gin ({TITLE_WORDS});
                END IF;
            END $$""",
        ]

    def uninstall_sql(self) -> list[str]:
        # The extensions stay: other code may use them, and dropping needs more rights.
        return [
            f"DROP INDEX IF EXISTS {TABLE}_title_trgm",
            f"DROP INDEX IF EXISTS {TITLE_INDEX}",
            f"DROP INDEX IF EXISTS {TABLE}_vector_gin",
            f"DROP INDEX IF EXISTS {TABLE}_match_gin",
            f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS match_vector",
            f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {TS_CONFIG}",
        ]

    def after_rebuild(self) -> None:
        self.analyse()

    def analyse(self) -> None:
        """Fresh statistics (how common each word is), read at the next search."""
        with self.connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")
        shares.forget()

    #: Words estimated in at least this many entries, whose rarest word is common enough
    #: for a window of WINDOW_CAP entries to hold CANDIDATES of them, are looked for newest
    #: first, reading WINDOW_FACTOR times the entries expected to hold CANDIDATES of them
    #: (plus WINDOW_SLACK, at most WINDOW_CAP); rarer ones through the GIN index. See
    #: ``_candidates``.
    COMMON_MATCHES = 1000
    #: Titles holding the phrase: newest first, among the newest TITLE_WINDOW entries, when
    #: the words are estimated in TITLE_COMMON titles or more; otherwise through the titles' index.
    TITLE_COMMON = 5000
    TITLE_WINDOW = 10000
    WINDOW_FACTOR = 3
    WINDOW_SLACK = 500
    WINDOW_CAP = 3000

    def matching(self, query: SearchQuery) -> Match:
        return self._candidates(query, f"plainto_tsquery('{TS_CONFIG}'::regconfig, %s)", [query.phrase])

    def phrase_or_title(self, query: SearchQuery) -> Match:
        # Among the candidates with every word (GIN, no recheck), those with the words
        # adjacent somewhere or all in the title, checked in the query that reads the
        # candidates. Asking the GIN index for a phrase or for title-weighted words instead
        # makes PostgreSQL recheck every entry holding the words (0.5 s for "công đoàn tết"
        # at 100,000 articles). Terms are letters and digits only, and go in as parameters.
        word = "(^| )%s( |$)"
        together = "(e.text_terms ~ %s OR e.title_terms ~ %s)"
        in_title = " AND ".join(["e.title_terms ~ %s"] * len(query.terms))
        params = [word % query.phrase, word % query.phrase, *(word % term for term in query.terms)]
        return self._candidates(
            query,
            f"plainto_tsquery('{TS_CONFIG}'::regconfig, %s)",
            [query.phrase],
            keep=(f"{together} OR ({in_title})", params),
        )

    def any_terms(self, query: SearchQuery) -> Match:
        return self._candidates(query, f"to_tsquery('{TS_CONFIG}'::regconfig, %s)", [" | ".join(query.terms)], any_word=True)

    def _candidates(
        self, query: SearchQuery, tsquery: str, tsquery_params: list, keep: tuple[str, list] | None = None, any_word: bool = False
    ) -> Match:
        """Bounded candidates, per kind: the newest CANDIDATES entries of each kind with every
        term, and the newest TITLE_CANDIDATES of any kind whose title holds the folded phrase
        (newest first or through the titles' word index, see below); ``keep``, a condition on
        them (alias ``e``).

        A common query ("dân vận khéo") matches most of the archive; ranking every match
        (``ts_rank`` reads each entry's vector) costs time in proportion to the archive.
        Ranked among these, the titles naming the phrase still come first, then the
        most relevant of the recent matches; the cost stays flat as the archive grows.

        Per kind, so that no kind crowds another out: a hundred "Mô hình dân vận khéo số …"
        records, indexed after the articles, used to be the newest 110 entries with every
        word, and "dan van kheo" showed no article at all.

        The newest entries of each kind with every term are looked for one of two ways, in
        one statement. Words estimated common (``COMMON_MATCHES`` entries or more, estimate
        below, and a rarest word common enough to fill a window of WINDOW_CAP): each kind's
        newest entries are read backwards through the (kind, id) index, as many as should
        hold CANDIDATES of them WINDOW_FACTOR times over, WINDOW_CAP at most ("dân vận khéo"
        is in every other entry: 110 are found within a few hundred). Rarer words, or
        windows that found fewer than CANDIDATES in all: through the GIN index (all the
        matches, then the newest of each kind — cheap when the words are rare). A kind
        whose window holds fewer than CANDIDATES matches keeps those: the work stays bounded
        (its titles holding the phrase are still read). The planner, left to choose, read
        backwards by id even for words in one entry in seventy, checking 8,000 vectors
        (28–37 ms for "tỉnh ủy quảng ninh" at 100,000 articles; 3–4 ms this way), and
        through GIN for words in a quarter of the archive (0.4 s for "ban bí thư"). Each
        branch runs only when its one-time filter says so; so does the trigram search of
        titles.
        """
        # plainto_tsquery reads its argument as words joined by AND, never as syntax.
        limit = self.CANDIDATES
        # How common the words are (search/shares.py): each word's share of the entries, and
        # of the titles, as ANALYZE left them in pg_stats, read once per process for a while.
        # Too high an estimate costs a window read in vain; too low, a GIN read of every
        # match. Never analysed: the GIN indexes are asked.
        stats = shares.statistics(self.connection, TABLE, TITLE_INDEX)
        reach = self._reach(stats, query.terms, any_word)
        titles_common = stats.titles is not None and stats.titles.together(query.terms) * stats.rows >= self.TITLE_COMMON
        params: list = []
        ctes = []
        if reach:
            # One branch per kind, each naming its kind as a constant: the planner then reads
            # a small kind through the (kind, id) index and the articles backwards by id.
            # (Through a LATERAL join on the list of kinds it read every kind by id: 72,000
            # entries to find a few hundred documents, 0.7 s.) Each kind's newest ``reach``
            # entries, then the first CANDIDATES of them with every word.
            window = (
                f"(SELECT id, kind FROM (SELECT id, kind, match_vector FROM {TABLE} WHERE kind = '{{kind}}' "
                f"ORDER BY id DESC LIMIT {reach}) AS window_ WHERE match_vector @@ {tsquery} ORDER BY id DESC LIMIT {limit})"
            )
            ctes.append(f"recent AS MATERIALIZED ({' UNION ALL '.join(window.format(kind=kind) for kind in KINDS)})")
            params += tsquery_params * len(KINDS)
            count = "(SELECT count(*) FROM recent)"
            # Too few in all the windows: the GIN index after all.
            words = f"SELECT id, kind FROM recent WHERE {count} >= {limit} UNION ALL "
            enough, few = f"{count} >= {limit} OR ", f" AND {count} < {limit}"
        else:
            words = enough = few = ""
        # "kind || ''", "id + 0": not the (kind, id) index's order, so the planner takes the GIN index.
        words += (
            f"SELECT id, kind FROM (SELECT id, kind, row_number() OVER (PARTITION BY kind || '' ORDER BY id + 0 DESC) AS n "
            f"FROM {TABLE} WHERE match_vector @@ {tsquery}) AS older WHERE n <= {limit}{few}"
        )
        ctes.append(f"words AS MATERIALIZED ({words})")
        params += tsquery_params
        # A title holding the folded phrase holds every term: when the GIN index gave fewer
        # than CANDIDATES of every kind, they are all in ``words`` already (a one-time filter).
        wanted = f"({enough}EXISTS (SELECT 1 FROM words GROUP BY kind HAVING count(*) >= {limit}))"
        like = "%" + query.phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        newest_titles = f"SELECT id FROM {TABLE} WHERE title_terms LIKE %s AND {wanted} ORDER BY id DESC LIMIT {self.TITLE_CANDIDATES}"
        if titles_common:
            # The newest TITLE_CANDIDATES titles of any kind holding the phrase. Words common
            # in titles: the newest TITLE_WINDOW entries, read backwards until that many hold
            # it (35,000 titles hold the words of "công tác dân vận"; 60 are found in the
            # first few hundred entries); when those hold fewer, the older ones through the
            # trigram index (or by id, as the planner sees fit), as this used to be.
            ctes.append(
                f"titled AS MATERIALIZED (SELECT id FROM (SELECT id, title_terms FROM {TABLE} ORDER BY id DESC "
                f"LIMIT {self.TITLE_WINDOW}) AS newest WHERE title_terms LIKE %s AND {wanted} "
                f"ORDER BY id DESC LIMIT {self.TITLE_CANDIDATES})"
            )
            titles = (
                f"SELECT id FROM titled UNION SELECT id FROM ({newest_titles}) AS older_titles "
                f"WHERE (SELECT count(*) FROM titled) < {self.TITLE_CANDIDATES}"
            )
            params += [like, like]
        else:
            # Rarer words: through the titles' word index ("|| ''", "id + 0": neither the
            # trigram index nor the id order). The trigram index alone cost 5–13 ms for a
            # phrase of common syllables, whatever it found; per kind, the titles of a common
            # phrase were all read and sorted (41,000 for "đảng", 0.2 s).
            titles = (
                f"SELECT id FROM (SELECT id FROM {TABLE} WHERE {TITLE_WORDS} @@ {tsquery} AND title_terms || '' LIKE %s "
                f"AND {wanted} ORDER BY id + 0 DESC LIMIT {self.TITLE_CANDIDATES}) AS titled"
            )
            params += [*tsquery_params, like]
        # The candidates' query: its shape is in tests/search/test_views.py.
        sql = f"WITH {', '.join(ctes)}, found AS (SELECT id FROM words UNION {titles}"
        if query.symbols:
            # Inside the candidates, not OR-ed outside them: an OR would make the planner
            # scan every entry.
            sql += f" UNION SELECT id FROM {TABLE} WHERE symbol = ANY(%s)"
            params.append(list(query.symbols))
        if query.doc_keys:
            sql += f" UNION SELECT id FROM {TABLE} WHERE doc_key = ANY(%s)"
            params.append(list(query.doc_keys))
        sql += ") "
        if keep:
            # By id (an index condition whatever the planner thinks of the table's size), not
            # a join, which a planner may turn into a walk of every entry.
            sql += f"SELECT e.id FROM {TABLE} AS e WHERE e.id = ANY(ARRAY(SELECT id FROM found)) AND ({keep[0]})"
            params.extend(keep[1])
        else:
            sql += "SELECT id FROM found"
        # Read the candidates first (one small query through the GIN indexes) and
        # hand their ids on: inside the page's query, the planner joined every entry to
        # its article before looking at them (0.7 s at 100,000 articles).
        ids = self._read_ids(sql, params)
        # Normalisation 1 (rank / (1 + log length)): shorter entries first at equal matches, as
        # bm25 does on SQLite, so both engines order the same ties the same way.
        rank = RawSQL(f"ts_rank({TABLE}.search_vector, {tsquery}, 1)", tsquery_params, output_field=FloatField())
        return self._among(ids), rank

    def _reach(self, stats: shares.Statistics, terms, any_word: bool) -> int:
        """How many of each kind's newest entries to read for the words (0: ask the GIN index).

        Estimated in at least COMMON_MATCHES entries (the words together; for ``any``, the
        commonest), with the rarest word (what the words together are in at most) common
        enough for WINDOW_CAP entries to hold CANDIDATES of them: WINDOW_FACTOR times the
        entries expected to hold CANDIDATES, plus WINDOW_SLACK, at most WINDOW_CAP."""
        if stats.words is None:
            return 0
        share = stats.words.commonest(terms) if any_word else stats.words.together(terms)
        top = stats.words.commonest(terms) if any_word else stats.words.rarest(terms)
        if share * stats.rows < self.COMMON_MATCHES or top < self.CANDIDATES / self.WINDOW_CAP:
            return 0
        return min(self.WINDOW_CAP, math.ceil(self.WINDOW_FACTOR * self.CANDIDATES / share) + self.WINDOW_SLACK)

    @staticmethod
    def _among(ids: list[int]) -> Q:
        # One array parameter, not an IN list of a hundred and seventy: the statement's text
        # and its planning are the same whatever the candidates. None: no query at all.
        if not ids:
            return Q(pk__in=[])
        return Q(RawSQL(f"{TABLE}.id = ANY(%s)", [ids], output_field=BooleanField()))

    def fuzzy(self, query: SearchQuery) -> Match:
        # "<%" holds when the query is similar enough to some stretch of the title (pg_trgm
        # word_similarity_threshold, 0.6 unless the server sets otherwise), and
        # can use the trigram index, unlike a comparison with word_similarity(). Read first
        # and bounded, like the other modes: as a subquery of the page's query, the planner
        # joined every entry to its article (0.6 s for "chuyen doi sso" at 100,000 articles).
        ids = self._read_ids_within(
            f"SELECT id FROM {TABLE} WHERE %s <%% title_terms ORDER BY word_similarity(%s, title_terms) DESC, id DESC "
            f"LIMIT {self.CANDIDATES}",
            [query.phrase, query.phrase],
            self.FUZZY_TIMEOUT_MS,
        )
        rank = RawSQL(f"word_similarity(%s, {TABLE}.title_terms)", [query.phrase], output_field=FloatField())
        return self._among(ids), rank

    #: The loose mode gives up after this long, and then finds nothing: for common
    #: syllables that match nothing ("chuyen doi sso") it checked 26,000 titles, 1–3 s at
    #: 100,000 articles. It is the last step, after the site's own correction.
    FUZZY_TIMEOUT_MS = 150

    def _read_ids_within(self, sql: str, params: list, timeout_ms: int) -> list[int]:
        """``_read_ids``, cancelled after ``timeout_ms`` (then: no ids).

        The timeout is set for the transaction only (``set_config(…, true)``): outside a
        transaction, in one of its own (two statements: the setting, the read); inside one
        (a test, a command), in a savepoint, so a cancelled read leaves the transaction
        usable, and the setting is put back after the read (two statements more, and the
        savepoint's two)."""
        nested = self.connection.in_atomic_block
        try:
            with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, true)", [str(timeout_ms)])
                previous = cursor.fetchone()[0]
                cursor.execute(sql, params)
                ids = [row[0] for row in cursor.fetchall()]
                if nested:
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
                return ids
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != "57014":  # query_canceled
                raise
            return []
