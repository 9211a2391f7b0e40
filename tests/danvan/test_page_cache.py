"""Whole-page cache for anonymous readers: fresh after every change, never for staff."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, Section
from danvan import cache as page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 86400
    settings.PAGE_BROWSER_SECONDS = 60


@pytest.fixture
def section():
    return Section.objects.create(name="Tin hoạt động")


def publish(title, section, **fields):
    return Article.objects.create(title=title, section=section, status="published", **fields)


def test_anonymous_pages_are_cached_and_an_edit_shows_at_once(client, section):
    article = publish("Hội nghị tổng kết công tác dân vận", section)
    first = client.get("/")
    assert first["X-Cache"] == "MISS" and "Hội nghị tổng kết công tác dân vận" in first.content.decode()
    assert "public" in first["Cache-Control"] and "s-maxage=86400" in first["Cache-Control"]
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
