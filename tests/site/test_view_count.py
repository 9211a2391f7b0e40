"""The view count goes up by exactly one per view, even when readers arrive together."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article

from .conftest import make_article


@pytest.mark.django_db
def test_each_view_counts_once(client):
    article = make_article()
    for _ in range(3):
        assert client.get(article.get_absolute_url()).status_code == 200
    article.refresh_from_db()
    assert article.view_count == 3


@pytest.mark.django_db
def test_page_shows_the_count_including_this_view(client):
    article = make_article(view_count=41)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "42 lượt xem" in html


@pytest.mark.django_db
def test_head_requests_do_not_count(client):
    article = make_article()
    client.head(article.get_absolute_url())
    article.refresh_from_db()
    assert article.view_count == 0


@pytest.mark.django_db
def test_count_is_added_by_the_database_not_written_from_a_stale_copy(client):
    """The UPDATE adds one in SQL (F expression), so two requests that read the row at the
    same time both count; writing back ``view_count = <value read>`` would lose one."""
    article = make_article(view_count=7)
    with CaptureQueriesContext(connection) as queries:
        client.get(article.get_absolute_url())
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "view_count" in q["sql"]]
    assert len(updates) == 1
    assert '"view_count" = ("articles_article"."view_count" + 1)' in updates[0]
    # Another reader's increment that lands between our read and our write is kept.
    stale = Article.objects.get(pk=article.pk)
    Article.objects.filter(pk=article.pk).update(view_count=100)
    client.get(stale.get_absolute_url())
    article.refresh_from_db()
    assert article.view_count == 101


@pytest.mark.django_db(transaction=True)
def test_concurrent_views_all_count():
    """Real concurrent requests, one connection per thread. SQLite's in-memory test
    database cannot serve several connections writing at once, so this runs on
    PostgreSQL (CI sets DATABASE_URL); on SQLite the F()-update test above covers it."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (set DATABASE_URL); F() update path asserted separately")
    article = make_article()
    url = article.get_absolute_url()
    readers, per_reader = 8, 5
    barrier = threading.Barrier(readers)
    errors: list[BaseException] = []

    def read():
        from django.db import connections

        try:
            barrier.wait()
            reader = Client()
            for _ in range(per_reader):
                assert reader.get(url).status_code == 200
        except BaseException as exc:  # reported below, in the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    article.refresh_from_db()
    assert article.view_count == readers * per_reader
