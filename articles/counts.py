"""Kept counts: how many public articles cite each document, body and model.

The lists of documents, bodies and models show that number on every line. Counting it per
request reads every link of every listed record, work that grows with the archive; so each
record keeps it (``published_article_count``, organizations.base.CitedByArticles) and it is
recounted — a fresh count of that record's links under ``published()``, never an
increment — for exactly the records a change can move, in the change's own transaction:

- an article saved whose public state changed (published, unpublished, archived,
  rescheduled), or deleted while public;
- links added, removed or cleared, from either side (an article's documents, a document's
  articles);
- a scheduled article falling due: no write happens at that moment, so the first request
  after it (danvan.cache, the same moment the page cache learns of it) sends
  ``scheduled_fell_due``, and the records of every article that fell due since
  ``CountsClock.counted_until`` are recounted. The clock is in the database, not the cache,
  so an article can only be late (until the next one falls due, or ``recount_articles``),
  never counted twice or lost for good;
- bulk writers (the importer's batches, the corpus builder, a restore) defer the recounts to
  the end of their block (``recounts_deferred``) or recount everything (``recount_all``).

Each recount locks its records first (``SELECT … FOR UPDATE``, in the order of their keys),
so two transactions changing links of one record count one after the other, each seeing
what the other committed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Article, CountsClock, published_q

LINKS = ("documents", "organizations", "exemplars")
CHUNK = 500  # keys per statement, within every database's limit of parameters


def _chunks(values: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _link(name: str):
    """The link table of ``Article.<name>``, its column naming the record, and the record's model."""
    field = Article._meta.get_field(name)
    return field.remote_field.through, field.m2m_reverse_field_name(), field.related_model


def fresh_count(name: str) -> Coalesce:
    """The number of public articles linked to the outer record, for an UPDATE or an annotation."""
    through, column, _model = _link(name)
    counted = (
        through.objects.filter(published_q(prefix="article__"), **{column: OuterRef("pk")})
        .order_by()
        .values(column)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def _using(using: str | None) -> str:
    return using or router.db_for_write(Article)


def recount(name: str, ids: Iterable[int], *, using: str | None = None) -> None:
    """Count afresh the public articles of these records of ``name`` (documents …)."""
    using = _using(using)
    _through, _column, model = _link(name)
    with transaction.atomic(using=using):
        for chunk in _chunks(ids):
            rows = model._base_manager.using(using).filter(pk__in=chunk)
            list(rows.select_for_update().order_by("pk").values_list("pk", flat=True))
            rows.update(published_article_count=fresh_count(name))


def recount_records(records: dict[str, set[int]], *, using: str | None = None) -> None:
    for name in LINKS:  # always in this order, like the rows within it: no deadlock
        if records.get(name):
            recount(name, records[name], using=using)


def records_of(article_ids: Iterable[int], *, using: str | None = None) -> dict[str, set[int]]:
    """The records the articles link to, by link."""
    using = _using(using)
    found: dict[str, set[int]] = {name: set() for name in LINKS}
    for chunk in _chunks(article_ids):
        for name in LINKS:
            through, column, _model = _link(name)
            found[name].update(through.objects.using(using).filter(article_id__in=chunk).values_list(f"{column}_id", flat=True))
    return found


def recount_for_articles(article_ids: Iterable[int], *, using: str | None = None) -> None:
    recount_records(records_of(article_ids, using=using), using=using)


def stale_counts(*, using: str | None = None) -> dict[str, int]:
    """How many records of each kind keep a count that differs from a fresh one."""
    using = _using(using)
    stale = {}
    for name in LINKS:
        _through, _column, model = _link(name)
        rows = model._base_manager.using(using).annotate(fresh=fresh_count(name))
        stale[name] = rows.exclude(published_article_count=F("fresh")).count()
    return stale


def recount_all(*, using: str | None = None) -> None:
    """Every record counted afresh (after a restore, a corpus built, or to check the rest).
    The clock stays: counts only became fresher than it says."""
    using = _using(using)
    with transaction.atomic(using=using):
        for name in LINKS:
            _through, _column, model = _link(name)
            model._base_manager.using(using).update(published_article_count=fresh_count(name))


def recount_fallen_due(using: str | None = None, **_signal_kwargs) -> None:
    """The records of the articles that fell due since the clock, recounted; the clock moved to now."""
    using = _using(using)
    now = timezone.now()
    with transaction.atomic(using=using):
        # Locked: a second process waits here, then finds nothing new.
        clock = CountsClock.objects.using(using).select_for_update().filter(pk=1).first()
        if clock is None:  # (migrations make it; an emptied database has none): since when is unknown
            recount_all(using=using)
            CountsClock.objects.using(using).create(pk=1, counted_until=now)
            return
        due = Article.objects.using(using).published().filter(published_at__gt=clock.counted_until).values_list("pk", flat=True)
        recount_for_articles(list(due), using=using)
        clock.counted_until = now
        clock.save(using=using, update_fields=["counted_until"])


# Bulk writers: the recounts of a block, done once at its end.


@dataclass
class _Pending:
    using: str
    articles: set[int] = field(default_factory=set)
    records: dict[str, set[int]] = field(default_factory=lambda: {name: set() for name in LINKS})

    def apply(self) -> None:
        found = records_of(self.articles, using=self.using)
        for name in LINKS:
            found[name] |= self.records[name]
        recount_records(found, using=self.using)


_deferred = threading.local()


def _pending() -> _Pending | None:
    stack = getattr(_deferred, "stack", None)
    return stack[-1] if stack else None


class recounts_deferred:
    """Within this block, the records that saves, deletions and link changes touch are
    noted instead of recounted, and recounted once when the block ends without an error
    (it belongs inside the writer's transaction, so the counts commit with the rows).
    Rows written without signals (``bulk_create``) are the writer's to note with
    ``note_articles``. A block inside another hands its notes to the outer one."""

    def __init__(self, using: str = DEFAULT_DB_ALIAS) -> None:
        self.using = using

    def __enter__(self) -> recounts_deferred:
        stack = getattr(_deferred, "stack", None)
        if stack is None:
            stack = _deferred.stack = []
        stack.append(_Pending(self.using))
        return self

    def note_articles(self, ids: Iterable[int]) -> None:
        _deferred.stack[-1].articles.update(ident for ident in ids if ident is not None)

    def __exit__(self, exc_type, *_exc) -> None:
        pending = _deferred.stack.pop()
        if exc_type is not None:
            return
        outer = _pending()
        if outer is not None:
            outer.articles |= pending.articles
            for name in LINKS:
                outer.records[name] |= pending.records[name]
            return
        pending.apply()


# Signal handlers (connected in articles.apps).


def _is_public(pk: int | None, using: str | None) -> bool:
    return pk is not None and Article.objects.using(_using(using)).published().filter(pk=pk).exists()


def article_saving(sender, instance, raw=False, using=None, **_kwargs) -> None:
    if raw or _pending() is not None:
        return
    instance._counted_public = False if instance._state.adding else _is_public(instance.pk, using)


def article_saved(sender, instance, created=False, raw=False, using=None, **_kwargs) -> None:
    if raw:
        return  # fixtures and restores: their writer recounts
    pending = _pending()
    if pending is not None:
        pending.articles.add(instance.pk)
        return
    if created:
        return  # no links yet: adding them recounts
    public = _is_public(instance.pk, using)
    if public != getattr(instance, "_counted_public", not public):
        recount_for_articles([instance.pk], using=using)
    if not public and instance.is_scheduled:
        # Falling due before this transaction commits, it would be missed by the recount
        # of due articles (which cannot see it yet): look again once it has committed.
        pk, alias = instance.pk, _using(using)
        transaction.on_commit(lambda: _is_public(pk, alias) and recount_for_articles([pk], using=alias), using=alias)


def article_deleting(sender, instance, using=None, **_kwargs) -> None:
    if _pending() is not None or _is_public(instance.pk, using):
        instance._counted_records = records_of([instance.pk], using=using)


def article_deleted(sender, instance, using=None, **_kwargs) -> None:
    records = getattr(instance, "_counted_records", None)
    if not records:
        return
    pending = _pending()
    if pending is not None:
        for name in LINKS:
            pending.records[name] |= records[name]
        return
    recount_records(records, using=using)


def _links_changed(name: str, instance, action: str, pk_set, using) -> None:
    if isinstance(instance, Article):
        if action == "pre_clear":
            instance.__dict__.setdefault("_counted_cleared", {})[name] = set(
                getattr(instance, name).using(_using(using)).values_list("pk", flat=True)
            )
            return
        if action == "post_clear":
            ids = instance.__dict__.get("_counted_cleared", {}).pop(name, set())
        elif action in ("post_add", "post_remove"):
            ids = set(pk_set or ())
        else:
            return
        if not ids:
            return
        pending = _pending()
        if pending is not None:
            pending.records[name] |= ids
        elif _is_public(instance.pk, using):
            recount(name, ids, using=using)
        return
    # From the record's side (a document's articles): that one record.
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    pending = _pending()
    if pending is not None:
        pending.records[name].add(instance.pk)
    else:
        recount(name, [instance.pk], using=using)


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

    from danvan.cache import scheduled_fell_due

    pre_save.connect(article_saving, sender=Article, dispatch_uid="counts-article-saving")
    post_save.connect(article_saved, sender=Article, dispatch_uid="counts-article-saved")
    pre_delete.connect(article_deleting, sender=Article, dispatch_uid="counts-article-deleting")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="counts-article-deleted")
    for name in LINKS:
        through, _column, _model = _link(name)

        def changed(sender, instance, action, pk_set=None, using=None, _name=name, **_kwargs) -> None:
            _links_changed(_name, instance, action, pk_set, using)

        m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"counts-links-{name}")
    scheduled_fell_due.connect(recount_fallen_due, dispatch_uid="counts-fallen-due")
