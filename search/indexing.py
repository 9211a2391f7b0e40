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

from articles.models import Article, Photo
from danvan.text import normalize, normalize_line
from organizations.models import Document, DocumentFile, Exemplar, Organization
from portal.gallery import Album, Video
from portal.models import Page

from . import backends
from .models import SearchEntry
from .query import term_string
from .suggest import forget_vocabulary

Kind = SearchEntry.Kind

# Reference records are few and named exactly; when they match as well as an article
# does, the record itself comes first.
WEIGHTS = {
    Kind.ARTICLE: 1.0,
    Kind.DOCUMENT: 1.5,
    Kind.ORGANIZATION: 1.3,
    Kind.EXEMPLAR: 1.3,
    Kind.PAGE: 1.0,
    Kind.ALBUM: 1.0,
    Kind.VIDEO: 1.0,
}

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


def _listed(*chunks: str | None) -> str:
    """Chunks on one line separated by " · ": a readable snippet ("Ban Dân vận tỉnh · BDV Quảng Ninh"),
    and "·" is no term, so nothing extra becomes searchable."""
    return " · ".join(line for c in chunks if (line := _one_line(c)))


def names_terms(names: Iterable[str]) -> str:
    """Every name of a record, folded, as "| name one | name two |" (see ``SearchEntry.names_terms``)."""
    folded = [t for t in dict.fromkeys(term_string(n) for n in names if n) if t]
    return f"| {' | '.join(folded)} |" if folded else ""


def _fields(kind: str, title: str, text: str, symbol: str = "", *, names=(), doc_key: str = "", dated=None) -> dict:
    title = normalize_line(title)[:600]
    return {
        "names_terms": names_terms(names),
        "doc_key": doc_key,
        "dated": dated,
        "kind": kind,
        "title": title,
        "title_exact": title.lower()[:600],
        "title_terms": term_string(title),
        "text": text,
        "text_terms": term_string(text),
        "symbol": symbol,
        "weight": WEIGHTS[kind],
    }


def _photo_lines(article: Article) -> list[str]:
    """Captions and credits of the article's photos: readers see them, so search finds them."""
    photos = getattr(article, "indexed_photos", None)  # prefetched by ``rebuild``
    if photos is None:
        photos = Photo.objects.filter(article=article).only("caption", "credit") if article.pk else []
    return [line for photo in photos for line in (photo.caption, photo.credit) if line]


def _photos_prefetch() -> models.Prefetch:
    return models.Prefetch("photos", queryset=Photo.objects.only("article_id", "caption", "credit"), to_attr="indexed_photos")


def article_fields(article: Article) -> dict:
    return with_photo_lines(article_text_fields(article.title, article.lead, article.body), _photo_lines(article))


def article_text_fields(title: str, lead: str, body: str) -> dict:
    """An article's entry from the three fields it is made of (see ``SOURCE_FIELDS``);
    its photos' captions and credits are added by ``with_photo_lines``."""
    return _fields(Kind.ARTICLE, title, _one_line(lead, html_to_text(body)))


def with_photo_lines(fields: dict, lines: list[str]) -> dict:
    if not lines:
        return fields
    text = _one_line(fields["text"], *lines)
    return {**fields, "text": text, "text_terms": term_string(text)}


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
    # The subject line first: a document's snippet starts there unless the match is further on.
    text = _listed(
        document.subject,
        *document.popular_name_list,
        f"{kind} {document.number}".strip(),
        document.symbol,
        document.signer,
        html_to_text(document.body),
        *_public_file_texts(document),
    )
    number = document.number or _leading_number(document.symbol)
    names = [document.symbol, f"{kind} {number}".strip(), f"{kind} {document.symbol}", *document.popular_name_list]
    return _fields(
        Kind.DOCUMENT,
        title,
        text[:DOCUMENT_TEXT_LIMIT],
        symbol=document.symbol,
        names=names,
        doc_key=doc_key(document.kind, number),
        dated=_midnight(document.issued_on),
    )


def _leading_number(symbol: str) -> str:
    digits = ""
    for char in symbol or "":
        if not char.isdigit():
            break
        digits += char
    return digits


def doc_key(kind: str, number: str) -> str:
    """ "nghi_quyet:25": what "nq 25", "NQ25" and "nghị quyết số 25" look up (see ``query.doc_keys_of``)."""
    number = (number or "").lstrip("0")
    return f"{kind}:{number}" if kind and number else ""


def _midnight(day):
    if day is None:
        return None
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time()))


def organization_fields(organization: Organization) -> dict:
    others = [n for n in organization.names if n != organization.name]
    # The description is what a body's result shows under its name; the aliases follow it.
    return _fields(Kind.ORGANIZATION, organization.name, _listed(organization.description, *others), names=organization.names)


def exemplar_fields(exemplar: Exemplar) -> dict:
    others = [n for n in exemplar.names if n != exemplar.name]
    return _fields(Kind.EXEMPLAR, exemplar.name, _listed(exemplar.description, *others), names=exemplar.names)


def page_fields(page: Page) -> dict:
    return _fields(Kind.PAGE, page.title, _one_line(html_to_text(page.body)), names=[page.title])


def album_fields(album: Album) -> dict:
    return _fields(Kind.ALBUM, album.title, _one_line(album.description), names=[album.title], dated=_midnight(album.date))


def video_fields(video: Video) -> dict:
    return _fields(Kind.VIDEO, video.title, _one_line(video.description), names=[video.title], dated=_midnight(video.date))


FIELDS_FOR = {
    Article: (Kind.ARTICLE, article_fields),
    Document: (Kind.DOCUMENT, document_fields),
    Organization: (Kind.ORGANIZATION, organization_fields),
    Exemplar: (Kind.EXEMPLAR, exemplar_fields),
    Page: (Kind.PAGE, page_fields),
    Album: (Kind.ALBUM, album_fields),
    Video: (Kind.VIDEO, video_fields),
}
INDEXED_MODELS = tuple(FIELDS_FOR)

#: The model fields an entry is made from; a save(update_fields=…) touching none of them
#: (a view counter, a status change) leaves the entry alone.
SOURCE_FIELDS = {
    Article: frozenset({"title", "lead", "body"}),
    Document: frozenset({"kind", "number", "symbol", "subject", "popular_names", "signer", "body", "issued_on"}),
    Organization: frozenset({"name", "short_name", "aliases", "description"}),
    Exemplar: frozenset({"name", "aliases", "description"}),
    Page: frozenset({"title", "body"}),
    Album: frozenset({"title", "description", "date"}),
    Video: frozenset({"title", "description", "date"}),
}


def index_instance(instance: models.Model, *, created: bool = False) -> None:
    """Bring the entry of one saved record up to date: an UPDATE, or an INSERT the first time.

    ``created``: the record was just inserted (``post_save``'s flag), so it can have no
    entry yet and the UPDATE is skipped.
    """
    kind, fields_of = FIELDS_FOR[type(instance)]
    if created and type(instance) is Article:
        instance.indexed_photos = []  # just inserted: it has no photos yet, nothing to read
    fields = fields_of(instance)
    if created and type(instance) is Article:
        del instance.indexed_photos
    forget_vocabulary()
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

    def holds(self, model: type, pk: int | None) -> bool:
        """Whether a record is queued already (its entry will be made from the database at the flush)."""
        return pk is not None and any(type(instance) is model and instance.pk == pk for instance, _created in reversed(self._queue))

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
                return with_photo_lines(ready, _photo_lines(instance))
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
        articles = [instance for instance, _created in latest.values() if type(instance) is Article]
        if articles:  # their photos' captions, in one query for the batch
            for article in articles:
                article.__dict__.pop("indexed_photos", None)
            models.prefetch_related_objects(articles, _photos_prefetch())
        by_kind: dict[str, tuple[list[int], list[SearchEntry]]] = {}
        for instance, created in latest.values():
            kind = FIELDS_FOR[type(instance)][0]
            stale, entries = by_kind.setdefault(kind, ([], []))
            if not created:
                stale.append(instance.pk)
            entries.append(SearchEntry(**{kind: instance}, **self._fields_of(instance)))
        self._ready.clear()
        forget_vocabulary()
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
            if model is Article:
                queryset = queryset.prefetch_related(_photos_prefetch())
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
