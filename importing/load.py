"""The only part of the importer that writes: each file atomic (a savepoint in its batch's
transaction), upsert on provenance. ``prepare`` does the reading, parsing and extraction,
which need no database, possibly in a worker process.

An article is found again by its provenance — ``import_source`` (the page URL printed in
the file, else the file's archive key, see ``files.SourceFile``) or, failing that, the
``import_hash`` of its normalised text (the same file under another path is the same
article). Same hash → nothing is written. Changed text → the article is updated in place:
fields, caption-only photos and the links the importer made last time; links editors added
by hand and photos with an uploaded image are kept. Status and section are set when the
article is created and then left to the editors.
"""

from __future__ import annotations

import copy
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, nullcontext
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Q

from articles.counts import recounts_deferred
from articles.models import Article, Section
from articles.section_rules import load_rules
from danvan.cache import bump_generation
from danvan.invalidation import bumps_at_commit
from danvan.text import normalize
from organizations.models import Organization

from .batches import NewRows, deferred_indexing
from .extract import Extraction, Gazetteer, KnownDocument, extract
from .files import SourceFile
from .photofiles import all_ready
from .reading import Prepared, content_hash, failed_file, gazetteer_from_db, prepare
from .results import FileResult, RunResult, error_message
from .rows import chain_hooks, create_documents, kicker_hook, kicker_tag, save_article, slug_tries, would_hold_back
from .workers import prepare_in_workers

__all__ = [
    "FileResult",
    "ImportOptions",
    "Importer",
    "Prepared",
    "RunResult",
    "content_hash",
    "gazetteer_from_db",
    "import_files",
    "kicker_tag",
    "prepare",
]


@dataclass(frozen=True)
class ImportOptions:
    section: Section | None = None  # given explicitly (--section): wins over the mapping and the rules
    default_section: Section | None = None  # when neither the mapping nor a section rule names one
    status: str = Article.Status.PUBLISHED
    publisher: Organization | None = None  # the body whose portal the archive comes from (--publisher)
    dry_run: bool = False
    # Seconds one file may take to read, parse and extract (None: settings.IMPORT_FILE_SECONDS;
    # 0: no limit), and its largest size (None: settings.IMPORT_MAX_BYTES).
    time_budget: float | None = None
    max_bytes: int | None = None

    @property
    def budget(self) -> float:
        return self.time_budget if self.time_budget is not None else settings.IMPORT_FILE_SECONDS

    @property
    def size_limit(self) -> int:
        return self.max_bytes if self.max_bytes is not None else settings.IMPORT_MAX_BYTES


def import_files(
    files: Iterable[SourceFile],
    *,
    options: ImportOptions = ImportOptions(),
    gazetteer: Gazetteer | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    workers: int | None = None,
) -> RunResult:
    """Import ``files``, each atomically; a failed file is reported and the run goes on.

    ``workers``: processes that read, parse and extract ahead of the writer (default: two
    on a machine with two CPUs or more, for runs of ``PARALLEL_FROM`` files or more; 0 does
    it all in-process).
    """
    return Importer(options=options, gazetteer=gazetteer).run(files, on_result=on_result, workers=workers)


class Importer:
    """One run. What every file needs to look up — known names, the hashes of articles already
    imported — is read once here, so the queries per file do not grow with the archive.

    Files are written in batches: one transaction per ``BATCH_SIZE`` files, a savepoint per
    file (a failing file rolls back alone), search entries written in bulk at the end of
    the batch, inside its transaction.
    """

    BATCH_SIZE = 100
    PARALLEL_FROM = 200  # files; shorter runs are not worth starting a worker process
    CHUNK_SIZE = 10  # files handed to a worker at a time
    AHEAD = 2 * BATCH_SIZE  # files the workers may prepare ahead of the writer: bounds memory
    WORKER_GRACE = 30.0  # seconds past its chunk's budgets before a silent worker is killed

    def __init__(self, *, options: ImportOptions = ImportOptions(), gazetteer: Gazetteer | None = None) -> None:
        self.options = options
        self.gazetteer = gazetteer if gazetteer is not None else gazetteer_from_db(self.options.publisher)
        # The admin's section rules, read once for the run (used when no section is given).
        self.section_rules = load_rules() if options.section is None else []
        self.seen: dict[str, str] = {}  # provenance key → the file that used it in this run
        # Documents added to the gazetteer after the workers took their copy: a file that
        # looked any of them up is extracted again here.
        self._worker_known = len(self.gazetteer.added)
        self._added_since_workers: set = set()
        # What the batch being written knows (see _prefetch); None: no prefetch, ask the database.
        self._by_source: dict[str, Article] = {}
        self._by_hash: dict[str, Article] = {}
        self._slugs_tried: set[str] = set()
        self._slugs_taken: set[str] | None = None

    @classmethod
    def default_workers(cls, files: int) -> int:
        """Worker processes for a run of ``files`` files: none for short runs or on one CPU,
        else two, even on two CPUs: the writer waits on the disk at every commit, and the
        second worker fills those gaps (measured with bench/import_archive.py)."""
        cpus = os.cpu_count() or 1
        return min(2, cpus) if cpus > 1 and files >= cls.PARALLEL_FROM else 0

    def run(
        self,
        files: Iterable[SourceFile],
        *,
        on_result: Callable[[FileResult], None] | None = None,
        workers: int | None = None,
    ) -> RunResult:
        files = list(files)
        if workers is None:
            workers = self.default_workers(len(files))
        result = RunResult()
        batch: list[Prepared] = []
        # closing: on Ctrl-C while a batch is written, the workers are stopped at once.
        with closing(self._prepared(files, workers)) as prepared_files:
            for prepared in prepared_files:
                batch.append(prepared)
                if len(batch) >= self.BATCH_SIZE:
                    self._write_batch(batch, result, on_result)
                    batch = []
        self._write_batch(batch, result, on_result)
        if not self.options.dry_run and any(f.outcome in ("created", "updated") for f in result.files):
            bump_generation()  # the saves bumped it already; this says so where the run ends
        return result

    def _prepared(self, files: list[SourceFile], workers: int) -> Iterator[Prepared]:
        budget, max_bytes = self.options.budget, self.options.size_limit
        if workers <= 0 or "fork" not in multiprocessing.get_all_start_methods():
            for source in files:
                yield prepare(source, self.gazetteer, budget=budget, max_bytes=max_bytes)
            return
        self._worker_known = len(self.gazetteer.added)
        self._added_since_workers = set()
        # The workers' copy is the gazetteer as it is when their pool forks: at the start of the
        # run (a pool started to replace a stuck one may know more, which is only safer).
        gazetteer = self.gazetteer

        def prepare_there(source: SourceFile, search_fields: bool) -> Prepared:
            return prepare(source, gazetteer, search_fields=search_fields, budget=budget, max_bytes=max_bytes)

        yield from prepare_in_workers(
            files,
            prepare_there,
            failed_file,
            workers=workers,
            budget=budget,
            chunk_size=self.CHUNK_SIZE,
            ahead=self.AHEAD,
            grace=self.WORKER_GRACE,
        )

    def _write_batch(self, batch: list[Prepared], run: RunResult, on_result: Callable[[FileResult], None] | None) -> None:
        if not batch:
            return
        results: list[FileResult] = []
        if self.options.dry_run:
            results = [self._import_prepared(p, None) for p in batch]
        else:
            written: list[FileResult] = []
            # Inside a caller's transaction the batch takes no savepoint of its own: a failure
            # of the batch as a whole is then the caller's to handle, and is raised.
            nested = connection.in_atomic_block
            self._prefetch(batch)
            try:
                # The page cache's generation is bumped once, when the batch commits, not per row
                # saved; the kept counts of citing articles are recounted once, before it commits.
                with (
                    deferred_indexing() as pending,
                    bumps_at_commit(),
                    transaction.atomic(savepoint=not nested),
                    recounts_deferred() as recounts,
                ):
                    results, written = self._write_files(batch, pending)
                    recounts.note_articles(file_result.article_id for file_result in written)  # inserted in bulk: no signal
                    if pending is not None:
                        pending.flush()
            except DatabaseError as error:
                if nested:
                    raise
                # The batch's own transaction failed (its commit, or the search entries):
                # nothing of it was kept, so its files are failures and the run's memory
                # of what it wrote is read again from the database.
                reason = "không lưu được: " + " ".join(error_message(error).split())
                for file_result in written:
                    file_result.outcome, file_result.reason, file_result.article_id = "failed", reason, None
                    file_result.documents_created = []
                for prepared in batch[len(results) :]:  # files the failure left unwritten
                    if prepared.parsed is not None:  # (a bad file keeps its own reason)
                        prepared.result.outcome, prepared.result.reason = "failed", reason
                    results.append(prepared.result)
                self.gazetteer = gazetteer_from_db(self.options.publisher)
                self._worker_known = -1  # the workers' copy can no longer be trusted: extract here
        self._by_source, self._by_hash, self._slugs_taken = {}, {}, None
        for file_result in results:
            run.files.append(file_result)
            if on_result is not None:
                on_result(file_result)

    def _write_files(self, batch: list[Prepared], pending: Any) -> tuple[list[FileResult], list[FileResult]]:
        """Write a batch's files: new articles together (see ``NewRows``), in a savepoint.

        Should that fail, the savepoint is rolled back and the batch written again file by
        file, each in its own savepoint, so that only a file that really cannot be saved
        fails. Returns every file's result, and those of the files written.
        """
        seen, results_before = dict(self.seen), [copy.deepcopy(p.result) for p in batch]
        documents_known = len(self.gazetteer.added)
        try:
            with pending.atomic() if pending is not None else transaction.atomic():
                return self._write_files_once(batch, pending, NewRows())
        except DatabaseError:
            self.seen = seen
            for prepared, result in zip(batch, results_before, strict=True):
                prepared.result = result
            if len(self.gazetteer.added) > documents_known:  # documents the attempt created are gone again
                self.gazetteer = gazetteer_from_db(self.options.publisher)
                self._worker_known = -1
            self._prefetch(batch)
            return self._write_files_once(batch, pending, None)

    def _write_files_once(self, batch: list[Prepared], pending: Any, new_rows: NewRows | None) -> tuple[list[FileResult], list[FileResult]]:
        results, written = [], []
        for prepared in batch:
            file_result = self._import_prepared(prepared, pending, new_rows)
            results.append(file_result)
            if file_result.outcome in ("created", "updated"):
                written.append(file_result)
        if new_rows is not None:
            new_rows.insert()
        return results, written

    def import_file(self, source: SourceFile) -> FileResult:
        """Read, parse, extract and (unless dry-run) save one file, in its own transaction."""
        prepared = prepare(source, self.gazetteer, budget=self.options.budget, max_bytes=self.options.size_limit)
        if self.options.dry_run:
            return self._import_prepared(prepared, None)
        with deferred_indexing() as pending, transaction.atomic(), recounts_deferred() as recounts:
            result = self._import_prepared(prepared, pending)
            recounts.note_articles([result.article_id])  # its links were inserted in bulk: no signal
            if pending is not None:
                pending.flush()
        return result

    def _fresh_extraction(self, prepared: Prepared) -> Extraction:
        """The worker's extraction, or a new one if documents added since could change it."""
        extraction = prepared.extraction
        assert extraction is not None and prepared.parsed is not None
        if self._worker_known < 0:
            stale = True
        else:
            added = self.gazetteer.added
            if len(added) > self._worker_known:  # (a set, so the test does not grow with the run)
                self._added_since_workers.update(added[self._worker_known :])
                self._worker_known = len(added)
            stale = not self._added_since_workers.isdisjoint(extraction.lookups)
        if not stale:
            return extraction
        parsed = prepared.parsed
        return extract(parsed.article_text(), self.gazetteer, year=parsed.published_on.year if parsed.published_on else None)

    def _import_prepared(self, prepared: Prepared, pending: Any, new_rows: NewRows | None = None) -> FileResult:
        """Save one prepared file (unless dry-run), in a savepoint of the batch. Never raises for bad input.

        ``new_rows``: where a new article's photos and links wait for the batch's insert
        (without it they are inserted at once).
        """
        result = prepared.result
        if prepared.parsed is None:
            return result
        parsed, digest, key = prepared.parsed, prepared.digest, prepared.key
        if key in self.seen:
            result.warnings.append(f"{self.seen[key]} in this run has the same source; the later file wins")
        self.seen[key] = prepared.source.key
        extraction = self._fresh_extraction(prepared)
        result.unresolved = [f"{u.text}: {u.reason}" for u in extraction.unresolved]
        result.documents_created = sorted({d.symbol for d in extraction.new_documents})

        existing = self._find_existing(key, digest)
        if existing is not None and existing.import_hash == digest:
            result.outcome, result.article_id = "unchanged", existing.pk
            result.documents_created = []
            if existing.import_source != key:
                result.warnings.append(f"same text as {existing.import_source}")
            return result
        if self.options.dry_run:
            result.outcome = "updated" if existing else "created"
            result.article_id = existing.pk if existing else None
            if existing is None:  # what the workflow would say of the new article
                result.held_back = would_hold_back(parsed, prepared, self.options)
            return result
        if pending is not None and prepared.search_fields is not None:
            pending.provide_article_fields(prepared.search_fields["title"], normalize(parsed.lead), prepared.body, prepared.search_fields)
        # (photos with a file from a mirror join the batch once processed ahead: only their files
        # and library rows are written now; else they are saved one by one, without the batch)
        with_files = any(c.image for c in parsed.captions)
        batched = new_rows is not None and existing is None and (not with_files or all_ready(parsed, prepared.photo_files))
        file_rows = NewRows() if batched else None
        # A new article waiting for the batch's insert writes nothing yet, and needs a
        # savepoint of its own only for the documents it creates and the library images of its photos.
        savepoint = file_rows is None or extraction.new_documents or with_files
        try:
            with (pending.atomic() if pending is not None else transaction.atomic()) if savepoint else nullcontext():
                created_docs, new_symbols = create_documents(extraction.new_documents)
                article = save_article(
                    existing,
                    parsed,
                    extraction,
                    created_docs,
                    key=key,
                    digest=digest,
                    options=self.options,
                    encoding=prepared.encoding,
                    warnings=result.warnings,
                    new_symbols=new_symbols,
                    body=prepared.body,
                    slug_taken=self._slug_taken(parsed.title),
                    new_rows=file_rows,
                    item=prepared,
                    rules=self.section_rules,
                )
                after_save = chain_hooks(prepared.after_save, kicker_hook(parsed.banners))
                if after_save is not None and file_rows is not None:
                    file_rows.add_hook(article, after_save)  # the article has no pk before the batch's insert
                elif after_save is not None:
                    after_save(article, existing is None)
        except (ValidationError, DatabaseError) as error:
            result.reason = "không lưu được: " + " ".join(error_message(error).split())
            result.documents_created = []
            return result
        # The file's savepoint is released: its rows join the batch's insert, and later files
        # of the run must see what it wrote.
        if file_rows is not None:
            new_rows.extend(file_rows, result)
        # (Should the batch's transaction fail after all, _write_batch reads it all again.)
        for document in created_docs.values():
            self.gazetteer.add_document(
                KnownDocument(document.pk, document.symbol, document.kind, document.number, document.issue_year, document.term)
            )
        self._remember(article, existing)
        result.outcome = "updated" if existing else "created"
        result.article_id = article.pk
        result.held_back = (article.import_report.get("held_back") or {}).get("reason", "")
        result.documents_created = new_symbols
        return result

    _EXISTING_FIELDS = ("pk", "import_source", "import_hash", "import_report", "section", "slug")

    def _prefetch(self, batch: list[Prepared]) -> None:
        """Read, for a whole batch at once, the articles its files may already be (by source or
        by text) and the slugs their titles would take: one query per batch, not two per file."""
        files = [p for p in batch if p.parsed is not None]
        tries = sorted({t for p in files for t in slug_tries(p.parsed.title)})
        self._by_source, self._by_hash = {}, {}
        self._slugs_tried, self._slugs_taken = set(tries), set()
        keys, digests = sorted({p.key for p in files}), sorted({p.digest for p in files})
        if not files:
            return
        # "<> ''" repeats the partial unique index's condition, so SQLite can use that index;
        # the hash and slug lookups use their own indexes.
        condition = Q(import_source__in=keys) & ~Q(import_source="") | Q(import_hash__in=digests) | Q(slug__in=tries)
        for article in Article.objects.filter(condition).order_by("pk").only(*self._EXISTING_FIELDS):
            if article.import_source in keys:
                self._by_source[article.import_source] = article
            if article.import_source and article.import_hash in digests:
                self._by_hash.setdefault(article.import_hash, article)
            self._slugs_taken.add(article.slug)

    def _find_existing(self, key: str, digest: str) -> Article | None:
        """The article this file already became: by source first, then by identical text."""
        if self._slugs_taken is None:  # no batch prefetch (a single file): ask the database
            articles = Article.objects.exclude(import_source="").order_by("pk").only(*self._EXISTING_FIELDS)
            return articles.filter(import_source=key).first() or articles.filter(import_hash=digest).first()
        return self._by_source.get(key) or self._by_hash.get(digest)

    def _remember(self, article: Article, existing: Article | None) -> None:
        """What a saved file changed, for the later files of the same batch."""
        if self._slugs_taken is None:
            return
        if existing is not None:
            if self._by_source.get(existing.import_source) is existing:
                del self._by_source[existing.import_source]
            if self._by_hash.get(existing.import_hash) is existing:
                del self._by_hash[existing.import_hash]
        self._by_source[article.import_source] = article
        self._by_hash.setdefault(article.import_hash, article)
        self._slugs_taken.add(article.slug)

    def _slug_taken(self, title: str) -> Callable[[str], bool] | None:
        """Whether a slug is taken, from the batch's prefetch, if it covered this title's slugs."""
        if self._slugs_taken is None or not self._slugs_tried.issuperset(slug_tries(title)):
            return None
        taken = self._slugs_taken
        return taken.__contains__
