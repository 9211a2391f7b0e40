"""The status an import asks for (--status, a post's own) goes through the workflow's rules
(``articles.workflow.refusal``) as every status change does: an article the workflow will not
publish — a photo without its text alternative — is kept for review, with the reason."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Section

from .conftest import article_text
from .test_html import PNG, TEXT, content, page
from .wxr_samples import HEAD, TAIL, item, jpeg, write_export

pytestmark = pytest.mark.django_db

TITLE = "Hội nghị triển khai công tác dân vận năm 2019"
HELD = f"Không xuất bản «{TITLE}»: ảnh số 1 chưa có mô tả thay thế. Bài được lưu ở trạng thái «Chờ duyệt» để biên tập viên bổ sung."


@pytest.fixture
def section(db) -> Section:
    return Section.objects.create(name="Tin hoạt động", slug="tin-hoat-dong")


def saved_site(tmp_path: Path, *figures: str) -> Path:
    site = tmp_path / "danvan.example.vn"
    (site / "images").mkdir(parents=True)
    (site / "images" / "hoi-nghi.png").write_bytes(PNG)
    (site / "bai.html").write_text(page(content(f"<p>{TEXT}</p>", *figures, f"<p>{TEXT}</p>")), encoding="utf-8")
    return site


def run_json(*arguments: str) -> dict:
    out = StringIO()
    call_command("import_articles", *arguments, "--format", "json", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_a_page_whose_photo_lacks_alt_text_is_kept_for_review_with_the_reason(section, tmp_path):
    site = saved_site(tmp_path, '<figure><img src="images/hoi-nghi.png"><figcaption>Quang cảnh hội nghị</figcaption></figure>')
    report = run_json(str(site), "--pattern", "*.html", "--status", "published")
    (result,) = report["files"]
    assert (result["outcome"], result["held_back"]) == ("created", HELD)
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW
    assert article.import_report["held_back"] == {"status": "published", "reason": HELD}
    assert list(Article.objects.published()) == []
    assert [(p.caption, p.alt_text, bool(p.image)) for p in article.photos.all()] == [("Quang cảnh hội nghị", "", True)]


def test_a_page_whose_photos_have_alt_text_is_published_and_keeps_it(section, tmp_path):
    site = saved_site(
        tmp_path, '<figure><img src="images/hoi-nghi.png" alt="Đại biểu dự hội nghị"><figcaption>Quang cảnh</figcaption></figure>'
    )
    (result,) = run_json(str(site), "--pattern", "*.html")["files"]
    assert (result["outcome"], result["held_back"]) == ("created", "")
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert list(Article.objects.published()) == [article]
    assert [p.alt_text for p in article.photos.all()] == ["Đại biểu dự hội nghị"]
    assert "held_back" not in article.import_report


def test_a_photo_missing_from_the_mirror_is_only_a_caption_and_refuses_nothing(section, tmp_path):
    site = saved_site(tmp_path, '<figure><img src="images/mat.png"><figcaption>Trao giấy khen</figcaption></figure>')
    (result,) = run_json(str(site), "--pattern", "*.html")["files"]
    assert result["held_back"] == ""
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_a_dry_run_says_which_articles_would_be_held_back_and_writes_nothing(section, tmp_path):
    site = saved_site(tmp_path, '<figure><img src="images/hoi-nghi.png"><figcaption>Quang cảnh hội nghị</figcaption></figure>')
    (result,) = run_json(str(site), "--pattern", "*.html", "--dry-run")["files"]
    assert (result["outcome"], result["held_back"]) == ("created", HELD)
    assert Article.objects.count() == 0


def test_statuses_that_are_not_publication_are_never_held_back(section, tmp_path):
    site = saved_site(tmp_path, '<figure><img src="images/hoi-nghi.png"><figcaption>Quang cảnh hội nghị</figcaption></figure>')
    (result,) = run_json(str(site), "--pattern", "*.html", "--status", "draft")["files"]
    assert (result["held_back"], Article.objects.get().status) == ("", Article.Status.DRAFT)


def test_the_text_summary_names_each_article_held_back(section, tmp_path):
    site = saved_site(tmp_path, '<figure><img src="images/hoi-nghi.png"><figcaption>Quang cảnh hội nghị</figcaption></figure>')
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.txt").write_text(article_text(1), encoding="utf-8")
    out = StringIO()
    call_command("import_articles", str(site / "bai.html"), str(archive / "a.txt"), stdout=out, stderr=StringIO())
    lines = out.getvalue().splitlines()
    assert "Tạo mới: 2, cập nhật: 0, không đổi: 0, lỗi: 0" in lines
    assert [line for line in lines if line.startswith("GIỮ LẠI")] == [f"GIỮ LẠI danvan.example.vn/bai.html: {HELD}"]
    assert sorted(Article.objects.values_list("status", flat=True)) == ["published", "review"]


def test_a_wordpress_post_whose_featured_image_lacks_alt_text_is_kept_for_review(section, tmp_path):
    attachment = item(
        50,
        "anh-dai-dien",
        post_type="attachment",
        status="inherit",
        attachment_url="https://danvan.binhthuan.example/wp-content/uploads/2021/10/dai-dien.jpg",
        meta={"_wp_attached_file": "2021/10/dai-dien.jpg"},
    )
    posts = [
        item(51, "Bài có ảnh chưa mô tả", content="Nội dung của bài viết.", meta={"_thumbnail_id": "50"}),
        item(52, "Bài có ảnh đã mô tả", content='<img src="/wp-content/uploads/2021/10/dai-dien.jpg" alt="Hội nghị" /> Nội dung.'),
        item(53, "Bài có ảnh không đọc được", content='<img src="/wp-content/uploads/2021/10/gia.jpg" alt="" /> Nội dung.'),
    ]
    export = write_export(
        tmp_path / "site", HEAD + attachment + "".join(posts) + TAIL, images={"2021/10/dai-dien.jpg": jpeg(), "2021/10/gia.jpg": b"x"}
    )
    report = run_json(str(export), "--pattern", "*.xml", "--section", "tin-hoat-dong")
    held = {f["title"]: f["held_back"] for f in report["files"]}
    assert held == {
        "Bài có ảnh chưa mô tả": (
            "Không xuất bản «Bài có ảnh chưa mô tả»: ảnh số 1 chưa có mô tả thay thế. "
            "Bài được lưu ở trạng thái «Chờ duyệt» để biên tập viên bổ sung."
        ),
        "Bài có ảnh đã mô tả": "",
        "Bài có ảnh không đọc được": "",  # its photo keeps only the caption: nothing to describe
    }
    assert dict(Article.objects.values_list("title", "status")) == {
        "Bài có ảnh chưa mô tả": "review",
        "Bài có ảnh đã mô tả": "published",
        "Bài có ảnh không đọc được": "published",
    }
