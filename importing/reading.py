"""Reading one file — read, normalise, parse, extract — which needs no database and may run
in a worker process (``prepare``), and the known names it is matched against, read once
per run (``gazetteer_from_db``)."""

from __future__ import annotations

import dataclasses
import hashlib
import html
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps

from articles.models import Article, Section
from danvan.html import sanitized
from danvan.text import normalize, normalize_line
from organizations.models import Document, Exemplar, Organization

from .extract import Extraction, Gazetteer, KnownDocument, extract
from .files import MAX_BYTES, Decoded, ReadError, SourceFile, read_bytes, read_file
from .html import parse_html
from .parse import ParsedArticle, ParseError, parse_normalized
from .photofiles import process_mirror_photos
from .publisher import KnownBody
from .results import FileResult
from .workers import OverBudget, over_budget_reason, time_budget
from .years import year_hint


def gazetteer_from_db(publisher: Organization | None = None) -> Gazetteer:
    """Known names, read once per run (three queries), so per-file work never asks again.

    ``publisher``: the body whose portal the archive comes from (``--publisher``): names
    without a place are read as its (``publisher.Scope``)."""
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
            issuer_id=d.issuer_id,
        )
        for d in Document.objects.select_related("issuer").only(
            "pk", "symbol", "kind", "number", "issue_year", "term", "popular_names", "issuer__locality", "issuer__name"
        )
    ]
    bodies = list(Organization.objects.only("pk", "name", "short_name", "aliases", "kind", "level", "locality", "parent_id"))
    organizations = [(o.pk, o.names) for o in bodies]
    known_bodies = [KnownBody(o.pk, o.name, o.kind, o.level, o.locality, o.parent_id) for o in bodies]
    exemplars = [(e.pk, e.names) for e in Exemplar.objects.only("pk", "name", "aliases")]
    return Gazetteer(documents, organizations, exemplars, bodies=known_bodies, publisher=publisher.pk if publisher is not None else None)


def content_hash(text: str) -> str:
    """The provenance hash: SHA-256 of the normalised text, so NFD, BOMs or CRLF change nothing."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


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
    # The photos the article will have, for the workflow's publishing rules, when the format
    # attaches their files after the save (WordPress uploads); else they are the captions'.
    photos: list | None = None
    # A saved page's photo files, checked, cleaned and renditioned here (by path): the writer
    # only stores them. None: not processed ahead (the save does it).
    photo_files: dict | None = None


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
        return failed_file(source, over_budget_reason(budget or 0))


def failed_file(source: SourceFile, reason: str) -> Prepared:
    return Prepared(source, FileResult(path=str(source.path), key=source.key, outcome="failed", reason=reason))


def _prepare(source: SourceFile, gazetteer: Gazetteer, *, search_fields: bool, max_bytes: int) -> Prepared:
    result = FileResult(path=str(source.path), key=source.key, outcome="failed")
    try:
        if source.format == "html":
            data = read_bytes(source.path, max_bytes=max_bytes)
            parsed = parse_html(data, path=str(source.path), mirror_root=source.root)
            parsed, photo_files = process_mirror_photos(parsed)  # (the heaviest part of a page, done here)
            decoded = Decoded(text="", encoding=parsed.encoding or "utf-8")
            fingerprint = data  # (the page's own bytes: the parser decodes and normalises them)
        else:
            decoded = read_file(source.path, max_bytes=max_bytes)
            clean = normalize(decoded.text)
            parsed = parse_normalized(clean)
            fingerprint = clean.encode("utf-8")
            photo_files = {}
    except (ReadError, ParseError) as error:
        result.reason = str(error)
        return Prepared(source, result)
    parsed = with_year_hint(parsed)
    result.title = parsed.title
    result.warnings = [*decoded.warnings, *parsed.warnings]
    year = parsed.published_on.year if parsed.published_on else None
    extraction = extract(parsed.article_text(), gazetteer, year=year)
    body = sanitized(parsed.body_html or body_html(parsed.paragraphs))  # (an HTML page keeps its tables)
    return Prepared(
        source,
        result,
        parsed=parsed,
        extraction=extraction,
        encoding=decoded.encoding,
        digest=hashlib.sha256(fingerprint).hexdigest(),
        key=parsed.source_url or source.key,
        body=body,
        search_fields=search_fields_for(parsed, body) if search_fields else None,
        photo_files=photo_files,
    )


def with_year_hint(parsed: ParsedArticle) -> ParsedArticle:
    """An undated article with the year its address or text fixes (``years.year_hint``)."""
    if parsed.published_on is not None:
        return parsed
    hint = year_hint(parsed.article_text(), url=parsed.source_url)
    warnings = [*parsed.warnings, hint.warning] if hint.warning else parsed.warnings
    return dataclasses.replace(parsed, year_hint=hint.year, year_hint_source=hint.source, warnings=warnings)


def search_fields_for(parsed: ParsedArticle, body: str) -> dict | None:
    """The search entry of the article as Article.save will store it (title and lead normalised)."""
    if not apps.is_installed("search"):
        return None
    from search.indexing import article_text_fields

    return article_text_fields(normalize_line(parsed.title), normalize(parsed.lead), body)


def body_html(paragraphs: list[str]) -> str:
    """The paragraphs as escaped ``<p>`` elements (what ``format_html_join`` makes, faster)."""
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
