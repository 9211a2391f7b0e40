"""The {% fragment %} tag (danvan/fragments.py): parts of pages kept between renders, never
past a change of content and never showing what is not public."""

from __future__ import annotations

import datetime
import time

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from danvan import fragments
from danvan.cache import bump_generation

from .conftest import make_article, make_section

pytestmark = pytest.mark.django_db

TEMPLATE = Template('{% load fragments %}{% fragment "probe" key %}[{{ value }}]{% endfragment %}')


def render(**context) -> str:
    context.setdefault("request", RequestFactory().get("/"))
    return TEMPLATE.render(Context(context))


def test_a_fragment_is_rendered_once_until_content_changes():
    assert render(key=1, value="một") == "[một]"
    assert render(key=1, value="hai") == "[một]"  # kept: nothing was saved
    bump_generation()
    assert render(key=1, value="hai") == "[hai]"


def test_each_value_named_in_the_tag_has_its_own_fragment():
    assert render(key=1, value="một") == "[một]"
    assert render(key=2, value="hai") == "[hai]"
    assert render(key=1, value="ba") == "[một]"


def test_other_processes_find_the_fragment_in_the_shared_cache():
    assert render(key=1, value="một") == "[một]"
    fragments.forget_fragments()  # as a fresh server process
    assert render(key=1, value="hai") == "[một]"


def test_a_staff_preview_never_reads_or_fills_a_fragment():
    assert render(key=1, value="công khai") == "[công khai]"
    assert render(key=1, value="bản nháp", preview=True) == "[bản nháp]"
    assert render(key=1, value="khác") == "[công khai]"


def test_seconds_renews_a_fragment_without_a_save(monkeypatch):
    timed = Template('{% load fragments %}{% fragment "timed" seconds=60 %}[{{ value }}]{% endfragment %}')
    now = [1_000_020.0]
    monkeypatch.setattr(fragments.time, "time", lambda: now[0])
    request = RequestFactory().get("/")
    assert timed.render(Context({"value": "một", "request": request})) == "[một]"
    assert timed.render(Context({"value": "hai", "request": request})) == "[một]"
    now[0] += 60
    assert timed.render(Context({"value": "hai", "request": request})) == "[hai]"


def test_the_address_readers_use_is_part_of_the_key():
    one = RequestFactory().get("/", HTTP_HOST="localhost")
    other = RequestFactory().get("/", HTTP_HOST="127.0.0.1")
    assert render(key=1, value="một", request=one) == "[một]"
    assert render(key=1, value="hai", request=other) == "[hai]"


def _pages(section, *articles) -> list[str]:
    return ["/", section.get_absolute_url(), *[a.get_absolute_url() for a in articles]]


def test_an_edit_shows_at_once_on_every_page(client):
    section = make_section(name="Tin hoạt động")
    edited = make_article(title="Tiêu đề cũ của bài", section=section, tags=["cải cách"])
    other = make_article(title="Bài bên cạnh", section=section, tags=["cải cách"])
    for path in _pages(section, other):
        assert "Tiêu đề cũ của bài" in client.get(path).content.decode(), path
    edited.title = "Tiêu đề mới của bài"
    edited.save()
    for path in _pages(section, other):
        page = client.get(path).content.decode()
        assert "Tiêu đề mới của bài" in page and "Tiêu đề cũ của bài" not in page, path


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.ARCHIVED])
def test_an_unpublished_article_vanishes_from_every_fragment(client, status):
    section = make_section(name="Tin hoạt động")
    withdrawn = make_article(title="Bài sắp bị gỡ xuống", section=section, tags=["cải cách"], view_count=900)
    other = make_article(title="Bài còn lại", section=section, tags=["cải cách"])
    pages = [*_pages(section, other), reverse("articles:tag", args=[Tag.objects.get(name="cải cách").slug])]
    for path in pages:
        assert "Bài sắp bị gỡ xuống" in client.get(path).content.decode(), path
    withdrawn.status = status
    withdrawn.save()
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200 and "Bài sắp bị gỡ xuống" not in response.content.decode(), path
    assert client.get(withdrawn.get_absolute_url()).status_code == 404


def test_a_scheduled_article_reaches_the_fragments_when_it_falls_due(client):
    section = make_section(name="Tin hoạt động")
    make_article(title="Bài đã đăng", section=section)
    make_article(title="Bài hẹn giờ sắp đến", section=section, published_at=timezone.now() + datetime.timedelta(seconds=1.5))
    pages = _pages(section)
    for path in pages:
        page = client.get(path).content.decode()
        assert "Bài đã đăng" in page and "Bài hẹn giờ sắp đến" not in page, path
    time.sleep(1.6)
    for path in pages:
        assert "Bài hẹn giờ sắp đến" in client.get(path).content.decode(), path


def test_a_lists_kept_count_follows_content(client):
    """The section page keeps its list's count like its fragments: the 21st article makes
    a second page at once, and a section renamed or removed is seen at once."""
    section = make_section(name="Tin hoạt động")
    for _ in range(20):
        make_article(section=section)
    second = section.get_absolute_url() + "?trang=2"
    assert client.get(second).status_code == 404
    make_article(section=section)
    assert client.get(second).status_code == 200
    section.name = "Tin hoạt động cơ sở"
    section.save()
    assert "Tin hoạt động cơ sở" in client.get(section.get_absolute_url()).content.decode()
    path = section.get_absolute_url()
    Article.objects.filter(section=section).delete()
    section.delete()
    assert client.get(path).status_code == 404
