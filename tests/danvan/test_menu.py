"""The sections menu on every page: read once per content generation, never stale."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Section
from danvan import cache as page_cache

pytestmark = pytest.mark.django_db


def menu_queries(client, path="/") -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        html = client.get(path).content.decode()
    return html, sum(1 for q in captured.captured_queries if 'WHERE "articles_section"."in_menu"' in q["sql"])


def test_the_menu_is_read_once_and_then_shared_by_every_page(client):
    Section.objects.create(name="Tin hoạt động", position=1)
    Section.objects.create(name="Nghiên cứu", position=2)
    html, queries = menu_queries(client)
    assert queries == 1
    assert html.index('href="/chuyen-muc/tin-hoat-dong/"') < html.index('href="/chuyen-muc/nghien-cuu/"')
    html, queries = menu_queries(client, "/chuyen-muc/nghien-cuu/")
    assert queries == 0
    assert '<a href="/chuyen-muc/nghien-cuu/" aria-current="page">Nghiên cứu</a>' in html


def test_a_section_saved_here_is_in_the_menu_of_the_next_page(client):
    section = Section.objects.create(name="Tin hoạt động")
    assert ">Tin hoạt động</a>" in client.get("/").content.decode()
    section.name = "Tin tức hoạt động"
    section.save()
    Section.objects.create(name="Ẩn khỏi menu", in_menu=False)
    Section.objects.create(name="Đời sống")
    html = client.get("/").content.decode()
    assert ">Tin tức hoạt động</a>" in html and ">Đời sống</a>" in html
    assert ">Tin hoạt động</a>" not in html and "Ẩn khỏi menu" not in html
    section.delete()
    assert ">Tin tức hoạt động</a>" not in client.get("/").content.decode()


def test_a_section_saved_by_another_process_is_in_the_menu_within_a_second(client):
    Section.objects.create(name="Tin hoạt động")
    client.get("/")
    # Another worker's save: the row changes and the shared generation is bumped, but this
    # process is not told.
    Section.objects.filter(name="Tin hoạt động").update(name="Tin tức")
    cache.incr(page_cache.GENERATION_KEY)
    assert ">Tin hoạt động</a>" in client.get("/").content.decode()  # read under a second ago
    page_cache._state["read_at"] -= page_cache.STATE_SECONDS  # a second later
    html = client.get("/").content.decode()
    assert ">Tin tức</a>" in html and ">Tin hoạt động</a>" not in html
