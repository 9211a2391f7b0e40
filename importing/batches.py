"""The batch writer: a batch's new articles, their photos and links inserted together (one
INSERT per table), and the search entries deferred to the batch's end."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import router
from django.db.models.signals import post_save, pre_save

from articles.models import Article

from .results import FileResult


class NewRows:
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

    def extend(self, other: NewRows, result: FileResult) -> None:
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


@contextmanager
def deferred_indexing() -> Iterator[Any]:
    """The search app's deferred indexing when it is installed, else nothing."""
    if not apps.is_installed("search"):
        yield None
        return
    from search.indexing import deferred_indexing

    with deferred_indexing() as pending:
        yield pending
