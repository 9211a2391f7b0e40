"""WordPress exports (WXR 1.2): statuses, pages, sections through the mapping, tags, bylines,
photos from the uploads folder, unknown post types, broken XML, re-imports and dry runs."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from taggit.models import Tag

from articles.models import Article, Photo, Section
from portal.models import Page

from .wxr_samples import BODY, HEAD, TAIL, full_export, item, jpeg, write_export

pytestmark = pytest.mark.django_db

NOW = "2026-12-01 10:00:00+07:00"
MAPPING = '[categories]\n"Dân vận khéo" = "dan-van-kheo"\n\n[paths]\n"/2021/11/" = "quy-che-dan-chu"\n'


@pytest.fixture
def sections(db) -> dict[str, Section]:
    return {
        slug: Section.objects.create(name=name, slug=slug)
        for slug, name in (("dan-van-kheo", "Dân vận khéo"), ("tin-hoat-dong", "Tin hoạt động"), ("quy-che-dan-chu", "Quy chế dân chủ"))
    }


def run(*paths: Path, mapping: Path | None = None, **options) -> tuple[dict, int]:
    """The command's JSON report and exit code."""
    out = StringIO()
    arguments = [str(p) for p in paths] + ["--format", "json"] + (["--mapping", str(mapping)] if mapping else [])
    code = 0
    try:
        with time_machine.travel(NOW, tick=False):
            call_command("import_articles", *arguments, stdout=out, stderr=StringIO(), **options)
    except CommandError as error:
        code = error.returncode
    return json.loads(out.getvalue()), code


@pytest.fixture
def export(tmp_path: Path) -> Path:
    images = {"2021/10/hoi-nghi.jpg": jpeg(), "2021/10/dai-dien.jpg": jpeg(900, 600)}
    return write_export(tmp_path / "site", full_export(), images=images)


@pytest.fixture
def mapping(tmp_path: Path) -> Path:
    path = tmp_path / "chuyen-muc.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def by_title(title: str) -> Article:
    return Article.objects.get(title=title)


def test_every_status_maps_and_nothing_unpublished_becomes_public(sections, export, mapping):
    report, code = run(export, mapping=mapping)
    assert code == 0, report
    with time_machine.travel(NOW, tick=False):
        public = set(Article.objects.published().values_list("title", flat=True))
        scheduled = by_title("Bài hẹn giờ đăng")
        assert scheduled.is_scheduled
    assert public == {"Sơ kết 5 năm phong trào thi đua “Dân vận khéo”", "Tin từ chuyên mục cũ"}
    assert scheduled.status == "published" and scheduled.published_at.year == 2099
    assert by_title("Bản nháp chưa xong").status == "draft"
    assert by_title("Bài chờ duyệt").status == "review"
    assert by_title("Bài riêng tư").status == "draft"
    assert by_title("Bài đã xóa").status == "archived"
    assert by_title("Bài có mật khẩu").status == "draft"
    assert report["summary"] == {"created": 10, "updated": 0, "unchanged": 0, "failed": 0, "skipped": 3}


def test_a_schedule_already_past_waits_for_review(sections, tmp_path):
    path = write_export(
        tmp_path, HEAD + item(1, "Hẹn giờ đã qua", status="future", date="2021-01-01 08:00:00", content="Nội dung.", categories=()) + TAIL
    )
    report, _code = run(path)
    article = by_title("Hẹn giờ đã qua")
    assert article.status == "review"
    assert report["files"][0]["warnings"] == ["bài hẹn giờ mà giờ hẹn đã qua: để chờ duyệt"]


def test_post_fields_body_byline_tags_sections_and_old_address(sections, export, mapping):
    report, _code = run(export, mapping=mapping)
    article = by_title("Sơ kết 5 năm phong trào thi đua “Dân vận khéo”")
    assert article.source_url == "https://danvan.binhthuan.example/2021/10/bai-101/"
    assert article.import_source == "https://danvan.binhthuan.example/?p=101"  # the guid: kept when the permalink changes
    assert article.import_report["old"] == {
        "guid": "https://danvan.binhthuan.example/?p=101",
        "id": "101",
        "status": "publish",
        "categories": ["Dân vận khéo"],
    }
    assert article.byline == "Nguyễn Thị Nga"  # the author's display name, not the login
    assert article.lead == "Phong trào đã lan tỏa rộng khắp trong tỉnh."
    assert article.section == sections["dan-van-kheo"]
    assert sorted(article.tags.names()) == ["Bình Thuận", "Quy chế dân chủ"]
    assert article.published_at.isoformat() == "2021-10-06T01:30:00+00:00"  # post_date_gmt; 08:30 in Hà Nội
    assert "<script>" not in article.body and "alert" not in article.body
    assert "<strong>Nhiều mô hình hay</strong>" in article.body
    assert "[caption" not in article.body and "hoi-nghi" not in article.body
    assert [d.symbol for d in article.documents.all()] == ["290-QĐ/TW"]
    # unmapped category → the default section, listed in the report
    assert by_title("Tin từ chuyên mục cũ").section == sections["tin-hoat-dong"]
    assert report["unmapped_categories"] == {"Tin tức": 1}


def test_path_mapping_when_no_category_maps(sections, tmp_path, mapping):
    text = HEAD + item(5, "Tin tháng mười một", date="2021-11-02 08:00:00", content="Nội dung.", categories=(("cu", "Cũ"),)) + TAIL
    run(write_export(tmp_path, text), mapping=mapping)
    assert by_title("Tin tháng mười một").section == sections["quy-che-dan-chu"]


def test_photos_from_the_uploads_folder_checked_and_resized(sections, export):
    run(export)
    article = by_title("Sơ kết 5 năm phong trào thi đua “Dân vận khéo”")
    cover, inline = article.photos.order_by("order")
    assert (cover.caption, cover.alt_text, cover.width, cover.after_paragraph) == ("Ảnh đại diện của bài", "Đại biểu dự hội nghị", 900, 0)
    # the body linked the 800x533 copy; only the original is in the folder
    assert (inline.caption, inline.alt_text, inline.after_paragraph, inline.width) == (
        "Quang cảnh hội nghị sơ kết",
        "Quang cảnh hội nghị",
        1,
        640,
    )
    assert inline.original_name == "hoi-nghi.jpg" and inline.image.name.startswith("photos/")
    assert inline.srcset_webp  # renditions made like an upload


def test_missing_not_an_image_and_traversal_keep_the_caption(sections, tmp_path):
    content = (
        "Đoạn đầu của bài viết.\n\n"
        '[caption width="600"]<img src="/wp-content/uploads/2020/01/mat.jpg" alt="" /> Ảnh bị mất[/caption]\n\n'
        '[caption width="600"]<img src="https://x.example/wp-content/uploads/../../../../etc/passwd" alt="" /> Ảnh lạ[/caption]\n\n'
        '[caption width="600"]<img src="/wp-content/uploads/2020/01/gia.jpg" alt="" /> Không phải ảnh[/caption]'
    )
    path = write_export(
        tmp_path / "s", HEAD + item(7, "Bài thiếu ảnh", content=content) + TAIL, images={"2020/01/gia.jpg": b"not an image"}
    )
    report, code = run(path)
    assert code == 0
    article = by_title("Bài thiếu ảnh")
    assert [(p.caption, bool(p.image)) for p in article.photos.order_by("order")] == [
        ("Ảnh bị mất", False),
        ("Ảnh lạ", False),
        ("Không phải ảnh", False),
    ]
    warnings = report["files"][0]["warnings"]
    assert "thiếu tệp ảnh 2020/01/mat.jpg trong thư mục uploads (giữ chú thích)" in warnings
    assert any(w.startswith("đường dẫn ảnh ra ngoài thư mục uploads, bị từ chối") for w in warnings)
    assert any(w.startswith("ảnh gia.jpg không nhận được") for w in warnings)


def test_pages_become_site_pages(sections, export):
    run(export)
    page = Page.objects.get(import_source="https://danvan.binhthuan.example/?p=200")
    assert page.source_url == "https://danvan.binhthuan.example/gioi-thieu-ban/"
    assert (page.title, page.slug, page.status) == ("Giới thiệu Ban Dân vận", "gioi-thieu-ban", "published")
    assert page.body == "<p>Ban Dân vận Tỉnh ủy là cơ quan tham mưu của Tỉnh ủy.</p>"
    assert Page.objects.get(slug="trang-nhap").status == "draft"
    assert not Article.objects.filter(title="Giới thiệu Ban Dân vận").exists()


def test_unknown_post_types_are_skipped_with_a_reason(sections, export):
    report, code = run(export)
    skipped = {f["title"]: f["reason"] for f in report["files"] if f["outcome"] == "skipped"}
    assert skipped == {
        "Trang chủ": "mục menu của trang cũ, không phải bài viết",
        "Sơ kết 5 năm (bản sửa)": "bản nháp tự động của WordPress (trạng thái inherit)",
        "Sản phẩm": "loại nội dung “product” không được hỗ trợ: chỉ nhập bài (post) và trang (page)",
    }
    assert code == 0
    assert not Article.objects.filter(title__in=skipped).exists()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (full_export().replace("</item>", "</itm>", 5), "tệp XML hỏng ở dòng"),
        (full_export()[:-200], "tệp XML hỏng ở dòng"),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            + full_export().split("?>", 1)[1].replace("Nội dung bản nháp.", "&x;"),
            "tệp XML có khai báo DOCTYPE/thực thể: bị từ chối vì lý do an toàn",
        ),
    ],
)
def test_broken_xml_fails_the_file_with_nothing_written(sections, tmp_path, text, reason):
    report, code = run(write_export(tmp_path, text, images={"2021/10/hoi-nghi.jpg": jpeg()}))
    assert code == 1
    (failure,) = report["files"]
    assert failure["outcome"] == "failed" and failure["reason"].startswith(reason)
    assert "\n" not in failure["reason"]
    assert Article.objects.count() == 0 and Page.objects.filter(import_source__gt="").count() == 0 and Photo.objects.count() == 0


def test_reimport_changes_nothing_then_updates_in_place(sections, export):
    run(export)
    before = {a.pk: (a.updated_at, a.status) for a in Article.objects.all()}
    report, _code = run(export)
    assert report["summary"] == {"created": 0, "updated": 0, "unchanged": 10, "failed": 0, "skipped": 3}
    assert {a.pk: (a.updated_at, a.status) for a in Article.objects.all()} == before
    assert Photo.objects.count() == 2  # nothing doubled

    changed = full_export(later=True)
    export.write_text(changed, encoding="utf-8")
    report, _code = run(export)
    assert report["summary"]["updated"] == 2 and report["summary"]["created"] == 0, report
    assert "Nhiều mô hình mới" in by_title("Sơ kết 5 năm phong trào thi đua “Dân vận khéo”").body
    assert Article.objects.count() == 8 and Photo.objects.count() == 2
    # trashed on the old site since: no longer public here either
    assert by_title("Tin từ chuyên mục cũ").status == "archived"


def test_dry_run_writes_nothing_and_reports_what_it_would_do(sections, export):
    report, code = run(export, dry_run=True)
    assert code == 0 and report["dry_run"] is True
    assert report["summary"] == {"created": 10, "updated": 0, "unchanged": 0, "failed": 0, "skipped": 3}
    assert Article.objects.count() == 0 and Page.objects.filter(import_source__gt="").count() == 0 and Tag.objects.count() == 0


def test_a_post_that_cannot_be_saved_fails_alone(sections, tmp_path):
    text = HEAD + item(1, "Bài tốt", content="Nội dung tốt.") + item(2, "", content="Không có tiêu đề.") + item(3, "Chỉ tiêu đề") + TAIL
    report, code = run(write_export(tmp_path, text))
    assert code == 1
    assert [(f["title"], f["outcome"], f["reason"]) for f in report["files"]] == [
        ("Bài tốt", "created", ""),
        ("", "failed", "mục không có tiêu đề"),
        ("Chỉ tiêu đề", "failed", "bài không có nội dung: chỉ có tiêu đề"),
    ]
    assert list(Article.objects.values_list("title", flat=True)) == ["Bài tốt"]


def test_forced_format_and_mapping_errors(sections, tmp_path, export):
    with pytest.raises(CommandError, match="Tệp ánh xạ trỏ tới chuyên mục không có: khong-co"):
        bad = tmp_path / "m.toml"
        bad.write_text('[categories]\n"A" = "khong-co"\n', encoding="utf-8")
        call_command("import_articles", str(export), "--mapping", str(bad), stdout=StringIO())
    renamed = export.rename(export.with_suffix(".txt"))
    report, _code = run(renamed, input_format="wxr")
    assert report["summary"]["created"] == 10


def test_body_with_shortcodes_and_no_paragraph_tags():
    from importing.richtext import convert

    converted = convert(BODY + '\n\n[gallery ids="1,2"]\n\n[vc_row]Trong khối trang[/vc_row] và chú thích [1].')
    assert converted.body.count("<p>") == 4
    assert "Trong khối trang và chú thích [1]." in converted.paragraphs[-1]
    assert converted.warnings == ["bài có thư viện ảnh [gallery]: các ảnh của thư viện không được đưa vào nội dung"]
