"""Bulk loading of "old address → target" from a CSV file, all or nothing, and the backfill of articles imported before."""

from __future__ import annotations

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from taggit.models import Tag

from redirects.models import OldAddress
from tests.site.conftest import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets():
    section = make_section(name="Dân vận khéo", slug="dan-van-kheo")
    article = make_article(tags=["Quy chế dân chủ"])
    return section, article, Tag.objects.get(name="Quy chế dân chủ")


def load(tmp_path, text: str, *args) -> tuple[str, str]:
    path = tmp_path / "map.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    try:
        call_command("old_addresses", "--load", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        raise CommandError(f"{error}\n{err.getvalue()}".strip()) from None
    return out.getvalue(), err.getvalue()


def test_a_mapping_file_maps_sections_tags_articles_and_pages(tmp_path, targets, client):
    _section, article, tag = targets
    text = (
        "# địa chỉ cũ,đích\n"
        "http://bdv.binhthuan.dcs.vn/chuyen-muc/dan-van-kheo.html,Dân vận khéo\n"
        "/category/dan-van-kheo/,dan-van-kheo\n"
        f"/tag/quy-che/,/tu-khoa/{tag.slug}/\n"
        f"/tin/123.html,{article.get_absolute_url()}\n"
        "/lien-he.html,/tim-kiem/\n"
    )
    out, _err = load(tmp_path, text)
    assert out.strip() == "Tạo mới: 5, cập nhật: 0"
    rows = {e.old_url: e.target_url() for e in OldAddress.objects.exclude(article=article, origin="import")}
    assert rows == {
        "http://bdv.binhthuan.dcs.vn/chuyen-muc/dan-van-kheo.html": "/chuyen-muc/dan-van-kheo/",
        "/category/dan-van-kheo/": "/chuyen-muc/dan-van-kheo/",
        "/tag/quy-che/": reverse("articles:tag", args=[tag.slug]),
        "/tin/123.html": article.get_absolute_url(),
        "/lien-he.html": "/tim-kiem/",
    }
    assert client.get("/category/dan-van-kheo").headers["Location"] == "/chuyen-muc/dan-van-kheo/"
    out, _err = load(tmp_path, "/category/dan-van-kheo/,/tim-kiem/\n")
    assert out.strip() == "Tạo mới: 0, cập nhật: 1"
    assert OldAddress.objects.get(key="/category/dan-van-kheo").target_path == "/tim-kiem/"


def test_a_file_with_a_bad_line_writes_nothing_and_says_why(tmp_path, targets):
    text = "/a.html,dan-van-kheo\n/b.html,Không có chuyên mục này\n/c.html,/khong-co-trang/\n/d.html\n/a.htm,/tim-kiem/\n"
    with pytest.raises(CommandError) as raised:
        load(tmp_path, text)
    assert str(raised.value).splitlines()[0] == "4 dòng lỗi: không ghi dòng nào."
    assert not OldAddress.objects.filter(origin="editor").exists()


def test_the_errors_name_their_lines(tmp_path, targets):
    from redirects.mapping import load_mapping

    result = load_mapping("/a.html,dan-van-kheo\n/b.html,Không có chuyên mục này\n/c.html,/khong-co-trang/\n/d.html\n/a.htm,/tim-kiem/\n")
    assert result.errors == [
        "dòng 2: không có chuyên mục “Không có chuyên mục này”",
        "dòng 3: trang này không có đường dẫn “/khong-co-trang/”",
        "dòng 4: cần hai cột “địa chỉ cũ,đích”",
        "dòng 5: trùng địa chỉ cũ với dòng 1",
    ]


def test_dry_run_writes_nothing(tmp_path, targets):
    out, _err = load(tmp_path, "/a.html,dan-van-kheo\n", "--dry-run")
    assert out.strip() == "[chạy thử, không ghi] Tạo mới: 1, cập nhật: 0"
    assert not OldAddress.objects.filter(origin="editor").exists()


def test_the_migration_gives_articles_imported_before_it_their_old_address(client):
    article = make_article(source_url="http://dangbokhoi.vn/tin-tuc/truoc-khi-co-chuyen-huong.html")
    OldAddress.objects.all().delete()  # as the database was before the redirects app
    migration = importlib.import_module("redirects.migrations.0002_backfill_and_roles")
    migration.backfill(apps, None)
    migration.backfill(apps, None)  # and running it again changes nothing
    entry = OldAddress.objects.get()
    expected = ("dangbokhoi.vn", "/tin-tuc/truoc-khi-co-chuyen-huong", article, "import")
    assert (entry.host, entry.key, entry.article, entry.origin) == expected
    assert client.get("/tin-tuc/truoc-khi-co-chuyen-huong.html").headers["Location"] == article.get_absolute_url()
