"""The kept counts of public articles on documents, bodies and models (articles/counts.py):
after any change, each equals a fresh count under ``published()``."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.counts import recount_all, recounts_deferred, stale_counts
from articles.models import Article
from danvan.cache import NEXT_SCHEDULED_KEY, current_generation, forget_local_state
from organizations.models import Document, Exemplar, Organization
from tests.site.conftest import make_article, make_document, make_exemplar, make_organization

pytestmark = pytest.mark.django_db
FRESH = {"documents": 0, "organizations": 0, "exemplars": 0}


def kept(record) -> int:
    return type(record)._base_manager.values_list("published_article_count", flat=True).get(pk=record.pk)


def linked(article: Article, document=None, body=None, model=None) -> Article:
    if document:
        article.documents.add(document)
    if body:
        article.organizations.add(body)
    if model:
        article.exemplars.add(model)
    return article


def test_a_mixed_sequence_of_changes_keeps_every_count_fresh():
    document, other, body, model = make_document(), make_document(), make_organization(), make_exemplar()
    first = linked(make_article(), document, body, model)
    second = linked(make_article(), document, body)
    draft = linked(make_article(status=Article.Status.DRAFT), document, body, model)
    scheduled = linked(make_article(published_at=timezone.now() + dt.timedelta(days=1)), document, model=model)
    undated = linked(make_article(published_at=None, import_source="seeds/004.txt"), other)
    assert (kept(document), kept(other), kept(body), kept(model)) == (2, 1, 2, 1)

    draft.status = Article.Status.PUBLISHED  # published: counted
    draft.save()
    assert (kept(document), kept(body), kept(model)) == (3, 3, 2)
    first.status = Article.Status.ARCHIVED  # archived: no longer public
    first.save()
    assert (kept(document), kept(body), kept(model)) == (2, 2, 1)
    second.published_at = timezone.now() + dt.timedelta(hours=3)  # rescheduled into the future
    second.save()
    assert (kept(document), kept(body)) == (1, 1)
    second.documents.set([other])  # links changed from the article's side (the form)
    second.published_at = timezone.now() - dt.timedelta(hours=1)
    second.save()
    assert (kept(document), kept(other), kept(body)) == (1, 2, 2)
    other.articles.remove(undated)  # and from the document's side
    assert kept(other) == 1
    draft.organizations.clear()
    assert kept(body) == 1
    body.articles.add(draft, scheduled)  # the scheduled one is not counted yet
    assert kept(body) == 2
    second.delete()
    assert (kept(other), kept(body)) == (0, 1)
    model.articles.clear()
    assert kept(model) == 0
    assert kept(document) == 1 and scheduled.is_scheduled
    assert stale_counts() == FRESH


def test_unpublishing_deleting_and_unlinking_from_the_record_side_lower_the_list_counts(client):
    document = make_document()
    articles = [linked(make_article(), document) for _ in range(4)]
    assert kept(document) == 4
    articles[0].status = Article.Status.DRAFT
    articles[0].save()
    articles[1].delete()
    document.articles.remove(articles[2])
    response = client.get(reverse("organizations:document_list"))
    assert [d.published_article_count for d in response.context["object_list"]] == [1]
    assert "1 bài viết" in response.content.decode()


def test_a_scheduled_article_is_counted_once_it_falls_due(client):
    now = timezone.now()
    document, model = make_document(), make_exemplar()
    linked(make_article(), document)
    linked(make_article(published_at=now + dt.timedelta(hours=1)), document, model=model)
    assert (kept(document), kept(model)) == (1, 0)
    assert cache.get(NEXT_SCHEDULED_KEY) == pytest.approx((now + dt.timedelta(hours=1)).timestamp())
    with time_machine.travel(now + dt.timedelta(hours=2), tick=False):
        forget_local_state()
        current_generation()  # the first request after it, as the middleware makes it
        assert (kept(document), kept(model)) == (2, 1)
        response = client.get(reverse("organizations:exemplar_list"))
        assert [e.published_article_count for e in response.context["object_list"]] == [1]
        assert stale_counts() == FRESH


def test_a_scheduled_article_committed_after_its_time_is_counted(transactional_db):
    """Saved in a transaction that commits only after the time it was scheduled for: the
    recount of due articles at that moment could not see it; the commit counts it."""
    now = timezone.now()
    document = make_document()
    article = make_article(published_at=now + dt.timedelta(seconds=30))
    article.documents.add(document)
    with time_machine.travel(now, tick=False) as traveller, transaction.atomic():
        article.title = "Sửa trước giờ đăng"
        article.save()
        traveller.move_to(now + dt.timedelta(minutes=1))
    assert kept(document) == 1


def test_deferred_block_recounts_once_at_its_end_and_not_after_an_error():
    document, body = make_document(), make_organization()
    article = make_article()
    with transaction.atomic(), recounts_deferred() as recounts:
        Article.documents.through.objects.bulk_create([Article.documents.through(article=article, document=document)])
        article.organizations.add(body)
        recounts.note_articles([article.pk])
        assert kept(document) == kept(body) == 0  # not yet
    assert kept(document) == kept(body) == 1
    with pytest.raises(RuntimeError), transaction.atomic(), recounts_deferred():
        article.delete()
        raise RuntimeError("the batch failed")
    assert kept(document) == kept(body) == 1


def test_recount_command_reports_and_mends_counts_written_behind_its_back():
    document, body, model = make_document(), make_organization(), make_exemplar()
    linked(make_article(), document, body, model)
    Document.objects.update(published_article_count=7)
    Exemplar.objects.update(published_article_count=0)
    out = StringIO()
    call_command("recount_articles", "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == ["văn bản: 1 bản ghi lệch", "tổ chức: 0 bản ghi lệch", "mô hình: 1 bản ghi lệch"]
    assert kept(document) == 7
    call_command("recount_articles", stdout=StringIO())
    assert (kept(document), kept(body), kept(model)) == (1, 1, 1)
    assert stale_counts() == FRESH


def test_recount_all_counts_only_public_articles():
    document, body = make_document(), make_organization()
    for status in Article.Status.values:
        article = make_article(status=status)
        Article.documents.through.objects.create(article=article, document=document)
        Article.organizations.through.objects.create(article=article, organization=body)
    assert kept(document) == 0  # written without signals
    recount_all()
    assert (kept(document), kept(body)) == (1, 1)
    assert Organization.objects.get(pk=body.pk).published_article_count == 1
