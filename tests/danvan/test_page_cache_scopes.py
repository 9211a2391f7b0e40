"""The page cache invalidates only the pages that show what changed, renders each once per
change while readers get the previous copy, and never serves a withdrawn article."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from articles.models import Article, Photo, Section
from danvan import invalidation
from danvan.pagecache import forget_local_pages, page_key

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 86400
    settings.PAGE_CACHE_STALE_SECONDS = 5
    settings.PAGE_CACHE_LIST_LAG_SECONDS = 60
    settings.PAGE_CACHE_WAIT_SECONDS = 0.2


@pytest.fixture
def other_section():
    return Section.objects.create(name="Gương điển hình")


def state(client, url):
    response = client.get(url)
    return response["X-Cache"], response.content.decode()


def another_process_is_rendering(url):
    """What a second worker holds while it renders ``url`` after a change."""
    assert cache.add(f"rendering:{page_key(RequestFactory().get(url))}", 1, 5)


def test_a_publication_leaves_other_sections_and_articles_cached(client, section, other_section):
    there = publish("Tập huấn dân vận chính quyền", other_section)
    publish("Hội nghị giao ban khối dân vận", section)
    pages = ["/", section.get_absolute_url(), other_section.get_absolute_url(), there.get_absolute_url()]
    for url in pages:
        assert state(client, url)[0] == "MISS"
    publish("Ra mắt mô hình dân vận khéo mới", section)
    home, home_body = state(client, "/")
    assert home == "MISS" and "Ra mắt mô hình dân vận khéo mới" in home_body
    own, own_body = state(client, section.get_absolute_url())
    assert own == "MISS" and "Ra mắt mô hình dân vận khéo mới" in own_body
    assert state(client, other_section.get_absolute_url())[0] == "HIT"  # shows nothing of that section
    assert state(client, there.get_absolute_url())[0] == "HIT"  # its related list may lag


def test_the_related_list_lags_no_longer_than_its_setting(client, section):
    article = publish("Bài chính", section)
    url = article.get_absolute_url()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert state(client, url)[0] == "MISS"
        publish("Bài cùng chuyên mục", section)
        assert state(client, url)[0] == "HIT"
    with time_machine.travel(start + dt.timedelta(seconds=29), tick=False):
        assert state(client, url)[0] == "HIT"  # a lag is spread over its second half, by page
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        label, body = state(client, url)
        assert label == "MISS" and "Bài cùng chuyên mục" in body


def test_an_edit_shows_on_the_article_page_at_once(client, section):
    article = publish("Tiêu đề cũ của bài", section)
    state(client, article.get_absolute_url())
    article.title = "Tiêu đề mới của bài"
    article.save()
    label, body = state(client, article.get_absolute_url())
    assert label == "MISS" and "Tiêu đề mới của bài" in body


def test_while_one_process_renders_the_others_serve_the_previous_copy(client, section):
    publish("Tin thứ nhất", section)
    assert state(client, "/")[0] == "MISS"
    publish("Tin thứ hai", section)
    another_process_is_rendering(section.get_absolute_url())  # a different page's lock changes nothing
    another_process_is_rendering("/")
    label, body = state(client, "/")
    assert label == "STALE" and "Tin thứ hai" not in body and "Tin thứ nhất" in body


def test_a_stale_copy_is_replaced_once_the_render_is_done(client, section):
    publish("Tin thứ nhất", section)
    state(client, "/")
    publish("Tin thứ hai", section)
    request = client.get("/", HTTP_X_PROBE="1").wsgi_request  # renders it (takes the lock), stores it, frees the lock
    assert not cache.get(f"rendering:{page_key(request)}")
    label, body = state(client, "/")
    assert label == "HIT" and "Tin thứ hai" in body


def test_a_withdrawn_article_is_never_served_from_a_copy_even_while_others_render(client, section):
    gone = publish("Bài sẽ bị gỡ xuống", section)
    stays = publish("Bài vẫn còn", section)
    urls = ["/", section.get_absolute_url(), stays.get_absolute_url(), "/tim-kiem/?q=bai+se+bi+go"]
    for url in urls:
        assert state(client, url)[0] == "MISS"
    for url in urls:
        another_process_is_rendering(url)
    gone.status = Article.Status.DRAFT
    gone.save()
    for url in urls:
        label, body = state(client, url)
        assert label == "MISS" and "Bài sẽ bị gỡ xuống" not in body, url
    assert client.get(gone.get_absolute_url()).status_code == 404


def test_a_draft_saved_changes_no_cached_page(client, section):
    publish("Tin đã đăng", section)
    state(client, "/")
    draft = Article.objects.create(title="Bản nháp đang viết", section=section)
    draft.body = "<p>Viết tiếp.</p>"
    draft.save()
    assert state(client, "/")[0] == "HIT"


def test_a_new_address_makes_the_old_one_answer_with_its_redirect_at_once(client, section):
    article = publish("Tên bài lúc đầu", section)
    old = article.get_absolute_url()
    assert state(client, old)[0] == "MISS"
    another_process_is_rendering(old)
    article.slug = "ten-bai-da-doi"
    article.save()
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == "/bai-viet/ten-bai-da-doi/"


def test_a_photo_taken_away_leaves_its_article_page_at_once(client, section):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.articles.test_library import jpeg_bytes

    article = publish("Bài có ảnh", section)
    photo = Photo.objects.create(article=article, image=SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg"), caption="Ảnh hội nghị")
    url = article.get_absolute_url()
    assert "Ảnh hội nghị" in state(client, url)[1]
    another_process_is_rendering(url)
    photo.delete()
    label, body = state(client, url)
    assert label == "MISS" and "Ảnh hội nghị" not in body


def test_a_change_committed_while_a_page_renders_leaves_its_copy_stale(client, section, monkeypatch):
    """The counters are read before the view reads the database: an edit that lands in
    between makes the stored copy stale at once instead of current."""
    import articles.views

    article = publish("Tiêu đề trước khi sửa", section)
    real = articles.views.attached_records

    def edited_meanwhile(instance):
        Article.objects.filter(pk=instance.pk).update(title="Tiêu đề đã sửa")
        invalidation.bump(soft=[invalidation.article_scope(instance.slug)])  # as the other process's save does
        return real(instance)

    monkeypatch.setattr(articles.views, "attached_records", edited_meanwhile)
    first = client.get(article.get_absolute_url())
    assert first["X-Cache"] == "MISS" and "Tiêu đề trước khi sửa" in first.content.decode()
    monkeypatch.setattr(articles.views, "attached_records", real)
    label, body = state(client, article.get_absolute_url())
    assert label == "MISS" and "Tiêu đề đã sửa" in body


def test_the_etag_changes_with_what_the_page_shows(client, section):
    publish("Tin một", section)
    first = client.get("/")["ETag"]
    assert client.get("/")["ETag"] == first
    publish("Tin hai", section)
    assert client.get("/")["ETag"] != first


@pytest.mark.django_db(transaction=True)
def test_a_transaction_bumps_each_scope_once_more_at_commit(section):
    article = publish("Bài trong giao dịch", section)
    key = invalidation._key(invalidation.article_scope(article.slug), invalidation.SOFT)
    invalidation.counters([invalidation.article_scope(article.slug)])
    from django.db import transaction

    with transaction.atomic():
        before = cache.get(key)
        article.lead = "Sapo mới."
        article.save()
        article.tags.add("dân vận")
        inside = cache.get(key)
        assert inside == before + 2  # the save and the tag, each at once
    assert cache.get(key) == inside + 1  # and once for the whole transaction
    with transaction.atomic():
        article.save()
        rolled_back = cache.get(key)
        transaction.set_rollback(True)
    assert cache.get(key) == rolled_back  # nothing committed, nothing more to invalidate


def test_without_a_copy_to_show_a_request_waits_for_the_render_under_way(client, section, settings):
    import threading

    publish("Tin đầu tiên", section)
    key = page_key(RequestFactory().get("/"))
    assert state(client, "/")[0] == "MISS"
    rendered = cache.get(key)
    cache.delete(key)  # as after a restart: no copy at all
    forget_local_pages()  # not even this process's own
    settings.PAGE_CACHE_WAIT_SECONDS = 5
    another_process_is_rendering("/")

    def other_process_finishes():
        cache.set(key, rendered, 60)
        cache.delete(f"rendering:{key}")

    threading.Timer(0.2, other_process_finishes).start()
    label, body = state(client, "/")
    assert label == "WAITED" and "Tin đầu tiên" in body


def test_a_render_that_ends_without_a_copy_stops_the_wait_at_once(client, section, settings):
    import threading
    import time

    article = publish("Bài sắp gỡ", section)
    url = article.get_absolute_url()
    state(client, url)
    settings.PAGE_CACHE_WAIT_SECONDS = 5
    article.status = Article.Status.DRAFT
    article.save()
    another_process_is_rendering(url)
    threading.Timer(0.2, lambda: cache.delete(f"rendering:{page_key(RequestFactory().get(url))}")).start()  # its 404: no copy
    started = time.monotonic()
    assert client.get(url).status_code == 404
    assert time.monotonic() - started < 2


def test_pages_under_one_change_spread_their_lag_over_its_second_half(client, section):
    """Sixty article pages lagging behind one publication must not all render it in the
    same second."""
    articles = [publish(f"Bài thứ {n}", section) for n in range(12)]
    lags = []
    for article in articles:
        state(client, article.get_absolute_url())
        lags.append(
            cache.get(page_key(RequestFactory().get(article.get_absolute_url())))["scopes"][invalidation.section_scope(section.slug)]
        )
    assert all(30 <= lag < 60 for lag in lags)
    assert max(lags) - min(lags) > 10


def test_the_editors_form_publishes_to_the_cached_pages_that_show_it_and_withdraws_from_all(client, admin_client, section, other_section):
    """Through the admin's own form, as editors save: the pages that show the article change,
    a section that does not show it stays cached, and sending it back to draft takes it off
    every page at once."""
    from django.urls import reverse

    from tests.admin_forms import article_form

    publish("Tin cũ của chuyên mục", section)
    publish("Tin của chuyên mục khác", other_section)
    pages = ["/", section.get_absolute_url(), other_section.get_absolute_url()]
    for url in pages:
        state(client, url)
    form = article_form(title="Tin mới qua biểu mẫu", status="published", section=str(section.pk), tags="dân vận")
    assert admin_client.post(reverse("admin:articles_article_add"), form).status_code == 302
    article = Article.objects.get(title="Tin mới qua biểu mẫu")
    for url in pages[:2]:
        label, body = state(client, url)
        assert label == "MISS" and "Tin mới qua biểu mẫu" in body, url
    assert state(client, pages[2])[0] == "HIT"
    assert state(client, article.get_absolute_url())[0] == "MISS"
    for url in [*pages, article.get_absolute_url()]:
        another_process_is_rendering(url)
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert admin_client.post(change, article_form(article, status="draft", section=str(section.pk))).status_code == 302
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in pages[:2]:
        label, body = state(client, url)
        assert label == "MISS" and "Tin mới qua biểu mẫu" not in body, url


def test_a_renamed_tag_shows_at_once_and_a_deleted_one_leaves_its_page(client, section):
    from taggit.models import Tag

    article = publish("Bài có từ khóa", section)
    article.tags.add("dân vận khéo")
    tag = Tag.objects.get(name="dân vận khéo")
    tag_url = f"/tu-khoa/{tag.slug}/"
    assert state(client, tag_url)[0] == "MISS"
    assert "dân vận khéo" in state(client, article.get_absolute_url())[1]
    tag.name = "Dân vận khéo"
    tag.save()
    label, body = state(client, article.get_absolute_url())
    assert label == "MISS" and "Dân vận khéo" in body
    another_process_is_rendering(tag_url)
    tag.delete()
    assert client.get(tag_url).status_code == 404


def test_a_page_rendered_while_content_changed_is_served_but_not_kept(client, section, monkeypatch):
    """Its fragments may be of before the change and its counters of after it: the next
    request renders it again."""
    import articles.views

    article = publish("Bài đang hiện", section)
    real = articles.views.attached_records

    def another_process_saves_meanwhile(instance):
        invalidation.bump(soft=[invalidation.LISTS])  # moves the content generation first
        return real(instance)

    monkeypatch.setattr(articles.views, "attached_records", another_process_saves_meanwhile)
    assert client.get(article.get_absolute_url())["X-Cache"] == "MISS"
    assert cache.get(page_key(RequestFactory().get(article.get_absolute_url()))) is None
    monkeypatch.setattr(articles.views, "attached_records", real)
    assert state(client, article.get_absolute_url())[0] == "MISS"
    assert state(client, article.get_absolute_url())[0] == "HIT"


def test_pages_whose_lagging_list_moved_render_in_turns_and_never_wait_past_the_stale_limit(client, section, settings):
    """After one publication, the article pages whose related list lags take turns to render
    it (one at a time across the workers, PAGE_CACHE_LAGGED_RENDERS); the others keep their
    copy until a turn is free or they waited PAGE_CACHE_STALE_SECONDS. The home page, which
    shows the publication itself, renders at once whatever the turns."""
    from danvan.staleness import TURN_PREFIX

    settings.PAGE_CACHE_LAGGED_RENDERS = 1
    first, second = publish("Bài thứ nhất", section), publish("Bài thứ hai", section)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for url in (first.get_absolute_url(), second.get_absolute_url(), "/"):
            assert state(client, url)[0] == "MISS"
        publish("Bài mới đăng", section)
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert cache.add(f"{TURN_PREFIX}0", 1, 5)  # another worker renders another page
        label, body = state(client, first.get_absolute_url())
        assert label == "STALE" and "Bài mới đăng" not in body
        label, body = state(client, "/")
        assert label == "MISS" and "Bài mới đăng" in body  # never waits for a turn
        cache.delete(f"{TURN_PREFIX}0")  # that render is done
        label, body = state(client, first.get_absolute_url())
        assert label == "MISS" and "Bài mới đăng" in body
        assert cache.get(f"{TURN_PREFIX}0") is None  # the turn is handed back
        assert cache.add(f"{TURN_PREFIX}0", 1, 60)  # a render that holds its turn long
        assert state(client, second.get_absolute_url())[0] == "STALE"
    with time_machine.travel(start + dt.timedelta(seconds=61 + 5), tick=False):
        label, body = state(client, second.get_absolute_url())
        assert label == "MISS" and "Bài mới đăng" in body  # waited long enough: renders without a turn


def test_without_a_limit_on_turns_a_lagging_page_renders_when_its_lag_is_over(client, section, settings):
    from danvan.staleness import TURN_PREFIX

    settings.PAGE_CACHE_LAGGED_RENDERS = 0
    article = publish("Bài chính", section)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        state(client, article.get_absolute_url())
        publish("Bài cùng chuyên mục", section)
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        cache.add(f"{TURN_PREFIX}0", 1, 5)
        assert state(client, article.get_absolute_url())[0] == "MISS"
