"""Whole-page cache for anonymous readers: fresh after every change, never for staff."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article
from danvan import cache as page_cache
from danvan import invalidation

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 86400
    settings.PAGE_BROWSER_SECONDS = 60


def test_anonymous_pages_are_cached_and_an_edit_shows_at_once(client, section):
    article = publish("Hội nghị tổng kết công tác dân vận", section)
    first = client.get("/")
    assert first["X-Cache"] == "MISS" and "Hội nghị tổng kết công tác dân vận" in first.content.decode()
    assert first["Cache-Control"] == "public, max-age=60, s-maxage=1, proxy-revalidate"
    second = client.get("/")
    assert second["X-Cache"] == "HIT" and second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    article.title = "Hội nghị sơ kết công tác dân vận"
    article.save()
    third = client.get("/")
    assert third["X-Cache"] == "MISS" and "Hội nghị sơ kết công tác dân vận" in third.content.decode()


def test_unpublishing_removes_the_article_from_cached_pages(client, section):
    article = publish("Bài sẽ bị gỡ", section)
    assert "Bài sẽ bị gỡ" in client.get("/").content.decode()
    article.status = Article.Status.DRAFT
    article.save()
    assert "Bài sẽ bị gỡ" not in client.get("/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_hit_carries_every_header_the_rendered_page_had(client, section):
    publish("Tin có đủ tiêu đề", section)
    first = client.get("/")
    second = client.get("/")
    assert second["X-Cache"] == "HIT"
    for header in ("Content-Language", "Vary", "X-Frame-Options", "Content-Security-Policy", "Cache-Control", "Referrer-Policy"):
        assert second.get(header) == first.get(header), header
    assert "Cookie" in second["Vary"]


def test_anyone_with_a_session_cookie_bypasses_the_cache(client, section, settings):
    publish("Tin cho mọi người", section)
    assert client.get("/")["X-Cache"] == "MISS"
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-real-session"
    bypass = client.get("/")
    assert bypass.status_code == 200 and "X-Cache" not in bypass


def test_staff_never_get_or_fill_the_cache(admin_client, client, section):
    publish("Tin cho bạn đọc", section)
    staff = admin_client.get("/")
    assert "X-Cache" not in staff
    assert client.get("/")["X-Cache"] == "MISS"


def test_scheduled_article_appears_when_due_despite_the_cache(client, section):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        publish("Bài hẹn giờ", section, published_at=now + dt.timedelta(hours=1))
        assert "Bài hẹn giờ" not in client.get("/").content.decode()
        assert client.get("/")["X-Cache"] == "HIT"
    with time_machine.travel(now + dt.timedelta(hours=1, seconds=1), tick=False):
        page = client.get("/")
        assert page["X-Cache"] == "MISS" and "Bài hẹn giờ" in page.content.decode()


def test_not_found_and_admin_are_not_cached(client):
    assert "X-Cache" not in client.get("/bai-viet/khong-co/")
    assert "X-Cache" not in client.get("/admin/login/")


def test_redis_down_keeps_serving_uncached(settings, client, section):
    settings.CACHES = {
        "default": {"BACKEND": "danvan.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}  # nothing listens
    }
    publish("Tin vẫn hiện khi Redis ngừng", section)
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200 and "Tin vẫn hiện khi Redis ngừng" in response.content.decode()
    from django.core.cache import caches

    assert type(caches["default"]).__name__ == "ResilientRedisCache"  # Django re-read CACHES for this test
    assert cache.get("anything") is None and page_cache.generation() > 0
    # Every operation answers as "nothing cached" (forgetting the search vocabulary, called
    # by every save, deletes two keys at once: with Redis down that save used to fail).
    cache.delete_many(["a", "b"])
    assert cache.set_many({"a": 1}) == ["a"]


def test_views_are_counted_on_cached_pages_and_the_marker_never_leaks(client, section):
    article = publish("Bài được đọc nhiều", section)
    url = article.get_absolute_url()
    responses = [client.get(url) for _ in range(3)]
    assert [r["X-Cache"] for r in responses] == ["MISS", "HIT", "HIT"]
    assert all(page_cache.VIEW_HEADER not in r for r in responses)
    article.refresh_from_db()
    assert article.view_count == 3
    client.head(url)
    article.refresh_from_db()
    assert article.view_count == 3  # HEAD requests are not views


def test_old_slug_answers_301_to_the_new_one(client, section):
    article = publish("Tiêu đề ban đầu", section)
    article.slug = "tieu-de-da-sua"
    article.save()
    response = client.get("/bai-viet/tieu-de-ban-dau/")
    assert response.status_code == 301 and response["Location"] == "/bai-viet/tieu-de-da-sua/"
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get("/bai-viet/tieu-de-ban-dau/").status_code == 404  # never leads to an unpublished article


def test_another_process_edit_reaches_readers_within_a_second(client, section):
    publish("Tin sáng", section)
    assert client.get("/")["X-Cache"] == "MISS"
    assert client.get("/")["X-Cache"] == "HIT"
    # What another worker's save does to the shared cache: its counters, then the epoch.
    cache.incr(invalidation._key(invalidation.SITE, invalidation.HARD))
    cache.incr(invalidation.EPOCH_KEY)
    assert client.get("/")["X-Cache"] == "HIT"  # this process checked the epoch under a second ago
    invalidation._epoch["checked"] -= invalidation.STATE_SECONDS  # a second later
    assert client.get("/")["X-Cache"] == "MISS"


def test_a_process_checks_one_key_a_second_however_many_pages_it_serves(client, section, monkeypatch):
    """Every article page has a counter of its own: reading each once a second sent two
    requests in five of a flood over two hundred articles to the shared cache."""
    articles = [publish(f"Bài số {n}", section) for n in range(5)]
    for article in articles:
        client.get(article.get_absolute_url())
    reads = []
    real = cache.get_many
    monkeypatch.setattr(
        invalidation,
        "cache",
        type("Counting", (), {"get": cache.get, "get_many": lambda self, keys: reads.append(keys) or real(keys), "add": cache.add})(),
    )
    invalidation._epoch["checked"] -= invalidation.STATE_SECONDS  # a second later: the epoch is read, nothing moved
    for article in articles:
        assert client.get(article.get_absolute_url())["X-Cache"] == "HIT"
    assert reads == []


def test_a_proxy_revalidates_with_the_etag_and_gets_304_until_the_page_changes(client, section):
    """The proxy's side of invalidation: it may keep a page one second, then asks again
    with the ETag; the answer is 304 while nothing changed and the new page (here: 404)
    once the article is unpublished, never its old copy."""
    article = publish("Tin cho máy chủ đệm", section)
    url = article.get_absolute_url()
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('W/"')
    assert client.get("/")["ETag"] != etag  # each page its own tag
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Cache-Control"] == first["Cache-Control"] and "Cookie" in again["Vary"]
    assert client.get(url, headers={"If-None-Match": 'W/"1-abc"'}).status_code == 200
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_save_bumps_the_generation_again_when_its_transaction_commits(section):
    """Between a save's signal and its commit another process can still render the old
    content, and would cache it under the new generation; the bump after the commit
    makes that copy stale too (once per transaction, however many rows it saved)."""
    from django.db import transaction

    article = publish("Tin trong giao dịch", section)
    before = page_cache.generation()
    with transaction.atomic():
        article.title = "Tin trong giao dịch, đã sửa"
        article.save()
        article.tags.add("dân vận")
        inside = page_cache.generation()
        assert inside > before
    assert page_cache.generation() == inside + 1
    with transaction.atomic():
        article.save()
        rolled_back = page_cache.generation()
        transaction.set_rollback(True)
    assert page_cache.generation() == rolled_back  # nothing committed, nothing more to invalidate
