"""Article views buffered in Redis and written in batches; counting never fails a reader.

Faults are injected where they happen in production: the database refusing the UPDATE
(PostgreSQL stopped), and Redis's connection failing at any point of a view and its
flush. The Redis tests use the server at TEST_REDIS_URL (default db 9), emptied before
and after; without one they skip, loudly.
"""

import logging
import os

import pytest
import redis
from django.db import OperationalError

from articles.models import Article
from danvan import viewcounts

from .conftest import publish

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 86400


@pytest.fixture
def redis_cache(settings):
    """The default cache on the real Redis server, emptied before and after."""
    from django.core.cache import caches

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"needs a Redis server at {REDIS_URL} (the view buffer lives in Redis)")
    settings.CACHES = {"default": {"BACKEND": "danvan.cache.ResilientRedisCache", "LOCATION": REDIS_URL}}
    backend = caches["default"]
    backend.clear()
    yield backend
    backend.clear()


@pytest.fixture
def flush_due(monkeypatch):
    """Every view is also the one that flushes (as a view every VIEW_FLUSH_SECONDS is)."""
    monkeypatch.setattr(viewcounts, "VIEW_FLUSH_SECONDS", 0)


@pytest.fixture
def flush_later(monkeypatch):
    monkeypatch.setattr(viewcounts, "VIEW_FLUSH_SECONDS", 3600)
    monkeypatch.setattr(viewcounts, "_last_flush", __import__("time").monotonic())


@pytest.fixture
def database_down(monkeypatch):
    """The UPDATE of view counts fails as it does while PostgreSQL is stopped; call it to restart."""
    real = viewcounts._count_in_database

    def refuse(counts):
        raise OperationalError('connection failed: connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(viewcounts, "_count_in_database", refuse)
    return lambda: monkeypatch.setattr(viewcounts, "_count_in_database", real)


def outage_lines(caplog, service):
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith(service)]


def test_cached_views_are_buffered_in_redis_and_flushed_exactly(redis_cache, client, section, flush_later):
    from django.core.management import call_command

    article = publish("Bài được đọc nhiều", section, view_count=10)
    other = publish("Bài khác", section)
    for _ in range(5):
        assert client.get(article.get_absolute_url()).status_code == 200
    for _ in range(2):
        assert client.get(other.get_absolute_url()).status_code == 200
    assert client.get(article.get_absolute_url())["X-Cache"] == "HIT"  # cached hits count too
    article.refresh_from_db()
    assert article.view_count == 10  # buffered, not yet written
    call_command("flush_view_counts", stdout=__import__("io").StringIO())
    article.refresh_from_db()
    other.refresh_from_db()
    assert (article.view_count, other.view_count) == (16, 2)
    assert viewcounts.flush_view_counts() == 0  # nothing counted twice


def test_views_go_to_the_database_when_redis_refuses(redis_cache, client, section, monkeypatch):
    article = publish("Bài khi Redis hỏng", section)

    def refuse(*args, **kwargs):
        raise redis.exceptions.ConnectionError("redis down")

    client_object, _key = viewcounts._view_buffer()
    monkeypatch.setattr(type(client_object), "pipeline", refuse)
    viewcounts.count_article_view(article.pk)
    article.refresh_from_db()
    assert article.view_count == 1


def test_a_failed_flush_puts_the_views_back(redis_cache, section, flush_later, database_down):
    article = publish("Bài chờ ghi lượt xem", section)
    viewcounts.count_article_view(article.pk)
    viewcounts.count_article_view(article.pk)
    with pytest.raises(OperationalError):
        viewcounts.flush_view_counts()  # the command reports it (exit 1); a reader never sees it
    database_down()  # restarted
    assert viewcounts.flush_view_counts() == 2
    article.refresh_from_db()
    assert article.view_count == 2


def test_the_flush_command_reports_a_database_outage_in_vietnamese(redis_cache, section, flush_later, database_down):
    from django.core.management import CommandError, call_command

    viewcounts.count_article_view(publish("Bài chờ", section).pk)
    with pytest.raises(CommandError, match="Không ghi được lượt xem"):
        call_command("flush_view_counts")


def test_a_database_outage_never_fails_a_cached_article_page(redis_cache, client, section, flush_due, database_down, caplog):
    """PostgreSQL stopped: every cached hit still answers 200 (it answered 503 whenever the
    flush fell due); the views wait in Redis, the outage is logged once, its end once."""
    article = publish("Bài đọc khi CSDL ngừng", section, view_count=5)
    url = article.get_absolute_url()
    client.get(url)  # cached
    with caplog.at_level(logging.WARNING):
        for _ in range(6):
            response = client.get(url)
            assert (response.status_code, response["X-Cache"]) == (200, "HIT")
        assert len(outage_lines(caplog, "Database unavailable")) == 1
        database_down()  # restarted
        assert client.get(url).status_code == 200
        assert len(outage_lines(caplog, "Database available again")) == 1
    viewcounts.flush_view_counts()
    article.refresh_from_db()
    assert article.view_count == 5 + 8


def test_without_redis_a_database_outage_holds_the_views_and_writes_them_later(client, section, database_down, caplog, monkeypatch):
    monkeypatch.setattr(viewcounts, "VIEW_FLUSH_SECONDS", 0)  # retry the database on every view
    article = publish("Bài không có Redis", section)
    url = article.get_absolute_url()
    client.get(url)
    with caplog.at_level(logging.WARNING):
        for _ in range(4):
            assert client.get(url).status_code == 200
        assert len(outage_lines(caplog, "Database unavailable")) == 1
        database_down()
        client.get(url)
    article.refresh_from_db()
    assert article.view_count == 6
    assert len(outage_lines(caplog, "Database available again")) == 1


@pytest.mark.parametrize("alive_sends", range(4))
def test_redis_dying_at_any_step_of_a_view_and_its_flush_never_fails_the_reader(
    redis_cache, client, section, flush_due, monkeypatch, caplog, alive_sends
):
    """Redis's connection fails after ``alive_sends`` more commands have gone through: in
    the middle of counting, of taking the buffer, of writing it. The reader gets the page;
    Redis is logged unavailable once and available again once; no view is counted twice."""
    article = publish("Bài khi Redis chết giữa chừng", section)
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    viewcounts.flush_view_counts()
    connection_class = redis.connection.AbstractConnection
    real_send = connection_class.send_packed_command
    budget = {"left": alive_sends}

    def send(self, command, check_health=True):
        if budget["left"] <= 0:
            raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        budget["left"] -= 1
        return real_send(self, command, check_health)

    monkeypatch.setattr(connection_class, "send_packed_command", send)
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            assert client.get(url).status_code == 200
        monkeypatch.setattr(connection_class, "send_packed_command", real_send)  # Redis is back
        assert client.get(url).status_code == 200
    assert len(outage_lines(caplog, "Redis unavailable")) == 1
    assert len(outage_lines(caplog, "Redis available again")) == 1
    viewcounts.flush_view_counts()
    article.refresh_from_db()
    assert 1 + 3 <= article.view_count <= 1 + 4  # the view in flight when Redis died may be lost, never doubled


def test_views_nowhere_to_go_are_bounded_dropped_and_logged(redis_cache, section, monkeypatch, database_down, caplog):
    """Redis buffer full (the database has been down a while) and the database still down:
    a process holds up to HELD_LIMIT views, drops the rest, and says how many."""
    monkeypatch.setattr(viewcounts, "BUFFER_LIMIT", 3)
    monkeypatch.setattr(viewcounts, "HELD_LIMIT", 2)
    monkeypatch.setattr(viewcounts, "VIEW_FLUSH_SECONDS", 0)  # every view tries the flush, which fails
    article = publish("Bài đọc nhiều lúc sự cố", section)
    with caplog.at_level(logging.WARNING):
        for _ in range(8):
            viewcounts.count_article_view(article.pk)
        client, key = viewcounts._view_buffer()
        assert int(client.hget(key, viewcounts.TOTAL_FIELD)) == 3  # the buffer stopped at its limit
        assert len([m for m in (r.getMessage() for r in caplog.records) if "dropping further views" in m]) == 1
        assert len(outage_lines(caplog, "Database unavailable")) == 1
        database_down()
        viewcounts.count_article_view(article.pk)  # flushes first, then buffers this one
        assert outage_lines(caplog, "Database available again")[0].endswith("wrote 5 buffered views; 3 views were dropped meanwhile")
    article.refresh_from_db()
    assert article.view_count == 3 + 2  # buffered and held; 3 dropped
    assert viewcounts.flush_view_counts() == 1


def test_an_editors_save_keeps_the_views_counted_while_the_form_was_open(client, section):
    """The editor's copy was read before readers' views were added; saving it used to write
    its old count back over theirs."""
    article = publish("Bài đang được sửa", section)
    opened = Article.objects.get(pk=article.pk)  # the form's copy: 0 views
    for _ in range(3):
        client.get(article.get_absolute_url())
    opened.title = "Bài đã được sửa"
    opened.save()
    article.refresh_from_db()
    assert article.title == "Bài đã được sửa" and article.view_count == 3


def test_without_redis_a_process_writes_its_views_in_one_update(client, section, settings, django_assert_num_queries):
    """On SQLite every view was an UPDATE of its own, and five gunicorn workers waited on
    each other's write locks; now each process gathers its views for VIEW_BATCH_SECONDS."""
    settings.VIEW_BATCH_SECONDS = 3600  # the timer does not fire within the test
    first, second = publish("Bài thứ nhất", section), publish("Bài thứ hai", section)
    for article in (first, first, first, second, second):
        client.get(article.get_absolute_url())
    assert list(Article.objects.order_by("pk").values_list("view_count", flat=True)) == [0, 0]
    with django_assert_num_queries(1):
        assert viewcounts.write_held_views() == 5
    assert list(Article.objects.order_by("pk").values_list("view_count", flat=True)) == [3, 2]


@pytest.mark.django_db(transaction=True)
def test_without_redis_the_batch_is_written_by_itself_soon_after(client, section, settings):
    import time

    settings.VIEW_BATCH_SECONDS = 0.2
    article = publish("Bài được đọc", section)
    for _ in range(3):
        client.get(article.get_absolute_url())
    deadline = time.monotonic() + 5
    while Article.objects.get(pk=article.pk).view_count < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert Article.objects.get(pk=article.pk).view_count == 3


def test_a_process_that_stops_writes_its_batch_first(client, section, settings):
    settings.VIEW_BATCH_SECONDS = 3600
    article = publish("Bài đọc trước khi máy chủ dừng", section)
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())
    viewcounts._write_batch_at_exit()  # what the interpreter runs when the worker exits
    assert Article.objects.get(pk=article.pk).view_count == 2


def test_a_batch_the_database_refuses_is_held_for_the_next(client, section, settings, database_down):
    settings.VIEW_BATCH_SECONDS = 3600
    article = publish("Bài đọc khi cơ sở dữ liệu ngừng", section)
    client.get(article.get_absolute_url())
    assert viewcounts.write_held_views() == 0
    database_down()  # the database is back
    viewcounts.outage.database.last_try = float("-inf")  # its next try is due
    assert viewcounts.write_held_views() == 1
    assert Article.objects.get(pk=article.pk).view_count == 1


def test_with_redis_a_process_hands_its_views_on_in_one_pipeline(redis_cache, client, section, settings, flush_later):
    """A round trip to Redis per view was half the time of a cached article page; the views
    now join the process's batch, and the batch goes into the buffer in one pipeline."""
    settings.VIEW_BATCH_SECONDS = 3600  # the timer does not fire within the test
    first, second = publish("Bài thứ nhất", section), publish("Bài thứ hai", section)
    client_object, key = viewcounts._view_buffer()
    for article in (first, first, first, second, second):
        assert client.get(article.get_absolute_url()).status_code == 200
    assert client_object.hgetall(key) == {}  # nothing sent per view
    viewcounts.hand_on_batch()  # what the timer's thread runs (before closing its connections)
    assert {k.decode(): int(v) for k, v in client_object.hgetall(key).items()} == {str(first.pk): 3, str(second.pk): 2, "total": 5}
    assert viewcounts.flush_view_counts() == 5
    assert list(Article.objects.order_by("pk").values_list("view_count", flat=True)) == [3, 2]


def test_with_redis_the_timer_also_writes_the_buffer_when_its_turn_has_come(redis_cache, client, section, settings, flush_due):
    settings.VIEW_BATCH_SECONDS = 3600
    article = publish("Bài được đọc", section)
    for _ in range(4):
        client.get(article.get_absolute_url())
    viewcounts.hand_on_batch()
    assert Article.objects.get(pk=article.pk).view_count == 4
    assert viewcounts.flush_view_counts() == 0  # nothing counted twice


def test_with_redis_down_a_batch_goes_to_the_database(redis_cache, client, section, settings, monkeypatch, flush_later):
    settings.VIEW_BATCH_SECONDS = 3600
    article = publish("Bài khi Redis hỏng", section)
    for _ in range(2):
        client.get(article.get_absolute_url())

    def refuse(*args, **kwargs):
        raise redis.exceptions.ConnectionError("redis down")

    monkeypatch.setattr(viewcounts, "_add_to_buffer", refuse)
    viewcounts.hand_on_batch()
    assert Article.objects.get(pk=article.pk).view_count == 2
