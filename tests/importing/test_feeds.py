"""RSS 2.0 and Atom files: items become articles with their links kept; broken feeds fail whole."""

from __future__ import annotations

import json
import tracemalloc
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Section
from importing.wxr import read_export

from .wxr_samples import ATOM, HEAD, RSS, TAIL, item

pytestmark = pytest.mark.django_db


def run(*paths: Path, **options) -> tuple[dict, int]:
    out = StringIO()
    try:
        call_command("import_articles", *map(str, paths), "--format", "json", stdout=out, stderr=StringIO(), **options)
    except CommandError as error:
        return json.loads(out.getvalue()), error.returncode
    return json.loads(out.getvalue()), 0


@pytest.fixture
def feeds(tmp_path: Path) -> tuple[Path, Path]:
    rss, atom = tmp_path / "tin.rss", tmp_path / "tin.atom"
    rss.write_text(RSS, encoding="utf-8")
    atom.write_text(ATOM, encoding="utf-8")
    return rss, atom


def test_rss_items_become_articles_with_their_links(feeds, tmp_path):
    section = Section.objects.create(name="Dân vận khéo", slug="dan-van-kheo")
    mapping = tmp_path / "m.toml"
    mapping.write_text('[categories]\n"Dân vận khéo" = "dan-van-kheo"\n', encoding="utf-8")
    report, code = run(feeds[0], "--mapping", str(mapping))
    assert code == 0 and report["summary"]["created"] == 2
    first = Article.objects.get(source_url="https://tinbai.example.vn/tin-tuc/giao-ban-quy-3.html")
    assert (first.title, first.byline, first.section, first.status) == (
        "Hội nghị giao ban công tác dân vận quý III",
        "Minh Châu",
        section,
        "published",
    )
    assert first.published_at.isoformat() == "2021-03-15T01:30:00+00:00"
    assert (
        first.body
        == "<p>Ngày 12/3, hội nghị giao ban công tác dân vận quý III được tổ chức.</p><p>Hội nghị đánh giá phong trào thi đua.</p>"
    )
    second = Article.objects.get(title="Tin chỉ có mô tả")
    assert (second.body, second.byline) == ("<p>Nội dung chỉ trong phần mô tả của tin.</p>", "Tòa soạn")
    assert Article.objects.published().count() == 2


def test_atom_entries_become_articles(feeds):
    report, code = run(feeds[1])
    assert code == 0 and report["summary"]["created"] == 2
    first = Article.objects.get(title="Dân vận chính quyền ở cơ sở")
    assert (first.source_url, first.byline) == ("https://atom.example.vn/bai/dan-van-chinh-quyen", "Lê Văn Hùng")
    assert first.published_at.isoformat() == "2021-03-15T01:30:00+00:00"  # published, not updated
    assert first.import_report["old"]["categories"] == ["Dân vận chính quyền"]
    second = Article.objects.get(title="Bài chỉ có tóm tắt")
    assert (second.body, second.published_at.isoformat()) == ("<p>Tóm tắt của bài viết.</p>", "2021-03-17T10:00:00+00:00")


def test_feeds_are_idempotent_and_follow_changes(feeds):
    run(*feeds)
    report, _code = run(*feeds)
    assert report["summary"] == {"created": 0, "updated": 0, "unchanged": 4, "failed": 0}
    feeds[0].write_text(RSS.replace("Hội nghị đánh giá phong trào thi đua.", "Hội nghị đánh giá cao phong trào."), encoding="utf-8")
    report, _code = run(*feeds)
    assert report["summary"] == {"created": 0, "updated": 1, "unchanged": 3, "failed": 0}
    assert "đánh giá cao" in Article.objects.get(title="Hội nghị giao ban công tác dân vận quý III").body
    assert Article.objects.count() == 4


def test_feed_dry_run_and_status_option(feeds):
    report, _code = run(feeds[0], dry_run=True)
    assert report["summary"]["created"] == 2 and Article.objects.count() == 0
    run(feeds[0], status="draft")
    assert set(Article.objects.values_list("status", flat=True)) == {"draft"}


def test_broken_feed_fails_whole(tmp_path):
    broken = tmp_path / "hong.rss"
    broken.write_text(RSS.replace("</item>\n<item>", "</itemm>\n<item>"), encoding="utf-8")
    report, code = run(broken)
    assert code == 1 and Article.objects.count() == 0
    assert report["files"][0]["reason"].startswith("tệp XML hỏng ở dòng") and "thẻ đóng không khớp thẻ mở" in report["files"][0]["reason"]


def test_text_files_still_import_beside_exports(tmp_path, feeds):
    from .conftest import ARTICLE

    (tmp_path / "bai.txt").write_text(ARTICLE.format(n="II", place="Yên Hưng"), encoding="utf-8")
    report, code = run(tmp_path / "bai.txt", feeds[1])
    assert code == 0 and report["summary"]["created"] == 3
    assert (
        Article.objects.filter(import_source="bai.txt").exists() or Article.objects.filter(title__startswith="Hội nghị giao ban").exists()
    )


def test_a_large_export_is_streamed_in_bounded_memory(tmp_path):
    """4,000 posts (about 30 MB): reading it holds one item at a time, not the file."""
    path = tmp_path / "lon.xml"
    paragraph = "Cán bộ dân vận bám sát cơ sở, lắng nghe ý kiến nhân dân và kịp thời giải quyết vướng mắc. " * 60
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEAD)
        for n in range(4_000):
            handle.write(item(n + 1, f"Bài số {n + 1}", content=paragraph))
        handle.write(TAIL)
    size = path.stat().st_size
    assert size > 30_000_000
    tracemalloc.start()
    try:
        export = read_export(path)
        count = sum(1 for _entry in export.entries())
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 4_000
    assert peak < 8_000_000, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.0f} MB file"


def test_each_file_is_detected_by_its_content(tmp_path, feeds):
    from importing.detect import detect

    from .wxr_samples import full_export

    export = tmp_path / "xuat.txt"
    export.write_text("\ufeff" + full_export(), encoding="utf-8")
    page = tmp_path / "trang.txt"
    page.write_text("<!DOCTYPE html><html><body><p>Bài</p></body></html>", encoding="utf-8")
    text = tmp_path / "bai.xml"
    text.write_text("Tiêu đề bài\n\nNội dung bài.", encoding="utf-8")
    assert [detect(p) for p in (export, *feeds, page, text)] == ["wxr", "feed", "feed", "html", "text"]


def test_text_summary_lists_unmapped_categories_and_skipped_items(tmp_path):
    from .wxr_samples import full_export, write_export

    out = StringIO()
    call_command("import_articles", str(write_export(tmp_path, full_export())), "-v2", stdout=out, stderr=StringIO())
    lines = out.getvalue().splitlines()
    assert "Tạo mới: 10, cập nhật: 0, không đổi: 0, lỗi: 0, bỏ qua: 3" in lines
    assert "Chuyên mục cũ chưa ánh xạ: Dân vận khéo (7 bài, vào chuyên mục mặc định)" in lines
    assert "BỎ QUA https://danvan.binhthuan.example/?p=300: mục menu của trang cũ, không phải bài viết" in lines
