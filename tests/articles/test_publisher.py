"""Whose portal an imported article comes from: set by ``import_articles --publisher``, shown as its source."""

from __future__ import annotations

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.importing.conftest import article_text
from tests.site.conftest import make_article, make_organization

pytestmark = pytest.mark.django_db

BINH_THUAN = "Ban Dân vận Tỉnh ủy Bình Thuận"


def source_line(client, article) -> str:
    html = client.get(article.get_absolute_url()).content.decode()
    start = html.index('<p class="article__source">')
    return re.sub(r"<[^>]+>", "", html[start : html.index("</p>", start)]).strip()


def test_a_body_still_at_work_is_named_as_it_is(client):
    body = make_organization(name=BINH_THUAN)
    article = make_article(publisher=body, source="bdv.binhthuan.dcs.vn")
    assert source_line(client, article) == f"Nguồn: {BINH_THUAN}"


def test_a_body_that_ended_without_successor_is_marked_old(client):
    body = make_organization(name=BINH_THUAN, active_until=datetime.date(2025, 6, 30))
    assert source_line(client, make_article(publisher=body)) == f"Nguồn: {BINH_THUAN} (cũ)"


def test_a_body_that_ended_names_its_successor(client):
    after = make_organization(name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng")
    body = make_organization(name=BINH_THUAN, active_until=datetime.date(2025, 6, 30), successor=after)
    line = source_line(client, make_article(publisher=body, source_url="http://bdv.binhthuan.dcs.vn/tin-tuc/1.html"))
    assert line == f"Nguồn: {BINH_THUAN} (nay là Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng)"


def test_without_publisher_the_printed_source_stays(client):
    assert source_line(client, make_article(source="Báo Bình Thuận")) == "Nguồn: Báo Bình Thuận"


def test_the_publisher_costs_no_extra_query(client):
    warm, plain = make_article(), make_article()
    after = make_organization(name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng")
    body = make_organization(name=BINH_THUAN, active_until=datetime.date(2025, 6, 30), successor=after)
    credited = make_article(publisher=body)
    # Menu and chrome read once, on another article: the two counted render every fragment.
    client.get(warm.get_absolute_url())

    def count(article):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(article.get_absolute_url()).status_code == 200
        return len(captured)

    assert count(credited) == count(plain)


def test_import_articles_records_the_publisher_by_slug_or_name(tmp_path):
    body = make_organization(name=BINH_THUAN, slug="ban-dan-van-tinh-uy-binh-thuan")
    (tmp_path / "a.txt").write_text(article_text(1), encoding="utf-8")
    (tmp_path / "b.txt").write_text(article_text(2, place="Phú Lạc"), encoding="utf-8")
    call_command("import_articles", str(tmp_path / "a.txt"), "--publisher", body.slug, stdout=StringIO())
    call_command("import_articles", str(tmp_path / "b.txt"), "--publisher", "ban dân vận tỉnh ủy bình thuận", stdout=StringIO())
    assert list(Article.objects.values_list("publisher__name", flat=True)) == [BINH_THUAN, BINH_THUAN]


def test_an_unknown_publisher_is_refused_in_vietnamese_and_nothing_imported(tmp_path):
    (tmp_path / "a.txt").write_text(article_text(1), encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_articles", str(tmp_path / "a.txt"), "--publisher", "Ban Dân vận Huyện ủy Không Có", stdout=StringIO())
    assert str(raised.value) == (
        "Không có cơ quan “Ban Dân vận Huyện ủy Không Có” trong danh sách tổ chức. "
        "Thêm cơ quan ở trang quản trị hoặc dùng đúng đường dẫn của nó."
    )
    assert not Article.objects.exists()


def test_two_bodies_of_one_name_ask_for_the_slug(tmp_path):
    make_organization(name=BINH_THUAN, slug="bdv-binh-thuan-1")
    make_organization(name=BINH_THUAN, slug="bdv-binh-thuan-2")
    (tmp_path / "a.txt").write_text(article_text(1), encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_articles", str(tmp_path / "a.txt"), "--publisher", BINH_THUAN, stdout=StringIO())
    assert str(raised.value) == f"Có nhiều cơ quan tên “{BINH_THUAN}”: bdv-binh-thuan-1, bdv-binh-thuan-2. Hãy dùng đường dẫn của cơ quan."


def test_a_body_that_credits_articles_cannot_be_deleted():
    from django.db.models import ProtectedError

    body = make_organization(name=BINH_THUAN)
    make_article(publisher=body)
    with pytest.raises(ProtectedError):
        body.delete()
