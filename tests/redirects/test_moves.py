"""A section's or a page's corrected slug leaves its old address answering 301."""

from __future__ import annotations

import pytest

from portal.models import Page
from redirects.models import OldAddress
from tests.portal.conftest import make_page
from tests.site.conftest import make_section

pytestmark = pytest.mark.django_db


def test_a_renamed_section_answers_at_its_old_address_and_follows_later_renames(client):
    section = make_section(name="Tin hoạt động", slug="tin-hoat-dong")
    section.slug = "hoat-dong"
    section.save()
    response = client.get("/chuyen-muc/tin-hoat-dong/?utm_source=zalo")
    assert response.status_code == 301 and response["Location"] == "/chuyen-muc/hoat-dong/"
    section.slug = "hoat-dong-cua-ban"
    section.save()
    # Both earlier addresses lead straight to the newest, in one hop.
    assert client.get("/chuyen-muc/tin-hoat-dong/")["Location"] == "/chuyen-muc/hoat-dong-cua-ban/"
    assert client.get("/chuyen-muc/hoat-dong/")["Location"] == "/chuyen-muc/hoat-dong-cua-ban/"
    assert client.get("/chuyen-muc/hoat-dong-cua-ban/").status_code == 200


def test_a_renamed_public_page_answers_at_its_old_address_without_chains(client):
    page = make_page(title="Cơ cấu tổ chức", slug="co-cau", status=Page.Status.PUBLISHED)
    page.slug = "so-do-co-cau"
    page.save()
    assert client.get("/trang/co-cau/")["Location"] == "/trang/so-do-co-cau/"
    page.slug = "ve-ban-dan-van"
    page.save()
    assert client.get("/trang/co-cau/")["Location"] == "/trang/ve-ban-dan-van/"
    assert client.get("/trang/so-do-co-cau/")["Location"] == "/trang/ve-ban-dan-van/"


def test_moving_back_to_an_old_address_drops_the_redirect_that_stood_there(client):
    page = make_page(title="Đường dây nóng", slug="duong-day-nong", status=Page.Status.PUBLISHED)
    page.slug = "duong-day-nong-gop-y"
    page.save()
    page.slug = "duong-day-nong"
    page.save()
    assert client.get("/trang/duong-day-nong/").status_code == 200
    assert client.get("/trang/duong-day-nong-gop-y/")["Location"] == "/trang/duong-day-nong/"
    assert list(OldAddress.objects.values_list("key", "target_path")) == [("/trang/duong-day-nong-gop-y", "/trang/duong-day-nong/")]


def test_a_page_never_public_leaves_no_redirect_that_would_tell_its_new_address(client):
    page = make_page(title="Dự thảo quy chế", slug="du-thao", status=Page.Status.DRAFT)
    page.slug = "du-thao-quy-che-2026"
    page.save()
    assert OldAddress.objects.count() == 0
    assert client.get("/trang/du-thao/").status_code == 404
