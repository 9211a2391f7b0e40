"""Keep the index in step with the records it describes.

Saves re-index the record (inside ``indexing.deferred_indexing()``, they are queued for a
bulk write instead). Deletes need no handler: entries go with their record through
the one-to-one's CASCADE. Status, schedule and many-to-many changes need none either —
the index holds text only, and visibility is decided at query time.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from articles.models import Article, Photo
from organizations.models import Document, DocumentFile

from .indexing import INDEXED_MODELS, SOURCE_FIELDS, current_deferred, index_instance
from .suggest import forget_vocabulary


def reindex_on_save(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    # Fixture loading (raw=True) is indexed too: reference data must be searchable.
    if sender is Article:
        forget_vocabulary()  # a status change leaves the entry alone but changes what may be suggested
    if update_fields is not None and not SOURCE_FIELDS[sender] & set(update_fields):
        return
    pending = current_deferred()
    if pending is not None:
        pending.add(instance, created=created)
    else:
        index_instance(instance, created=created)


def reindex_document_of_file(sender, instance, origin=None, **kwargs) -> None:
    """A file added, removed, made public or private changes what its document's entry holds."""
    # Deleting the document deletes its files first, while the row is still there: its
    # entry is going too, and writing one now would point at a deleted document.
    if isinstance(origin, Document) or (isinstance(origin, QuerySet) and origin.model is Document):
        return
    document = Document.objects.filter(pk=instance.document_id).first()
    if document is not None:
        reindex_on_save(Document, document)


def reindex_article_of_photo(sender, instance, origin=None, **kwargs) -> None:
    """A photo's caption and credit are part of its article's entry."""
    if isinstance(origin, Article) or (isinstance(origin, QuerySet) and origin.model is Article):
        return  # the article is being deleted, its entry with it
    pending = current_deferred()
    if pending is not None and pending.holds(Article, instance.article_id):
        return  # its entry is written at the flush, with its photos' captions as they are then
    article = Article.objects.filter(pk=instance.article_id).first()
    if article is not None:
        reindex_on_save(Article, article)


def connect() -> None:
    for model in INDEXED_MODELS:
        post_save.connect(reindex_on_save, sender=model, dispatch_uid=f"search.reindex.{model._meta.label_lower}")
    post_save.connect(reindex_document_of_file, sender=DocumentFile, dispatch_uid="search.reindex.documentfile.save")
    post_delete.connect(reindex_document_of_file, sender=DocumentFile, dispatch_uid="search.reindex.documentfile.delete")
    post_save.connect(reindex_article_of_photo, sender=Photo, dispatch_uid="search.reindex.photo.save")
    post_delete.connect(reindex_article_of_photo, sender=Photo, dispatch_uid="search.reindex.photo.delete")
