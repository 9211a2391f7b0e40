"""An article page's related list, and the pages of a document, a body, a model and a tag,
change only with the articles that share what they list: a publication elsewhere leaves
their cached copies alone, one that shares a link reaches them after the list's lag, and a
withdrawal leaves them at once."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Section
from danvan import invalidation
from danvan.pagecache import forget_local_pages, page_key
from organizations.models import Document, Exemplar, Organization

from .conftest import publish

pytestmark = pytest.mark.django_db

LAG = 60


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 86400
    settings.PAGE_CACHE_STALE_SECONDS = 5
    settings.PAGE_CACHE_LIST_LAG_SECONDS = LAG
    settings.PAGE_CACHE_WAIT_SECONDS = 0.2
    settings.PAGE_CACHE_LAGGED_RENDERS = 0


@pytest.fixture
def other_section():
    return Section.objects.create(name="Gương điển hình")


@pytest.fixture
def records():
    body = Organization.objects.create(name="Ban Dân vận Tỉnh ủy Bình Thuận")
    return {
        "documents": Document.objects.create(symbol="25-NQ/TW", subject="Về tăng cường công tác dân vận", issue_year=2013),
        "organizations": body,
        "exemplars": Exemplar.objects.create(name="Dân vận khéo ở khu phố", kind="model", organization=body),
    }


def state(client, url):
    response = client.get(url)
    return response["X-Cache"], response.content.decode()


def link(article, field, record):
    if field == "tags":
        article.tags.add(record)
    else:
        getattr(article, field).add(record)


def later(start, seconds):
    return time_machine.travel(start + dt.timedelta(seconds=seconds), tick=False)


def test_a_publication_sharing_nothing_leaves_an_article_page_cached_past_the_lag(client, section, other_section, records):
    article = publish("Hội nghị triển khai Nghị quyết 25", section)
    article.documents.add(records["documents"])
    article.tags.add("dân vận")
    start = timezone.now()
    with later(start, 0):
        assert state(client, article.get_absolute_url())[0] == "MISS"
        publish("Tin của chuyên mục khác", other_section)
    with later(start, LAG + 1):
        assert state(client, article.get_absolute_url())[0] == "HIT"
        assert "Tin của chuyên mục khác" in state(client, "/")[1]  # the home page shows it at once


@pytest.mark.parametrize("field", ["documents", "organizations", "exemplars", "tags"])
def test_a_publication_sharing_a_link_reaches_the_related_list_after_its_lag(client, section, other_section, records, field):
    shared = records.get(field, "dân vận khéo")
    article = publish("Bài đang được đọc", section)
    link(article, field, shared)
    start = timezone.now()
    with later(start, 0):
        assert state(client, article.get_absolute_url())[0] == "MISS"
        newcomer = publish("Bài mới có cùng liên kết", other_section)
        link(newcomer, field, shared)
        assert state(client, article.get_absolute_url())[0] == "HIT"  # the list may lag
    with later(start, LAG + 1):
        label, body = state(client, article.get_absolute_url())
        assert label == "MISS" and "Bài mới có cùng liên kết" in body


def test_a_publication_in_the_same_section_reaches_the_related_list(client, section):
    article = publish("Bài đang được đọc", section)
    start = timezone.now()
    with later(start, 0):
        state(client, article.get_absolute_url())
        publish("Bài cùng chuyên mục", section)
    with later(start, LAG + 1):
        label, body = state(client, article.get_absolute_url())
        assert label == "MISS" and "Bài cùng chuyên mục" in body


def test_a_related_article_withdrawn_leaves_the_page_at_once(client, section, other_section, records):
    article = publish("Bài đang được đọc", section)
    related = publish("Bài liên quan sẽ bị gỡ", other_section)
    for one in (article, related):
        one.documents.add(records["documents"])
    url = article.get_absolute_url()
    assert "Bài liên quan sẽ bị gỡ" in state(client, url)[1]
    assert cache.add(f"rendering:{page_key(RequestFactory().get(url))}", 1, 5)  # another worker renders it
    related.status = Article.Status.DRAFT
    related.save()
    label, body = state(client, url)
    assert label == "MISS" and "Bài liên quan sẽ bị gỡ" not in body


def test_the_related_scopes_are_named_when_the_sidebar_comes_from_its_fragment(client, section, other_section, monkeypatch):
    """A render whose related list is served from the fragment cache reads no links; the
    page must still depend on them."""
    import articles.views

    article = publish("Bài đang được đọc", section)
    article.tags.add("dân vận khéo")
    url = article.get_absolute_url()
    key = page_key(RequestFactory().get(url))
    state(client, url)
    cache.delete(key)  # the page's copy gone (evicted), its fragments kept
    forget_local_pages()
    monkeypatch.setattr(articles.views, "related_articles", lambda *args: pytest.fail("the fragment should serve the list"))
    assert state(client, url)[0] == "MISS"
    monkeypatch.undo()
    tag = article.tags.get()
    assert invalidation.link_scope("tag", tag.slug) in cache.get(key)["snapshot"]
    start = timezone.now()
    with later(start, 0):
        newcomer = publish("Bài mới cùng từ khóa", other_section)
        newcomer.tags.add("dân vận khéo")
    with later(start, LAG + 1):
        label, body = state(client, url)
        assert label == "MISS" and "Bài mới cùng từ khóa" in body


@pytest.mark.parametrize("field", ["documents", "organizations", "exemplars"])
def test_a_records_page_changes_with_the_articles_linked_to_it_only(client, section, records, field):
    record = records[field]
    url = record.get_absolute_url()
    cited = publish("Bài đã dẫn từ trước", section)
    getattr(cited, field).add(record)
    start = timezone.now()
    with later(start, 0):
        assert state(client, url)[0] == "MISS"
        publish("Bài không liên quan", section)
    with later(start, LAG + 1):
        assert state(client, url)[0] == "HIT"
        citing = publish("Bài mới dẫn văn bản", section)
        getattr(citing, field).add(record)
    with later(start, 2 * LAG + 2):
        label, body = state(client, url)
        assert label == "MISS" and "Bài mới dẫn văn bản" in body


@pytest.mark.parametrize("how", ["remove", "clear"])
def test_a_link_taken_away_leaves_the_records_page(client, section, records, how):
    document = records["documents"]
    article = publish("Bài dẫn nhầm văn bản", section)
    article.documents.add(document)
    start = timezone.now()
    with later(start, 0):
        assert "Bài dẫn nhầm văn bản" in state(client, document.get_absolute_url())[1]
        if how == "remove":
            article.documents.remove(document)
        else:
            article.documents.clear()
    with later(start, LAG + 1):
        label, body = state(client, document.get_absolute_url())
        assert label == "MISS" and "Bài dẫn nhầm văn bản" not in body


def test_a_tag_page_shows_its_new_article_at_once_and_other_tags_stay_cached(client, section):
    first = publish("Bài về dân vận khéo", section)
    first.tags.add("dân vận khéo")
    other = publish("Bài về chuyển đổi số", section)
    other.tags.add("chuyển đổi số")
    kheo, so = (f"/tu-khoa/{Tag.objects.get(name=name).slug}/" for name in ("dân vận khéo", "chuyển đổi số"))
    assert state(client, kheo)[0] == "MISS"
    assert state(client, so)[0] == "MISS"
    newcomer = publish("Bài mới về dân vận khéo", section)
    newcomer.tags.add("dân vận khéo")
    label, body = state(client, kheo)
    assert label == "MISS" and "Bài mới về dân vận khéo" in body
    assert state(client, so)[0] == "HIT"


def test_a_tag_taken_away_leaves_its_page(client, section):
    article = publish("Bài gắn nhầm từ khóa", section)
    article.tags.add("dân vận khéo", "chuyển đổi số")
    url = f"/tu-khoa/{Tag.objects.get(name='dân vận khéo').slug}/"
    assert "Bài gắn nhầm từ khóa" in state(client, url)[1]
    article.tags.remove("dân vận khéo")
    assert client.get(url).status_code == 404  # no public article carries it now


def test_a_related_list_full_of_shared_links_ignores_its_sections_new_articles(client, section, other_section):
    """An article sharing only the section scores 1, below every article sharing a link:
    once five of those fill the list, a publication in the section cannot change it, but an
    edit of one of the five does."""
    article = publish("Bài đang được đọc", section)
    article.tags.add("dân vận khéo")
    sharing = [publish(f"Bài cùng từ khóa số {n}", other_section) for n in range(5)]
    for other in sharing:
        other.tags.add("dân vận khéo")
    url = article.get_absolute_url()
    start = timezone.now()
    with later(start, 0):
        assert all(other.title in state(client, url)[1] for other in sharing)
        publish("Bài mới cùng chuyên mục", section)
    with later(start, LAG + 1):
        assert state(client, url)[0] == "HIT"
        sharing[0].title = "Bài cùng từ khóa đã sửa tiêu đề"
        sharing[0].save()
    with later(start, 2 * LAG + 2):
        label, body = state(client, url)
        assert label == "MISS" and "Bài cùng từ khóa đã sửa tiêu đề" in body and "Bài mới cùng chuyên mục" not in body


def test_the_scopes_an_article_is_shown_under_are_read_in_two_statements(records, section, django_assert_num_queries):
    """A save reads them before and after: the article, then every record it links to in one
    UNION ALL (one statement a kind of record before)."""
    from danvan.invalidation_receivers import _public_scopes

    article = publish("Hội nghị dân vận", section)
    for field, record in records.items():
        link(article, field, record)
    link(article, "tags", Tag.objects.create(name="Dân vận khéo"))
    with django_assert_num_queries(2):
        scopes = _public_scopes(article.pk)
    expected = {invalidation.link_scope(kind, record.slug) for kind, record in zip(("doc", "org", "ex"), records.values(), strict=True)}
    assert expected | {invalidation.link_scope("tag", "dan-van-kheo"), invalidation.LISTS} <= scopes
