"""The page cache and the chrome's memo: fresh after every save of settings, pages or links,
and no banner outlives its last day, even when nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from portal.models import LinkedSite, Page, SiteSettings

from .conftest import make_link, make_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 86400


def cached_twice(client, path="/") -> str:
    first = client.get(path)
    second = client.get(path)
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    return second.content.decode()


def test_saving_the_settings_reaches_cached_pages_at_once(client):
    assert "Ban Dân vận Tỉnh ủy Nghệ An" not in cached_twice(client)
    row = SiteSettings.load()
    row.name = "Ban Dân vận Tỉnh ủy Nghệ An"
    row.phone = "0238 3844 123"
    row.save()
    response = client.get("/")
    assert response["X-Cache"] == "MISS"
    html = response.content.decode()
    assert '<span class="brand__name">Ban Dân vận Tỉnh ủy Nghệ An</span>' in html and "0238 3844 123" in html


def test_saving_or_deleting_a_page_reaches_cached_pages_at_once(client):
    cached_twice(client, "/trang/lien-he/")
    page = Page.objects.get(slug="lien-he")
    page.body = "<p>Gọi đường dây nóng của Ban.</p>"
    page.save()
    assert "Gọi đường dây nóng của Ban." in client.get("/trang/lien-he/").content.decode()
    added = make_page(title="Hỏi đáp", placement=Page.Placement.MENU)
    assert ">Hỏi đáp</a>" in client.get("/").content.decode()
    added.status = Page.Status.DRAFT
    added.save()
    assert ">Hỏi đáp</a>" not in client.get("/").content.decode()
    page.delete()
    assert "/trang/lien-he/" not in client.get("/").content.decode()
    assert client.get("/trang/lien-he/").status_code == 404


def test_saving_or_deleting_a_link_reaches_cached_pages_at_once(client):
    cached_twice(client)
    link = make_link(title="Báo Dân vận", url="https://baodanvan.vn/", position=LinkedSite.Position.HOME)
    assert "Báo Dân vận" in client.get("/").content.decode()
    link.delete()
    assert "Báo Dân vận" not in client.get("/").content.decode()


def test_a_banner_leaves_cached_pages_at_midnight_after_its_last_day_and_the_next_arrives(client):
    now = timezone.make_aware(dt.datetime(2026, 3, 10, 23, 50))
    with time_machine.travel(now, tick=False):
        make_link(title="Banner Tháng Thanh niên", url="https://a.example.vn/", shown_until=dt.date(2026, 3, 10))
        make_link(title="Banner ngày 11", url="https://b.example.vn/", shown_from=dt.date(2026, 3, 11))
        html = cached_twice(client)
        assert "Banner Tháng Thanh niên" in html and "Banner ngày 11" not in html
    with time_machine.travel(now + dt.timedelta(minutes=9), tick=False):
        assert client.get("/")["X-Cache"] == "HIT"  # still the 10th: nothing to change
    with time_machine.travel(now + dt.timedelta(minutes=10, seconds=1), tick=False):
        response = client.get("/")
        html = response.content.decode()
        assert response["X-Cache"] == "MISS"
        assert "Banner Tháng Thanh niên" not in html and "Banner ngày 11" in html
