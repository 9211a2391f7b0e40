"""A saved page's photos reach the database: files from the mirror checked like uploads."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.db import transaction

from articles.models import Article
from danvan.html import sanitized
from importing.extract import Gazetteer, extract
from importing.files import SourceFile
from importing.html import parse_html
from importing.load import FileResult, Importer, Prepared

from .test_html import PNG, TEXT, content, page

pytestmark = pytest.mark.django_db


def import_page(path: Path, root: Path) -> FileResult:
    """What the importer does with a page once the format detection has read it as HTML."""
    data = path.read_bytes()
    parsed = parse_html(data, path=str(path), mirror_root=root)
    source = SourceFile(path=path, key=f"site/{path.name}")
    result = FileResult(path=str(path), key=source.key, outcome="failed", title=parsed.title, warnings=parsed.warnings)
    prepared = Prepared(
        source,
        result,
        parsed=parsed,
        extraction=extract(parsed.article_text(), Gazetteer()),
        encoding=parsed.encoding,
        digest=hashlib.sha256(data).hexdigest(),
        key=parsed.source_url or source.key,
        body=sanitized(parsed.body_html),
    )
    with transaction.atomic():
        return Importer()._import_prepared(prepared, None)


def test_photos_from_the_mirror_are_uploaded_and_missing_or_bad_ones_keep_their_caption(tmp_path):
    site = tmp_path / "site"
    (site / "images").mkdir(parents=True)
    (site / "images" / "hoi-nghi.png").write_bytes(PNG)
    (site / "images" / "khong-phai-anh.jpg").write_bytes(b"<html>not an image</html>")
    figures = [
        '<figure><img src="images/hoi-nghi.png"><figcaption>Quang cảnh hội nghị. Ảnh: Thu Hà</figcaption></figure>',
        '<figure><img src="images/khong-phai-anh.jpg"><figcaption>Đại biểu phát biểu</figcaption></figure>',
        '<figure><img src="images/mat.jpg"><figcaption>Trao giấy khen</figcaption></figure>',
    ]
    table = "<table><tr><th>Đơn vị</th><th>Số mô hình</th></tr><tr><td>Huyện Đầm Hà</td><td>12</td></tr></table>"
    path = site / "bai.html"
    path.write_text(page(content(f"<p>{TEXT}</p>", *figures, table, f"<p>{TEXT}</p>")), encoding="utf-8")

    result = import_page(path, site)

    assert result.outcome == "created", result.reason
    article = Article.objects.get(pk=result.article_id)
    assert "<td>Huyện Đầm Hà</td>" in article.body
    photos = list(article.photos.order_by("order"))
    assert [(p.caption, p.credit, bool(p.image)) for p in photos] == [
        ("Quang cảnh hội nghị.", "Thu Hà", True),
        ("Đại biểu phát biểu", "", False),
        ("Trao giấy khen", "", False),
    ]
    assert (photos[0].original_name, photos[0].width, photos[0].height) == ("hoi-nghi.png", 2, 2)
    warnings = article.import_report["warnings"]
    assert "ảnh không có trong bản sao, chỉ giữ chú thích: images/mat.jpg" in warnings
    assert any(w.startswith("ảnh images/khong-phai-anh.jpg không nhận được (Tệp không phải là ảnh") for w in warnings)


def test_import_articles_reads_a_saved_site_folder_with_its_photos(tmp_path, capsys):
    """The command detects saved pages by their content and reads them with the HTML reader:
    photos from inside the folder, the page's old address kept, a page with no article failed
    alone with its reason; the same folder again changes nothing."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    site = tmp_path / "danvan.example.vn"
    (site / "tin-tuc" / "images").mkdir(parents=True)
    (site / "tin-tuc" / "images" / "hoi-nghi.png").write_bytes(PNG)
    figure = '<figure><img src="images/hoi-nghi.png"><figcaption>Quang cảnh hội nghị. Ảnh: Thu Hà</figcaption></figure>'
    (site / "tin-tuc" / "hoi-nghi.html").write_text(page(content(f"<p>{TEXT}</p>", figure, f"<p>{TEXT}</p>")), encoding="utf-8")
    (site / "lien-he.html").write_text("<html><body><ul class='menu'><li>Trang chủ</li></ul></body></html>", encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("import_articles", str(site), "--pattern", "*.html")
    out, err = capsys.readouterr()
    assert "Tạo mới: 1, cập nhật: 0, không đổi: 0, lỗi: 1" in out
    assert "lien-he.html: trang HTML không có bài viết" in err
    article = Article.objects.get()
    assert article.title == "Hội nghị triển khai công tác dân vận năm 2019"
    assert article.source_url == "http://danvan.example.vn/tin-tuc/hoi-nghi.html"
    assert [(p.caption, p.credit, bool(p.image)) for p in article.photos.all()] == [("Quang cảnh hội nghị.", "Thu Hà", True)]

    with pytest.raises(CommandError):
        call_command("import_articles", str(site), "--pattern", "*.html")
    assert "Tạo mới: 0, cập nhật: 0, không đổi: 1, lỗi: 1" in capsys.readouterr().out
    assert Article.objects.count() == 1
