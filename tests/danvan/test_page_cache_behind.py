"""A stale page is rendered by the process's render thread while the reader who found it
stale gets the previous copy; an article's own page, and a withdrawal, are rendered for
the reader as before. Rows are committed (transaction=True): the thread has its own
database connection and would not see a test's transaction."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from articles.models import Article
from danvan import revalidate
from danvan.pagecache import page_key

from .conftest import publish

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def render_behind(settings):
    settings.PAGE_CACHE_SECONDS = 86400
    settings.PAGE_CACHE_RENDER_BEHIND = True
    yield
    revalidate.wait_until_done()


def state(client, url):
    response = client.get(url)
    return response["X-Cache"], response.content.decode()


def test_the_reader_who_finds_the_home_page_stale_gets_the_copy_and_the_thread_renders_the_new_one(client, section):
    publish("Tin thứ nhất", section)
    assert state(client, "/")[0] == "MISS"
    publish("Tin thứ hai", section)
    label, body = state(client, "/")
    assert label == "STALE" and "Tin thứ hai" not in body
    revalidate.wait_until_done()
    assert not cache.get(f"rendering:{page_key(RequestFactory().get('/'))}")  # the thread gave the lock back
    label, body = state(client, "/")
    assert label == "HIT" and "Tin thứ hai" in body


def test_a_render_behind_counts_no_view(client, section, settings):
    settings.PAGE_CACHE_LIST_LAG_SECONDS = 0  # the related list beside an article goes stale at once
    article = publish("Bài được đọc", section)
    assert client.get(article.get_absolute_url())["X-Cache"] == "MISS"
    publish("Bài mới cùng chuyên mục", section)
    labels = []
    for _ in range(3):
        labels.append(client.get(article.get_absolute_url())["X-Cache"])
        revalidate.wait_until_done()
    assert labels == ["STALE", "HIT", "HIT"]
    assert Article.objects.get(pk=article.pk).view_count == 4  # the readers' four, not the thread's render


def test_an_edit_of_the_article_is_rendered_for_the_next_reader(client, section):
    article = publish("Tiêu đề cũ của bài", section)
    state(client, article.get_absolute_url())
    article.title = "Tiêu đề mới của bài"
    article.save()
    label, body = state(client, article.get_absolute_url())
    assert label == "MISS" and "Tiêu đề mới của bài" in body


def test_a_withdrawal_is_never_left_to_the_thread(client, section):
    gone = publish("Bài sẽ bị gỡ xuống", section)
    assert state(client, "/")[0] == "MISS"
    gone.status = Article.Status.DRAFT
    gone.save()
    label, body = state(client, "/")
    assert label == "MISS" and "Bài sẽ bị gỡ xuống" not in body


def test_with_the_queue_full_the_reader_renders_it(client, section, monkeypatch):
    monkeypatch.setattr(revalidate, "QUEUE_LIMIT", 0)
    publish("Tin thứ nhất", section)
    state(client, "/")
    publish("Tin thứ hai", section)
    label, body = state(client, "/")
    assert label == "MISS" and "Tin thứ hai" in body


def test_a_render_that_fails_gives_the_lock_back_and_the_next_reader_renders(client, section, monkeypatch, caplog):
    from danvan.pagecache import AnonymousPageCacheMiddleware

    publish("Tin thứ nhất", section)
    state(client, "/")
    publish("Tin thứ hai", section)

    def broken(self, request):
        raise RuntimeError("máy chủ quá tải")

    monkeypatch.setattr(AnonymousPageCacheMiddleware, "render_behind", broken)
    assert state(client, "/")[0] == "STALE"
    revalidate.wait_until_done()
    assert "Rendering / behind the readers failed" in caplog.text
    assert not cache.get(f"rendering:{page_key(RequestFactory().get('/'))}")
    monkeypatch.undo()
    assert state(client, "/")[0] == "STALE"  # handed to the thread again, which now succeeds
    revalidate.wait_until_done()
    label, body = state(client, "/")
    assert label == "HIT" and "Tin thứ hai" in body
