"""Old addresses readers asked for that lead nowhere: counted, bounded, listed, and gone once mapped."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from redirects.models import MissedAddress, OldAddress
from tests.site.conftest import make_article

pytestmark = pytest.mark.django_db


def test_unmapped_old_addresses_are_counted_with_their_last_request(client):
    for _ in range(3):
        assert client.get("/tin-tuc/bai-cu-123.html?utm_source=zalo", HTTP_HOST="dangbokhoi.vn").status_code == 404
    client.get("/Tin-Tuc/bai-cu-123/", HTTP_HOST="DangBoKhoi.vn")
    client.get("/gioi-thieu/lich-su.aspx")
    assert list(MissedAddress.objects.values_list("host", "key", "hits", "example")) == [
        ("dangbokhoi.vn", "/tin-tuc/bai-cu-123", 4, "dangbokhoi.vn/Tin-Tuc/bai-cu-123/"),
        ("testserver", "/gioi-thieu/lich-su.aspx", 1, "testserver/gioi-thieu/lich-su.aspx"),
    ]


def test_assets_probes_and_this_sites_own_pages_are_not_old_addresses(client):
    for path in ["/favicon.ico", "/images/logo.png", "/wp-login.php", "/.env", "/bai-viet/khong-co-bai-nay/", "/chuyen-muc/khong-co/"]:
        assert client.get(path).status_code == 404
    assert not MissedAddress.objects.exists()


def test_storage_keeps_only_the_most_asked_for(client, settings):
    settings.OLD_ADDRESS_MISSES_KEPT = 2
    for _ in range(3):
        client.get("/tin-tuc/nhieu-nguoi-hoi.html")
    client.get("/tin-tuc/it-nguoi-hoi-1.html")
    client.get("/tin-tuc/it-nguoi-hoi-2.html")
    assert list(MissedAddress.objects.values_list("key", "hits")) == [("/tin-tuc/nhieu-nguoi-hoi", 3), ("/tin-tuc/it-nguoi-hoi-2", 1)]


def test_mapping_an_address_takes_it_off_the_report(client):
    client.get("/tin-tuc/bai-cu-123.html", HTTP_HOST="dangbokhoi.vn")
    article = make_article()
    OldAddress.objects.create(old_url="http://dangbokhoi.vn/tin-tuc/bai-cu-123.html", article=article)
    assert not MissedAddress.objects.exists()
    assert client.get("/tin-tuc/bai-cu-123.html", HTTP_HOST="dangbokhoi.vn").status_code == 301


def test_the_command_lists_the_most_asked_for_first(client):
    client.get("/tin-tuc/mot-lan.html")
    for _ in range(2):
        client.get("/tin-tuc/hai-lan.html", HTTP_HOST="dangbokhoi.vn")
    out = StringIO()
    call_command("old_addresses", "--unmapped", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split()[0] for line in lines] == ["2", "1"]
    assert lines[0].endswith("dangbokhoi.vn/tin-tuc/hai-lan.html")
    assert lines[1].endswith("testserver/tin-tuc/mot-lan.html")
    out = StringIO()
    call_command("old_addresses", "--unmapped", "--limit", "1", "--format", "json", stdout=out)
    assert [(r["address"], r["hits"]) for r in json.loads(out.getvalue())] == [("dangbokhoi.vn/tin-tuc/hai-lan.html", 2)]


def test_the_command_says_when_there_is_nothing():
    out = StringIO()
    call_command("old_addresses", "--unmapped", stdout=out)
    assert out.getvalue().strip() == "Chưa có địa chỉ cũ nào được hỏi mà không chuyển được."


def test_only_the_page_naming_part_of_a_query_is_kept(client):
    client.get("/index.php?option=com_content&view=article&id=9&utm_source=zalo&email=bandoc@example.vn")
    client.get("/?p=404&fbclid=abc")
    assert sorted(MissedAddress.objects.values_list("example", flat=True)) == [
        "testserver/?p=404",
        "testserver/index.php?id=9&option=com_content&view=article",
    ]
