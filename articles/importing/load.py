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
import dataclasses
import hashlib
import html
import multiprocessing
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, router, transaction
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from danvan.cache import bump_generation
from danvan.html import sanitized
from danvan.text import normalize, normalize_line, slugify_vi, unique_slug
from organizations.models import Document, Exemplar, Organization

from .. import photos
from ..models import Article, Photo, Section
from ..section_rules import CompiledRule, Suggestion, article_text, load_rules, suggest
from .extract import DocumentLink, Extraction, Gazetteer, KnownDocument, extract
from .files import MAX_BYTES, Decoded, ReadError, SourceFile, read_bytes, read_file
from .html import parse_html
from .parse import ParsedArticle, ParseError, parse_normalized
from .workers import OverBudget, over_budget_reason, prepare_in_workers, time_budget

__all__ = ["FileResult", "ImportOptions", "Importer", "RunResult", "content_hash", "gazetteer_from_db", "import_files"]

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REPORT_VERSION = 1


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


@dataclass
class FileResult:
    path: str
    key: str
    outcome: str  # created, updated, unchanged, failed (with --dry-run: the outcome it would have)
    reason: str = ""
    article_id: int | None = None
    title: str = ""
    warnings: list[str] = field(default_factory=list)
    documents_created: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        counts = Counter({"created": 0, "updated": 0, "unchanged": 0, "failed": 0})
        counts.update(f.outcome for f in self.files)
        return counts

    @property
    def failures(self) -> list[FileResult]:
        return [f for f in self.files if f.outcome == "failed"]


def gazetteer_from_db() -> Gazetteer:
    """Known names, read once per run (three queries), so per-file work never asks again."""
    documents = [
        KnownDocument(
            id=d.pk,
            symbol=d.symbol,
            kind=d.kind,
            number=d.number,
            issue_year=d.issue_year,
            term=d.term,
            popular_names=tuple(d.popular_name_list),
            issuer_places=tuple(x for x in ((d.issuer.locality.split(",")[0] if d.issuer else ""), d.issuer.name if d.issuer else "") if x),
        )
        for d in Document.objects.select_related("issuer").only(
            "pk", "symbol", "kind", "number", "issue_year", "term", "popular_names", "issuer__locality", "issuer__name"
        )
    ]
    organizations = [(o.pk, o.names) for o in Organization.objects.only("pk", "name", "short_name", "aliases")]
    exemplars = [(e.pk, e.names) for e in Exemplar.objects.only("pk", "name", "aliases")]
    return Gazetteer(documents, organizations, exemplars)


def content_hash(text: str) -> str:
    """The provenance hash: SHA-256 of the normalised text, so NFD, BOMs or CRLF change nothing."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


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


@dataclass
class Prepared:
    """One file read, parsed and extracted — everything that needs no database.

    Made by ``prepare`` (possibly in a worker process); ``result`` already holds the
    outcome "failed" and its reason when the file cannot be imported at all.
    """

    source: SourceFile
    result: FileResult
    parsed: ParsedArticle | None = None
    extraction: Extraction | None = None
    encoding: str = ""
    digest: str = ""
    key: str = ""
    body: str = ""  # the body HTML, sanitised, as Article.save will store it
    search_fields: dict | None = None  # the article's search entry, computed ahead
    # Set by the formats that carry them per item (WordPress, feeds; see entries.py): the new
    # article's status and section, what the report keeps beside the importer's own fields,
    # and what is done once the article is saved (tags, photo files), in the same savepoint.
    status: str | None = None
    section: Section | None = None
    report_extra: dict | None = None
    after_save: Callable[[Article, bool], None] | None = None


def prepare(
    source: SourceFile, gazetteer: Gazetteer, *, search_fields: bool = True, budget: float | None = None, max_bytes: int = MAX_BYTES
) -> Prepared:
    """Read, normalise, parse and extract one file. Touches no database; never raises for bad input.

    ``search_fields``: also compute the article's search entry (else the index does, when saved).
    ``budget``: seconds it may take (see ``workers.time_budget``); past them the file fails.
    """
    try:
        with time_budget(budget):
            return _prepare(source, gazetteer, search_fields=search_fields, max_bytes=max_bytes)
    except OverBudget:
        return _failed(source, over_budget_reason(budget or 0))


def _failed(source: SourceFile, reason: str) -> Prepared:
    return Prepared(source, FileResult(path=str(source.path), key=source.key, outcome="failed", reason=reason))


def _prepare(source: SourceFile, gazetteer: Gazetteer, *, search_fields: bool, max_bytes: int) -> Prepared:
    result = FileResult(path=str(source.path), key=source.key, outcome="failed")
    try:
        if source.format == "html":
            data = read_bytes(source.path, max_bytes=max_bytes)
            parsed = parse_html(data, path=str(source.path), mirror_root=source.root)
            decoded = Decoded(text="", encoding=parsed.encoding or "utf-8")
            fingerprint = data  # (the page's own bytes: the parser decodes and normalises them)
        else:
            decoded = read_file(source.path, max_bytes=max_bytes)
            clean = normalize(decoded.text)
            parsed = parse_normalized(clean)
            fingerprint = clean.encode("utf-8")
    except (ReadError, ParseError) as error:
        result.reason = str(error)
        return Prepared(source, result)
    result.title = parsed.title
    result.warnings = [*decoded.warnings, *parsed.warnings]
    year = parsed.published_on.year if parsed.published_on else None
    extraction = extract(parsed.article_text(), gazetteer, year=year)
    body = sanitized(parsed.body_html or _body_html(parsed.paragraphs))  # (an HTML page keeps its tables)
    return Prepared(
        source,
        result,
        parsed=parsed,
        extraction=extraction,
        encoding=decoded.encoding,
        digest=hashlib.sha256(fingerprint).hexdigest(),
        key=parsed.source_url or source.key,
        body=body,
        search_fields=_search_fields(parsed, body) if search_fields else None,
    )


def _search_fields(parsed: ParsedArticle, body: str) -> dict | None:
    """The search entry of the article as Article.save will store it (title and lead normalised)."""
    if not apps.is_installed("search"):
        return None
    from search.indexing import article_text_fields

    return article_text_fields(normalize_line(parsed.title), normalize(parsed.lead), body)


class _NewRows:
    """New articles of a batch with their photos and links, inserted together: one INSERT
    per table for the batch instead of several per file.

    A file adds its rows only once everything it checks has passed. The insert runs in a
    savepoint of the batch's transaction; should it fail (a slug or source another writer
    took meanwhile), ``Importer._write_files`` writes the batch again file by file.
    Saving signals are sent as ``Model.save`` would, so search entries and the page cache
    follow as they do for any save.
    """

    def __init__(self) -> None:
        self.articles: list[tuple[Article, FileResult | None]] = []
        self.rows: dict[type, list] = {}  # photos, links: their article may have no pk yet
        self.hooks: list[tuple[Article, Callable[[Article, bool], None]]] = []  # after_save, once rows are in

    def add_hook(self, article: Article, hook: Callable[[Article, bool], None]) -> None:
        self.hooks.append((article, hook))

    def add_article(self, article: Article) -> None:
        self.articles.append((article, None))

    def add(self, model: type, objects: list) -> None:
        if objects:
            self.rows.setdefault(model, []).extend(objects)

    def extend(self, other: _NewRows, result: FileResult) -> None:
        self.articles.extend((article, result) for article, _none in other.articles)
        for model, objects in other.rows.items():
            self.add(model, objects)
        self.hooks.extend(other.hooks)

    def insert(self) -> None:
        articles = [article for article, _result in self.articles]
        if articles:
            using = router.db_for_write(Article)
            for article in articles:
                pre_save.send(sender=Article, instance=article, raw=False, using=using, update_fields=None)
            Article.objects.using(using).bulk_create(articles)
            for article, result in self.articles:
                post_save.send(sender=Article, instance=article, created=True, raw=False, using=using, update_fields=None)
                if result is not None:
                    result.article_id = article.pk
        for model, objects in self.rows.items():
            for row in objects:  # the article's pk is known only now
                row.article_id = row.article.pk
            model.objects.bulk_create(objects, batch_size=500)
        for article, hook in self.hooks:
            hook(article, True)
        self.articles, self.rows, self.hooks = [], {}, []


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
        self.gazetteer = gazetteer if gazetteer is not None else gazetteer_from_db()
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
            _failed,
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
                with _deferred_indexing() as pending, transaction.atomic(savepoint=not nested):
                    results, written = self._write_files(batch, pending)
                    if pending is not None:
                        pending.flush()
            except DatabaseError as error:
                if nested:
                    raise
                # The batch's own transaction failed (its commit, or the search entries):
                # nothing of it was kept, so its files are failures and the run's memory
                # of what it wrote is read again from the database.
                reason = "không lưu được: " + " ".join(_messages(error).split())
                for file_result in written:
                    file_result.outcome, file_result.reason, file_result.article_id = "failed", reason, None
                    file_result.documents_created = []
                for prepared in batch[len(results) :]:  # files the failure left unwritten
                    if prepared.parsed is not None:  # (a bad file keeps its own reason)
                        prepared.result.outcome, prepared.result.reason = "failed", reason
                    results.append(prepared.result)
                self.gazetteer = gazetteer_from_db()
                self._worker_known = -1  # the workers' copy can no longer be trusted: extract here
        self._by_source, self._by_hash, self._slugs_taken = {}, {}, None
        for file_result in results:
            run.files.append(file_result)
            if on_result is not None:
                on_result(file_result)

    def _write_files(self, batch: list[Prepared], pending: Any) -> tuple[list[FileResult], list[FileResult]]:
        """Write a batch's files: new articles together (see ``_NewRows``), in a savepoint.

        Should that fail, the savepoint is rolled back and the batch written again file by
        file, each in its own savepoint, so that only a file that really cannot be saved
        fails. Returns every file's result, and those of the files written.
        """
        seen, results_before = dict(self.seen), [copy.deepcopy(p.result) for p in batch]
        documents_known = len(self.gazetteer.added)
        try:
            with pending.atomic() if pending is not None else transaction.atomic():
                return self._write_files_once(batch, pending, _NewRows())
        except DatabaseError:
            self.seen = seen
            for prepared, result in zip(batch, results_before, strict=True):
                prepared.result = result
            if len(self.gazetteer.added) > documents_known:  # documents the attempt created are gone again
                self.gazetteer = gazetteer_from_db()
                self._worker_known = -1
            self._prefetch(batch)
            return self._write_files_once(batch, pending, None)

    def _write_files_once(
        self, batch: list[Prepared], pending: Any, new_rows: _NewRows | None
    ) -> tuple[list[FileResult], list[FileResult]]:
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
        with _deferred_indexing() as pending, transaction.atomic():
            result = self._import_prepared(prepared, pending)
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

    def _import_prepared(self, prepared: Prepared, pending: Any, new_rows: _NewRows | None = None) -> FileResult:
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
            return result
        if pending is not None and prepared.search_fields is not None:
            pending.provide_article_fields(prepared.search_fields["title"], normalize(parsed.lead), prepared.body, prepared.search_fields)
        # (photos with a file from a mirror are saved one by one, so such an article is not batched)
        batched = new_rows is not None and existing is None and not any(c.image for c in parsed.captions)
        file_rows = _NewRows() if batched else None
        # A new article waiting for the batch's insert writes nothing yet, and needs a
        # savepoint of its own only for the documents it creates.
        savepoint = file_rows is None or extraction.new_documents
        try:
            with (pending.atomic() if pending is not None else transaction.atomic()) if savepoint else nullcontext():
                created_docs, new_symbols = _create_documents(extraction.new_documents)
                article = _save_article(
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
                after_save = _chain(prepared.after_save, _kicker_hook(parsed.banners))
                if after_save is not None and file_rows is not None:
                    file_rows.add_hook(article, after_save)  # the article has no pk before the batch's insert
                elif after_save is not None:
                    after_save(article, existing is None)
        except (ValidationError, DatabaseError) as error:
            result.reason = "không lưu được: " + " ".join(_messages(error).split())
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
        result.documents_created = new_symbols
        return result

    _EXISTING_FIELDS = ("pk", "import_source", "import_hash", "import_report", "section", "slug")

    def _prefetch(self, batch: list[Prepared]) -> None:
        """Read, for a whole batch at once, the articles its files may already be (by source or
        by text) and the slugs their titles would take: one query per batch, not two per file."""
        files = [p for p in batch if p.parsed is not None]
        tries = sorted({t for p in files for t in _slug_tries(p.parsed.title)})
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
        if self._slugs_taken is None or not self._slugs_tried.issuperset(_slug_tries(title)):
            return None
        taken = self._slugs_taken
        return taken.__contains__


@contextmanager
def _deferred_indexing() -> Iterator[Any]:
    """The search app's deferred indexing when it is installed, else nothing."""
    if not apps.is_installed("search"):
        yield None
        return
    from search.indexing import deferred_indexing

    with deferred_indexing() as pending:
        yield pending


def _messages(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in error.message_dict.items())
        return " ".join(error.messages)
    return f"{type(error).__name__}: {error}"


def _create_documents(links: list[DocumentLink]) -> tuple[dict[tuple[str, int | None], Document], list[str]]:
    """Documents cited by a full symbol the run did not know, flagged for an editor's review.

    One added since the run read its known names (by an editor, or another import) is reused.
    Returns the documents by (symbol, issue year), and the symbols of those really created.
    """
    created: dict[tuple[str, int | None], Document] = {}
    new_symbols: list[str] = []
    for link in links:
        identity = (link.symbol, link.issue_year)
        if identity in created:
            continue
        document = Document.objects.filter(symbol=link.symbol, issue_year=link.issue_year).first()
        if document is None:
            document = Document(
                kind=link.kind if link.kind in Document.Kind.values else Document.Kind.OTHER,
                symbol=link.symbol,
                number=link.number,
                issued_on=link.issued_on,
                issue_year=link.issue_year,
                term=link.term,
                needs_review=True,
            )
            # The symbol and year were just looked up; the database enforces their
            # uniqueness (a clash rolls the file back and is reported), so full_clean does
            # not ask again for every constraint.
            document.full_clean(validate_unique=False, validate_constraints=False)
            document.save()
            new_symbols.append(document.symbol)
        created[identity] = document
    return created, sorted(set(new_symbols))


def _slug_tries(title: str) -> list[str]:
    """The slugs a new article with this title tries first: its own, then -2 … -10."""
    base = slugify_vi(title) or "bai-viet"
    return [base, *(f"{base[: 255 - len(str(n)) - 1].rstrip('-')}-{n}" for n in range(2, 11))]


def _slug_for(title: str, current: Article | None, taken_check: Callable[[str], bool] | None = None) -> str:
    """``taken_check``: what the batch already knows of the tries' slugs (saves a query)."""
    if current is not None and current.slug:
        return current.slug
    tries = _slug_tries(title)
    base = tries[0]
    if taken_check is not None:
        taken = {t for t in tries if taken_check(t)}
    else:
        # One indexed query for the usual case; the rare title used ten times falls back to a scan.
        taken = set(Article.objects.filter(slug__in=tries).values_list("slug", flat=True))
    if len(taken) == len(tries):
        taken |= set(Article.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return unique_slug(title, taken.__contains__)


def _site_of(url: str) -> str:
    """The site's name from a page URL ("baoquangninh.vn"), for pages that name no source."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def _body_html(paragraphs: list[str]) -> str:
    """The paragraphs as escaped ``<p>`` elements (what ``format_html_join`` makes, faster)."""
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _save_article(
    existing: Article | None,
    parsed: ParsedArticle,
    extraction: Extraction,
    created_docs: dict[tuple[str, int | None], Document],
    *,
    key: str,
    digest: str,
    options: ImportOptions,
    encoding: str,
    warnings: list[str],
    new_symbols: list[str],
    body: str | None = None,
    slug_taken: Callable[[str], bool] | None = None,
    new_rows: _NewRows | None = None,
    item: Prepared | None = None,
    rules: list[CompiledRule] = (),
) -> Article:
    status = item.status if item is not None and item.status else options.status
    section = item.section if item is not None and item.section else options.section
    chosen = None  # the rules' choice, when neither --section nor the mapping gave one
    if section is None and rules and (existing is None or existing.section_id is None):
        text = article_text(parsed.title, parsed.lead, body or "\n".join(parsed.paragraphs), parsed.banners)
        best = suggest(rules, text, {"documents": [link.document_id for link in extraction.documents], **_linked_ids(extraction)})
        if best:
            chosen = best[0]
            section = chosen.section
    section = section or options.default_section
    article = Article.objects.get(pk=existing.pk) if existing else Article(status=status, section=section)
    if existing and item is not None and item.status and status != Article.Status.PUBLISHED and article.status == Article.Status.PUBLISHED:
        # The source no longer shows it (a post trashed or made private since): neither may we.
        article.status = status
    parsed, warnings = _mirror_photos(parsed, warnings)
    previous_links: dict[str, list[int]] = (existing.import_report or {}).get("linked", {}) if existing else {}
    document_ids: list[int] = []
    documents_report = []
    for link in extraction.documents:
        ident = link.document_id if link.document_id is not None else created_docs[(link.symbol, link.issue_year)].pk
        if ident not in document_ids:
            document_ids.append(ident)
        entry = {"id": ident, "symbol": link.symbol, "text": link.text, "how": link.how}
        if link.uncertain:
            entry["uncertain"] = link.uncertain
        documents_report.append(entry)
    linked = {
        "documents": document_ids,
        "organizations": [o.id for o in extraction.organizations],
        "exemplars": [e.id for e in extraction.exemplars],
    }
    article.title = parsed.title
    article.slug = _slug_for(parsed.title, existing, slug_taken)
    article.lead = parsed.lead
    article.body = body if body is not None else (parsed.body_html or _body_html(parsed.paragraphs))
    article.byline = parsed.byline_display[:255]
    article.source = (parsed.source or _site_of(parsed.source_url))[:255]
    article.source_url = parsed.source_url
    article.publisher = options.publisher or article.publisher
    article.view_count = parsed.view_count or 0
    article.published_at = timezone.make_aware(parsed.published_at, LOCAL_TZ) if parsed.published_at else None
    if article.section_id is None and section is not None:
        article.section = section
    article.import_source = key
    article.import_hash = digest
    article.imported_at = timezone.now()
    article.import_report = {
        "version": REPORT_VERSION,
        "encoding": encoding,
        "documents": documents_report,
        "documents_created": new_symbols,
        "organizations": [{"id": o.id, "text": o.text} for o in extraction.organizations],
        "exemplars": [{"id": e.id, "text": e.text} for e in extraction.exemplars],
        "unresolved": [{"text": u.text, "reason": u.reason} for u in extraction.unresolved],
        "warnings": warnings,
        "banners": parsed.banners,
        "related": parsed.related,
        "linked": linked,
        **({"section_rule": _rule_report(chosen)} if chosen is not None else {}),
        **((item.report_extra or {}) if item is not None else {}),
    }
    # Uniqueness (slug, import_source) is the database's to enforce inside this transaction:
    # a clash raises IntegrityError, which rolls the file back and reports it.
    article.full_clean(exclude=["slug"], validate_unique=False, validate_constraints=False)
    if new_rows is not None and existing is None:
        article.prepare_to_write()  # and the batch inserts it
        new_rows.add_article(article)
    else:
        article.save()
    _sync_photos(article, parsed, is_new=existing is None, new_rows=new_rows)
    _sync_links(article, linked, previous_links, is_new=existing is None, new_rows=new_rows)
    return article


def _sync_links(
    article: Article, linked: dict[str, list[int]], previous: dict[str, list[int]], *, is_new: bool, new_rows: _NewRows | None = None
) -> None:
    """Links the importer made: added once, dropped when the text no longer names them."""
    for name in ("documents", "organizations", "exemplars"):
        if is_new:
            # A new article has no links yet: one INSERT, no read-back.
            if not linked[name]:
                continue
            field = Article._meta.get_field(name)
            through = field.remote_field.through
            column = field.m2m_reverse_field_name() + "_id"
            rows = [through(article=article, **{column: ident}) for ident in linked[name]]
            if new_rows is not None:
                new_rows.add(through, rows)
            else:
                through.objects.bulk_create(rows)
            continue
        manager = getattr(article, name)
        stale = set(previous.get(name, [])) - set(linked[name])
        if stale:
            manager.remove(*stale)
        if linked[name]:
            manager.add(*linked[name])


def _mirror_photos(parsed: ParsedArticle, warnings: list[str]) -> tuple[ParsedArticle, list[str]]:
    """A saved page's photo files, checked like uploads: one that is not an image keeps only its caption."""
    if not any(c.image for c in parsed.captions):
        return parsed, warnings
    captions, warnings = [], [*warnings]
    for caption in parsed.captions:
        if caption.image:
            try:
                with open(caption.image, "rb") as handle:
                    photos.inspect(File(handle))
            except (OSError, ValidationError) as error:
                reason = " ".join(error.messages) if isinstance(error, ValidationError) else error.strerror
                warnings.append(f"ảnh {caption.src} không nhận được ({reason}); chỉ giữ chú thích")
                caption = dataclasses.replace(caption, image="")
        captions.append(caption)
    return dataclasses.replace(parsed, captions=captions), warnings


def _with_file(photo: Photo, path: str) -> Photo:
    """The photo with its mirror file attached as a new upload (``Photo.save`` cleans it, makes renditions)."""
    with open(path, "rb") as handle:
        photo.image = ContentFile(handle.read(), name=os.path.basename(path))
    return photo


def _sync_photos(article: Article, parsed: ParsedArticle, *, is_new: bool, new_rows: _NewRows | None = None) -> None:
    """Caption-only photos follow the file; photos with an uploaded image are never dropped."""
    wanted = [
        Photo(article=article, caption=c.text, credit=c.credit[:255], order=i, after_paragraph=c.after_paragraph)
        for i, c in enumerate(parsed.captions)
    ]
    files = {i: c.image for i, c in enumerate(parsed.captions) if c.image}
    if files and (is_new or not article.photos.exists()):
        for i, photo in enumerate(wanted):
            _with_file(photo, files[i]).save() if i in files else photo.save()
        return
    if is_new:
        if new_rows is not None:  # (the captions are normalised text already: Photo.save adds nothing)
            new_rows.add(Photo, wanted)
        elif wanted:
            Photo.objects.bulk_create(wanted)
        return
    current = list(article.photos.order_by("order", "pk"))
    updates, extra = [], []
    for photo, new in zip(current, wanted, strict=False):
        photo.caption, photo.credit, photo.order, photo.after_paragraph = new.caption, new.credit, new.order, new.after_paragraph
        updates.append(photo)
    if updates:
        Photo.objects.bulk_update(updates, ["caption", "credit", "order", "after_paragraph"])
    if len(wanted) > len(current):
        Photo.objects.bulk_create(wanted[len(current) :])
    stale = []
    for photo in current[len(wanted) :]:
        if photo.image:
            photo.after_paragraph = None
            extra.append(photo)
        else:
            stale.append(photo.pk)
    if stale:
        Photo.objects.filter(pk__in=stale).delete()
    if extra:
        Photo.objects.bulk_update(extra, ["after_paragraph"])


def _linked_ids(extraction: Extraction) -> dict[str, list[int]]:
    return {"organizations": [o.id for o in extraction.organizations], "exemplars": [e.id for e in extraction.exemplars]}


def _rule_report(chosen: Suggestion) -> dict:
    """Which rules chose the section, for the import report (an editor can see why)."""
    return {"section": chosen.section.slug, "score": chosen.score, "rules": chosen.rule_ids, "reasons": chosen.reasons}


def _is_kicker(line: str) -> bool:
    """A banner set in capitals above the title ("TÁC PHẨM THAM DỰ GIẢI BÁO CHÍ …"): the old
    site's kicker, kept as a tag; mixed-case banners are slogans and stay in the report only."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and line == line.upper() and len(line) <= 100


_ROMAN = re.compile(r"^[IVXLC]+(?=\W|$)")


def kicker_tag(line: str) -> str:
    """The kicker as a tag name, in sentence case; Roman numerals stay in capitals ("lần thứ VI-2021")."""
    words = normalize_line(line).split(" ")
    out = [w if _ROMAN.match(w) and i else w.lower() for i, w in enumerate(words)]
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _kicker_hook(banners: list[str]) -> Callable[[Article, bool], None] | None:
    names = sorted({kicker_tag(b) for b in banners if _is_kicker(b)})
    if not names:
        return None
    return lambda article, is_new: article.tags.add(*names)


def _chain(*hooks: Callable[[Article, bool], None] | None) -> Callable[[Article, bool], None] | None:
    """The hooks run one after the other (the format's own first: it may set the tags anew)."""
    present = [h for h in hooks if h is not None]
    if len(present) <= 1:
        return present[0] if present else None

    def run(article: Article, is_new: bool) -> None:
        for hook in present:
            hook(article, is_new)

    return run
