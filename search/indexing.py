"""Writing the index: what text each record contributes, and keeping rows in step.

Per save it costs one UPDATE, or one INSERT when the record has just been created. The
full-text side (FTS5 triggers on SQLite, a generated column on PostgreSQL) follows in the
database without further queries.

Bulk writers (the article importer) open ``deferred_indexing()``: saves inside it are
collected and written with a few queries per batch by ``DeferredIndex.flush()``, inside
the writer's own transaction, so a record rolled back takes its entry with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from html.parser import HTMLParser

from django.conf import settings
from django.db import models, transaction
from django.utils import translation

from articles.models import Article
from danvan.text import normalize, normalize_line
from organizations.models import Document, DocumentFile, Exemplar, Organization

from . import backends
from .models import SearchEntry
from .query import term_string

Kind = SearchEntry.Kind

# Reference records are few and named exactly; when they match as well as an article
# does, the record itself comes first.
WEIGHTS = {Kind.ARTICLE: 1.0, Kind.DOCUMENT: 1.5, Kind.ORGANIZATION: 1.3, Kind.EXEMPLAR: 1.3}

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre "
    "section table tbody td tfoot th thead tr ul".split()
)
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str | None) -> str:
    """The words a reader sees in an HTML body; script and style contents are dropped."""
    if not html:
        return ""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _one_line(*chunks: str | None) -> str:
    """NFC text on one line with single spaces, so that ``fold`` keeps its length."""
    return " ".join(" ".join(normalize(c).split()) for c in chunks if c and c.strip()).strip()


def _fields(kind: str, title: str, text: str, symbol: str = "") -> dict:
    title = normalize_line(title)[:600]
    return {
        "kind": kind,
        "title": title,
        "title_exact": title.lower()[:600],
        "title_terms": term_string(title),
        "text": text,
        "text_terms": term_string(text),
        "symbol": symbol,
        "weight": WEIGHTS[kind],
    }


def article_fields(article: Article) -> dict:
    return article_text_fields(article.title, article.lead, article.body)


def article_text_fields(title: str, lead: str, body: str) -> dict:
    """An article's entry from the three fields it is made of (see ``SOURCE_FIELDS``)."""
    return _fields(Kind.ARTICLE, title, _one_line(lead, html_to_text(body)))


# A document's full text and its files' text can be long; past this the rest is left out
# (PostgreSQL's tsvector holds at most 1 MB, and snippets come from the start anyway).
DOCUMENT_TEXT_LIMIT = 300_000


def _public_file_texts(document: Document) -> list[str]:
    """The text read from the document's public files; files kept off the site stay out of search."""
    files = getattr(document, "indexed_files", None)  # prefetched by ``rebuild``
    if files is None:
        files = DocumentFile.objects.public().filter(document=document).only("text") if document.pk else []
    return [f.text for f in files]


def document_fields(document: Document) -> dict:
    # The index speaks the site's language, whatever language the saving request used.
    with translation.override(settings.LANGUAGE_CODE):
        kind = str(document.get_kind_display())
        title = document.title
    # "nghị quyết 25" must find 25-NQ/TW: the kind and the bare number are indexed too.
    text = _one_line(
        document.subject,
        *document.popular_name_list,
        f"{kind} {document.number}".strip(),
        document.symbol,
        document.signer,
        html_to_text(document.body),
        *_public_file_texts(document),
    )
    return _fields(Kind.DOCUMENT, title, text[:DOCUMENT_TEXT_LIMIT], symbol=document.symbol)


def organization_fields(organization: Organization) -> dict:
    others = [n for n in organization.names if n != organization.name]
    return _fields(Kind.ORGANIZATION, organization.name, _one_line(*others))


def exemplar_fields(exemplar: Exemplar) -> dict:
    others = [n for n in exemplar.names if n != exemplar.name]
    return _fields(Kind.EXEMPLAR, exemplar.name, _one_line(*others, exemplar.description))


FIELDS_FOR = {
    Article: (Kind.ARTICLE, article_fields),
    Document: (Kind.DOCUMENT, document_fields),
    Organization: (Kind.ORGANIZATION, organization_fields),
    Exemplar: (Kind.EXEMPLAR, exemplar_fields),
}
INDEXED_MODELS = tuple(FIELDS_FOR)

#: The model fields an entry is made from; a save(update_fields=…) touching none of them
#: (a view counter, a status change) leaves the entry alone.
SOURCE_FIELDS = {
    Article: frozenset({"title", "lead", "body"}),
    Document: frozenset({"kind", "number", "symbol", "subject", "popular_names", "signer", "body"}),
    Organization: frozenset({"name", "short_name", "aliases"}),
    Exemplar: frozenset({"name", "aliases", "description"}),
}


def index_instance(instance: models.Model, *, created: bool = False) -> None:
    """Bring the entry of one saved record up to date: an UPDATE, or an INSERT the first time.

    ``created``: the record was just inserted (``post_save``'s flag), so it can have no
    entry yet and the UPDATE is skipped.
    """
    kind, fields_of = FIELDS_FOR[type(instance)]
    fields = fields_of(instance)
    if created or not SearchEntry.objects.filter(**{kind: instance}).update(**fields):
        SearchEntry.objects.create(**{kind: instance}, **fields)


_deferred: ContextVar[DeferredIndex | None] = ContextVar("search_deferred_index", default=None)


class DeferredIndex:
    """Records saved inside ``deferred_indexing()``, waiting to be indexed in bulk.

    Wrap each unit of work that may fail in ``atomic()``: when it rolls back, what it
    queued is dropped with it. ``flush()`` must run inside the transaction that wrote the
    records, so the entries commit (or roll back) with them.
    """

    def __init__(self) -> None:
        self._queue: list[tuple[models.Model, bool]] = []
        # Fields computed ahead (in a worker process), keyed by the text they were made from.
        self._ready: dict[tuple[str, str, str], dict] = {}

    def __len__(self) -> int:
        """Saves queued and not yet flushed."""
        return len(self._queue)

    def add(self, instance: models.Model, *, created: bool) -> None:
        self._queue.append((instance, created))

    def provide_article_fields(self, title: str, lead: str, body: str, fields: dict) -> None:
        """Offer an article's entry fields computed elsewhere; used only if the saved text matches."""
        self._ready[(title, lead, body)] = fields

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """``transaction.atomic()`` that also forgets what was queued inside it if it fails."""
        mark = len(self._queue)
        try:
            with transaction.atomic():
                yield
        except BaseException:
            del self._queue[mark:]
            raise

    def _fields_of(self, instance: models.Model) -> dict:
        if type(instance) is Article:
            ready = self._ready.get((instance.title, instance.lead, instance.body))
            if ready is not None:
                return ready
        return FIELDS_FOR[type(instance)][1](instance)

    def flush(self) -> None:
        """Write the queued entries: per kind, one DELETE of the old ones and one bulk INSERT."""
        if not self._queue:
            return
        latest: dict[tuple[type, int], tuple[models.Model, bool]] = {}
        for instance, created in self._queue:
            key = (type(instance), instance.pk)
            earlier = latest.pop(key, None)
            latest[key] = (instance, created or (earlier is not None and earlier[1]))
        self._queue.clear()
        by_kind: dict[str, tuple[list[int], list[SearchEntry]]] = {}
        for instance, created in latest.values():
            kind = FIELDS_FOR[type(instance)][0]
            stale, entries = by_kind.setdefault(kind, ([], []))
            if not created:
                stale.append(instance.pk)
            entries.append(SearchEntry(**{kind: instance}, **self._fields_of(instance)))
        self._ready.clear()
        for kind, (stale, entries) in by_kind.items():
            if stale:
                SearchEntry.objects.filter(**{f"{kind}__in": stale}).delete()
            SearchEntry.objects.bulk_create(entries)


@contextmanager
def deferred_indexing() -> Iterator[DeferredIndex]:
    """Collect the saves of indexed records instead of indexing each one; see ``DeferredIndex``.

    Whatever is still queued when the block ends without an error is flushed then.
    """
    pending = DeferredIndex()
    token = _deferred.set(pending)
    try:
        yield pending
        pending.flush()
    finally:
        _deferred.reset(token)


def current_deferred() -> DeferredIndex | None:
    """The ``DeferredIndex`` collecting saves in this context, if any."""
    return _deferred.get()


def entries_for(instances: Iterable[models.Model]) -> Iterable[SearchEntry]:
    for instance in instances:
        kind, fields_of = FIELDS_FOR[type(instance)]
        yield SearchEntry(**{kind: instance}, **fields_of(instance))


def rebuild(*, batch_size: int = 500, dry_run: bool = False) -> dict[str, int]:
    """Empty the index and fill it again from every record; returns counts by kind.

    Articles of every status are indexed: visibility is decided when a query runs.
    """
    counts: dict[str, int] = {}
    backend = backends.get_backend()
    with transaction.atomic():
        if not dry_run:
            # Put back the engine's tables and triggers should a migration have dropped
            # them (SQLite rebuilds a table to alter it, and its triggers go with it).
            backend.install()
            SearchEntry.objects.all().delete()
        for model, (kind, _fields_of) in FIELDS_FOR.items():
            queryset = model._default_manager.order_by("pk")
            if model is Document:
                queryset = queryset.prefetch_related(
                    models.Prefetch("files", queryset=DocumentFile.objects.public().only("document_id", "text"), to_attr="indexed_files")
                )
            counts[kind] = queryset.count()
            if dry_run:
                continue
            batch: list[SearchEntry] = []
            for entry in entries_for(queryset.iterator(chunk_size=batch_size)):
                batch.append(entry)
                if len(batch) >= batch_size:
                    SearchEntry.objects.bulk_create(batch)
                    batch = []
            SearchEntry.objects.bulk_create(batch)
        if not dry_run:
            backend.after_rebuild()
    return counts
