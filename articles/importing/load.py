"""The only part of the importer that writes: one transaction per file, upsert on provenance.

An article is found again by its provenance — ``import_source`` (the page URL printed in
the file, else the file's archive key, see ``files.SourceFile``) or, failing that, the
``import_hash`` of its normalised text (the same file under another path is the same
article). Same hash → nothing is written. Changed text → the article is updated in place:
fields, caption-only photos and the links the importer made last time; links editors added
by hand and photos with an uploaded image are kept. Status and section are set when the
article is created and then left to the editors.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.html import format_html_join

from danvan.text import normalize, slugify_vi, unique_slug
from organizations.models import Document, Exemplar, Organization

from ..models import Article, Photo, Section
from .extract import DocumentLink, Extraction, Gazetteer, KnownDocument, extract
from .files import ReadError, SourceFile, read_file
from .parse import ParsedArticle, ParseError, parse_normalized

__all__ = ["FileResult", "ImportOptions", "Importer", "RunResult", "content_hash", "gazetteer_from_db", "import_files"]

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REPORT_VERSION = 1


@dataclass(frozen=True)
class ImportOptions:
    section: Section | None = None
    status: str = Article.Status.PUBLISHED
    dry_run: bool = False


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
) -> RunResult:
    """Import ``files`` one transaction each; a failed file is reported and the run goes on."""
    return Importer(options=options, gazetteer=gazetteer).run(files, on_result=on_result)


class Importer:
    """One run. What every file needs to look up — known names, the hashes of articles already
    imported — is read once here, so the queries per file do not grow with the archive."""

    def __init__(self, *, options: ImportOptions = ImportOptions(), gazetteer: Gazetteer | None = None) -> None:
        self.options = options
        self.gazetteer = gazetteer if gazetteer is not None else gazetteer_from_db()
        # import_hash has no index: one read per run instead of a table scan per file.
        self.seen: dict[str, str] = {}  # provenance key → the file that used it in this run
        self.hashes: dict[str, int] = dict(Article.objects.exclude(import_source="").order_by().values_list("import_hash", "pk"))

    def run(self, files: Iterable[SourceFile], *, on_result: Callable[[FileResult], None] | None = None) -> RunResult:
        result = RunResult()
        for source in files:
            file_result = self.import_file(source)
            result.files.append(file_result)
            if on_result is not None:
                on_result(file_result)
        return result

    def import_file(self, source: SourceFile) -> FileResult:
        """Read, parse, extract and (unless dry-run) save one file. Never raises for bad input."""
        result = FileResult(path=str(source.path), key=source.key, outcome="failed")
        try:
            decoded = read_file(source.path)
            clean = normalize(decoded.text)
            parsed = parse_normalized(clean)
        except (ReadError, ParseError) as error:
            result.reason = str(error)
            return result
        result.title = parsed.title
        result.warnings = [*decoded.warnings, *parsed.warnings]
        digest = hashlib.sha256(clean.encode("utf-8")).hexdigest()
        key = parsed.source_url or source.key
        if key in self.seen:
            result.warnings.append(f"{self.seen[key]} in this run has the same source; the later file wins")
        self.seen[key] = source.key
        year = parsed.published_on.year if parsed.published_on else None
        extraction = extract(parsed.article_text(), self.gazetteer, year=year)
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
        try:
            with transaction.atomic():
                created_docs, new_symbols = _create_documents(extraction.new_documents)
                article = _save_article(
                    existing,
                    parsed,
                    extraction,
                    created_docs,
                    key=key,
                    digest=digest,
                    options=self.options,
                    encoding=decoded.encoding,
                    warnings=result.warnings,
                    new_symbols=new_symbols,
                )
        except (ValidationError, DatabaseError) as error:
            result.reason = "could not save: " + " ".join(_messages(error).split())
            result.documents_created = []
            return result
        # Only now that the transaction has committed may the run remember what it wrote.
        for document in created_docs.values():
            self.gazetteer.add_document(
                KnownDocument(document.pk, document.symbol, document.kind, document.number, document.issue_year, document.term)
            )
        if existing is not None:
            self.hashes.pop(existing.import_hash, None)
        self.hashes[digest] = article.pk
        result.outcome = "updated" if existing else "created"
        result.article_id = article.pk
        result.documents_created = new_symbols
        return result

    def _find_existing(self, key: str, digest: str) -> Article | None:
        """The article this file already became: by source first, then by identical text."""
        fields = ("pk", "import_source", "import_hash", "import_report", "section", "slug")
        # "<> ''" repeats the partial unique index's condition, so SQLite can use that index.
        article = Article.objects.filter(import_source=key).exclude(import_source="").order_by().only(*fields).first()
        if article is None and digest in self.hashes:
            article = Article.objects.filter(pk=self.hashes[digest]).only(*fields).first()
        return article


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
            document.full_clean()
            document.save()
            new_symbols.append(document.symbol)
        created[identity] = document
    return created, sorted(set(new_symbols))


def _slug_for(title: str, current: Article | None) -> str:
    if current is not None and current.slug:
        return current.slug
    base = slugify_vi(title) or "bai-viet"
    # One indexed query for the usual case; the rare title used ten times falls back to a scan.
    tries = [base, *(f"{base[: 255 - len(str(n)) - 1].rstrip('-')}-{n}" for n in range(2, 11))]
    taken = set(Article.objects.filter(slug__in=tries).values_list("slug", flat=True))
    if len(taken) == len(tries):
        taken |= set(Article.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return unique_slug(title, taken.__contains__)


def _site_of(url: str) -> str:
    """The site's name from a page URL ("baoquangninh.vn"), for pages that name no source."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def _body_html(paragraphs: list[str]) -> str:
    return str(format_html_join("\n", "<p>{}</p>", ((p,) for p in paragraphs)))


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
) -> Article:
    article = Article.objects.get(pk=existing.pk) if existing else Article(status=options.status, section=options.section)
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
    article.slug = _slug_for(parsed.title, existing)
    article.lead = parsed.lead
    article.body = _body_html(parsed.paragraphs)
    article.byline = parsed.byline_display[:255]
    article.source = (parsed.source or _site_of(parsed.source_url))[:255]
    article.source_url = parsed.source_url
    article.view_count = parsed.view_count or 0
    article.published_at = timezone.make_aware(parsed.published_at, LOCAL_TZ) if parsed.published_at else None
    if article.section_id is None and options.section is not None:
        article.section = options.section
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
    }
    # Uniqueness (slug, import_source) is the database's to enforce inside this transaction:
    # a clash raises IntegrityError, which rolls the file back and reports it.
    article.full_clean(exclude=["slug"], validate_unique=False, validate_constraints=False)
    article.save()
    _sync_photos(article, parsed, is_new=existing is None)
    _sync_links(article, linked, previous_links, is_new=existing is None)
    return article


def _sync_links(article: Article, linked: dict[str, list[int]], previous: dict[str, list[int]], *, is_new: bool) -> None:
    """Links the importer made: added once, dropped when the text no longer names them."""
    for name in ("documents", "organizations", "exemplars"):
        manager = getattr(article, name)
        if is_new:
            # A new article has no links yet: one INSERT, no read-back.
            through = manager.through
            column = manager.target_field_name + "_id"
            through.objects.bulk_create([through(article_id=article.pk, **{column: ident}) for ident in linked[name]])
            continue
        stale = set(previous.get(name, [])) - set(linked[name])
        if stale:
            manager.remove(*stale)
        if linked[name]:
            manager.add(*linked[name])


def _sync_photos(article: Article, parsed: ParsedArticle, *, is_new: bool) -> None:
    """Caption-only photos follow the file; photos with an uploaded image are never dropped."""
    wanted = [
        Photo(article=article, caption=c.text, credit=c.credit[:255], order=i, after_paragraph=c.after_paragraph)
        for i, c in enumerate(parsed.captions)
    ]
    if is_new:
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
