"""Each process answers the pages it served last from its own copy, without a round trip to
the shared cache, and drops that copy as soon as anything the page shows moved."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from articles.models import Article
from danvan import invalidation, pagecache
from danvan.invalidation import SITE, _key

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 86400


class CountingCache:
    """The shared cache, noting every read."""

    def __init__(self, real):
        self.real, self.reads = real, []

    def __getattr__(self, name):
        attribute = getattr(self.real, name)
        if name not in ("get", "get_many"):
            return attribute
        return lambda *args, **kwargs: self.reads.append((name, args)) or attribute(*args, **kwargs)


@pytest.fixture
def shared_reads(monkeypatch):
    """The reads of the shared cache that the page cache, the counters and the generation make."""
    from danvan import cache as content

    counting = CountingCache(cache)
    for module in (pagecache, invalidation, content):
        monkeypatch.setattr(module, "cache", counting)
    return counting.reads


def test_a_page_served_again_costs_no_read_of_the_shared_cache(client, section, shared_reads):
    article = publish("Hội nghị dân vận khéo", section)
    url = article.get_absolute_url()
    assert client.get(url)["X-Cache"] == "MISS"
    shared_reads.clear()
    for _ in range(3):
        response = client.get(url)
        assert response["X-Cache"] == "HIT" and "Hội nghị dân vận khéo" in response.content.decode()
    assert shared_reads == []


def test_every_reader_gets_its_own_response_and_every_view_is_counted(client, section):
    article = publish("Bài được đọc nhiều", section)
    for _ in range(4):
        response = client.get(article.get_absolute_url())
        assert pagecache.VIEW_HEADER not in response  # the marker never reaches the reader
    assert Article.objects.get(pk=article.pk).view_count == 4  # the copy kept its marker
    kept = pagecache._local_pages[pagecache.page_key(RequestFactory().get(article.get_absolute_url()))]
    assert "X-Cache" not in kept["response"] and pagecache.VIEW_HEADER in kept["response"]  # never the reader's


def test_a_withdrawal_here_is_never_served_from_the_copy(client, section):
    article = publish("Bài sắp gỡ", section)
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(url).status_code == 404


def test_a_change_another_process_made_is_seen_once_the_counters_are_read_again(client, section, monkeypatch):
    monkeypatch.setattr(invalidation, "STATE_SECONDS", 0)  # every request reads the counters afresh
    publish("Tin đầu tiên", section)
    assert client.get("/")["X-Cache"] == "MISS"
    assert client.get("/")["X-Cache"] == "HIT"
    # Another worker withdrew something: only the shared cache knows (its counter, then the epoch).
    cache.incr(_key(SITE, invalidation.HARD))
    cache.incr(invalidation.EPOCH_KEY)
    response = client.get("/")
    assert response["X-Cache"] == "MISS"


def test_the_copies_stay_within_their_bytes_the_oldest_served_going_first(client, section, settings):
    articles = [publish(f"Bài số {n:02}", section) for n in range(10)]
    client.get(articles[0].get_absolute_url())
    one_page = pagecache._local_size["bytes"]
    settings.PAGE_CACHE_LOCAL_BYTES = one_page * 8 + one_page // 2  # room for about eight
    pagecache.forget_local_pages()
    for article in articles:
        client.get(article.get_absolute_url())
    kept = set(pagecache._local_pages)
    assert pagecache._local_size["bytes"] <= settings.PAGE_CACHE_LOCAL_BYTES
    assert 7 <= len(kept) <= 8
    assert pagecache.page_key(RequestFactory().get(articles[0].get_absolute_url())) not in kept
    assert pagecache.page_key(RequestFactory().get(articles[-1].get_absolute_url())) in kept


def test_a_page_over_an_eighth_of_the_room_is_left_to_the_shared_cache(client, section, settings):
    article = publish("Bài rất dài", section)
    settings.PAGE_CACHE_LOCAL_BYTES = 1000
    assert client.get(article.get_absolute_url())["X-Cache"] == "MISS"
    assert pagecache._local_pages == {}
    assert client.get(article.get_absolute_url())["X-Cache"] == "HIT"  # from the shared cache


def another_process_changes(monkeypatch, scopes):
    """What another worker's save does to the shared cache: the counters, one step of the
    epoch and what moved with it; this process's own copy of the counters is left as it was."""
    with monkeypatch.context() as elsewhere:
        elsewhere.setattr(invalidation, "_memo", {})
        elsewhere.setattr(invalidation, "_epoch", {"value": None, "checked": float("-inf")})
        invalidation._apply(dict.fromkeys(scopes, invalidation.SOFT))


def counter_reads(reads, scope):
    return [args for name, args in reads if name == "get_many" and _key(scope, invalidation.SOFT) in args[0]]


def test_another_processs_change_costs_the_other_pages_no_read_of_their_counters(client, section, shared_reads, monkeypatch):
    """After an editor's save elsewhere, this process forgets the counters of what moved and
    keeps answering every other page from its own copy: a flood over sixty article pages
    otherwise read every page's counters again after every save."""
    edited, other = publish("Bài được sửa", section), publish("Bài không liên quan", section)
    for article in (edited, other):
        client.get(article.get_absolute_url())
    monkeypatch.setattr(invalidation, "STATE_SECONDS", 0)  # the next request looks at the epoch
    another_process_changes(monkeypatch, [invalidation.article_scope(edited.slug)])
    shared_reads.clear()
    assert client.get(other.get_absolute_url())["X-Cache"] == "HIT"
    assert not counter_reads(shared_reads, invalidation.article_scope(other.slug))
    assert client.get(edited.get_absolute_url())["X-Cache"] == "MISS"  # its counter was read again
    assert counter_reads(shared_reads, invalidation.article_scope(edited.slug))


def test_a_step_of_the_epoch_that_cannot_be_read_makes_the_process_read_every_counter_again(client, section, shared_reads, monkeypatch):
    article = publish("Bài không liên quan", section)
    client.get(article.get_absolute_url())
    monkeypatch.setattr(invalidation, "STATE_SECONDS", 0)
    another_process_changes(monkeypatch, [invalidation.article_scope("bai-khac")])
    cache.delete(f"{invalidation.MOVED_PREFIX}{cache.get(invalidation.EPOCH_KEY)}")  # expired, or not written yet
    shared_reads.clear()
    assert client.get(article.get_absolute_url())["X-Cache"] == "HIT"
    assert counter_reads(shared_reads, invalidation.article_scope(article.slug))
