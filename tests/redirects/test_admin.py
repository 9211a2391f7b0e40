"""Editors see, search and edit the old addresses, and map the ones readers asked for in vain."""

from __future__ import annotations

import pytest
from django.urls import reverse

from redirects.models import MissedAddress, OldAddress
from tests.admin_forms import as_user
from tests.site.conftest import make_article, make_section

pytestmark = pytest.mark.django_db

LIST = "admin:redirects_oldaddress_changelist"
ADD = "admin:redirects_oldaddress_add"


def form(**overrides) -> dict:
    return {"old_url": "", "host": "", "article": "", "section": "", "tag": "", "target_path": "", **overrides}


def test_editors_find_addresses_typing_without_diacritics(client, editor):
    make_article(title="Dân vận khéo ở cơ sở", source_url="http://bdv.binhthuan.dcs.vn/tin-tuc/dân-vận-khéo.html")
    make_article(title="Hội nghị giao ban", source_url="http://dangbokhoi.vn/tin-tuc/hoi-nghi.html")
    as_user(client, editor)
    page = client.get(reverse(LIST), {"q": "dan van kheo"}).content.decode()
    assert "http://bdv.binhthuan.dcs.vn/tin-tuc/dân-vận-khéo.html" in page
    assert "hoi-nghi" not in page
    page = client.get(reverse(LIST), {"q": "giao ban"}).content.decode()  # the target's title is searched too
    assert "http://dangbokhoi.vn/tin-tuc/hoi-nghi.html" in page


def test_an_editor_maps_an_old_category_to_a_section(client, editor):
    section = make_section(name="Dân vận khéo")
    as_user(client, editor)
    response = client.post(reverse(ADD), form(old_url="http://bdv.binhthuan.dcs.vn/Chuyen-Muc/Dan-Van-Kheo.html", section=section.pk))
    assert response.status_code == 302
    entry = OldAddress.objects.get()
    assert (entry.host, entry.key, entry.section, entry.origin) == ("bdv.binhthuan.dcs.vn", "/chuyen-muc/dan-van-kheo", section, "editor")
    assert client.get("/chuyen-muc/dan-van-kheo.html").headers["Location"] == section.get_absolute_url()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"target_path": "/tim-kiem/"}, "Chọn đúng một đích: một bài viết, một chuyên mục, một từ khóa hoặc một đường dẫn mới."),
        ({}, "Chọn đúng một đích: một bài viết, một chuyên mục, một từ khóa hoặc một đường dẫn mới."),
    ],
)
def test_exactly_one_target_is_asked_for(client, editor, fields, message):
    section = make_section()
    as_user(client, editor)
    data = form(old_url="/tin-cu.html", **fields) | ({"section": section.pk} if fields else {})
    response = client.post(reverse(ADD), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OldAddress.objects.exists()


def test_a_target_outside_this_site_is_refused(client, editor):
    as_user(client, editor)
    response = client.post(reverse(ADD), form(old_url="/tin-cu.html", target_path="//example.com/"))
    assert "Đường dẫn mới phải là một trang của trang này, bắt đầu bằng một dấu /." in response.content.decode()
    assert not OldAddress.objects.exists()


def test_the_same_old_address_twice_is_refused(client, editor):
    OldAddress.objects.create(old_url="http://dangbokhoi.vn/tin-cu.html", target_path="/tim-kiem/")
    as_user(client, editor)
    response = client.post(reverse(ADD), form(old_url="dangbokhoi.vn/Tin-Cu/", target_path="/rss/"))
    assert "Địa chỉ này đã có chuyển hướng: http://dangbokhoi.vn/tin-cu.html." in response.content.decode()


def test_the_report_lists_unmapped_addresses_with_a_link_that_starts_mapping_them(client, editor):
    for _ in range(2):
        client.get("/tin-tuc/bai-cu.html", HTTP_HOST="dangbokhoi.vn")
    as_user(client, editor)
    page = client.get(reverse("admin:redirects_missedaddress_changelist")).content.decode()
    assert "dangbokhoi.vn/tin-tuc/bai-cu.html" in page
    assert "Tạo chuyển hướng" in page
    add = client.get(reverse(ADD), {"old_url": "/tin-tuc/bai-cu", "host": "dangbokhoi.vn"}).content.decode()
    assert 'value="/tin-tuc/bai-cu"' in add and 'value="dangbokhoi.vn"' in add
    assert MissedAddress.objects.get().hits == 2


def test_reporters_do_not_see_the_redirects(client, reporter):
    as_user(client, reporter)
    assert client.get(reverse(LIST)).status_code == 403
