"""Labels as a commission's web editors write them."""

from __future__ import annotations

import datetime

import pytest

from .conftest import make_article

pytestmark = pytest.mark.django_db


def test_archive_pages_say_luu_tru_by_month_and_year(client):
    make_article(title="Bài tháng mười", published_at=datetime.datetime(2021, 10, 6, 3, tzinfo=datetime.UTC))
    index = client.get("/luu-tru/").content.decode()
    assert "<h1>Lưu trữ theo tháng</h1>" in index
    assert ">Tháng 10/2021</a>" in index
    month = client.get("/luu-tru/2021/10/").content.decode()
    assert "<h1>Lưu trữ tháng 10/2021</h1>" in month
    assert '<a href="/luu-tru/2021/">Năm 2021</a></li><li><span aria-current="page">Tháng 10/2021</span>' in month
    year = client.get("/luu-tru/2021/").content.decode()
    assert "<h1>Lưu trữ năm 2021</h1>" in year
    footer = client.get("/").content.decode()
    assert '">Lưu trữ theo tháng</a>' in footer
