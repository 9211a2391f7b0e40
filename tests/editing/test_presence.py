"""Presence: who else has an article open, from a heartbeat; no lock."""

import pytest
from django.urls import reverse

from articles.models import Article
from editing import presence
from tests.admin_forms import as_user

pytestmark = pytest.mark.django_db
URL = reverse("admin:articles_article_presence")


@pytest.fixture
def minh(django_user_model):
    from newsroom.roles import EDITOR
    from tests.admin_forms import member

    user = member(django_user_model, "minh", EDITOR)
    user.first_name, user.last_name = "Minh", "Nguyễn Văn"
    user.save()
    return user


def test_two_people_see_each_other(client, editor, minh):
    article = Article.objects.create(title="Bài đang sửa")
    as_user(client, minh)
    assert client.post(URL, {"object": article.pk}).json() == {"others": [], "message": ""}
    as_user(client, editor)
    assert client.post(URL, {"object": article.pk}).json() == {"others": ["Nguyễn Văn Minh"], "message": "Nguyễn Văn Minh đang sửa bài này"}
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "Nguyễn Văn Minh đang sửa bài này" in page.content.decode()
    as_user(client, minh)
    assert client.post(URL, {"object": article.pk}).json()["others"] == ["bientap"]
    # Nothing is locked: Minh still saves.
    assert client.get(reverse("admin:articles_article_change", args=[article.pk])).status_code == 200


def test_leaving_and_expiry_forget_a_person(client, editor, minh, monkeypatch):
    article = Article.objects.create(title="Bài đang sửa")
    presence.beat("articles.article", article.pk, minh)
    assert presence.editing_now("articles.article", article.pk, editor) == ["Nguyễn Văn Minh"]
    as_user(client, minh)
    client.post(URL, {"object": article.pk, "leave": "1"})
    assert presence.editing_now("articles.article", article.pk, editor) == []
    presence.beat("articles.article", article.pk, minh)
    import time

    later = time.time() + presence.TTL + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert presence.editing_now("articles.article", article.pk, editor) == []


def test_heartbeat_needs_the_right_to_edit(client, reporter):
    article = Article.objects.create(title="Bài của người khác")
    as_user(client, reporter)
    assert client.post(URL, {"object": article.pk}).status_code == 403
    assert presence.editing_now("articles.article", article.pk, reporter) == []


def list_page(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        page = client.get(reverse("admin:articles_article_changelist"))
    assert page.status_code == 200
    return page.content.decode(), len(context.captured_queries)


def test_article_list_shows_who_is_editing_with_flat_queries(client, editor, minh, monkeypatch):
    from django.core.cache import caches

    cache = caches["default"]  # the backend itself (django.core.cache.cache only forwards to it)
    first = Article.objects.create(title="Bài số 0")
    as_user(client, editor)
    list_page(client)  # the session and content types, read once
    _html, alone = list_page(client)
    presence.beat("articles.article", first.pk, minh)
    calls = []
    real = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys, *a, **k: calls.append(len(keys)) or real(keys, *a, **k))
    html, one = list_page(client)
    assert calls == [1] and one == alone  # presence costs no query, one cache read
    assert html.count("Nguyễn Văn Minh đang sửa bài này") == 1
    for n in range(1, 20):
        Article.objects.create(title=f"Bài số {n}")
    calls.clear()
    html, twenty = list_page(client)
    assert calls == [20] and twenty == one
    assert html.count("Nguyễn Văn Minh đang sửa bài này") == 1 and "Bài số 19" in html
    assert html.count('class="field-title_column"') == 20  # the column keeps its name (and its CSS)


def test_presence_through_redis(settings, editor, minh):
    """The deployed cache: Redis at TEST_REDIS_URL (the suite's database), emptied first."""
    import os

    redis = pytest.importorskip("redis")
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
    try:
        redis.Redis.from_url(url).flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")
    settings.CACHES = {"default": {"BACKEND": "danvan.cache.ResilientRedisCache", "LOCATION": url}}
    presence.beat("articles.article", 7, minh)
    presence.beat("articles.article", 8, editor)
    assert presence.editing_many("articles.article", [7, 8, 9], editor) == {7: ["Nguyễn Văn Minh"]}
    presence.leave("articles.article", 7, minh)
    assert presence.editing_many("articles.article", [7, 8, 9], editor) == {}
