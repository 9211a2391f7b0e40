"""Saved HTML pages and site mirrors: the fidelity set, encodings, photos, pages with no article."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from bench import fidelity
from importing.html import parse_html
from importing.parse import ParseError

PNG = bytes.fromhex(  # a 2×2 PNG
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a730000001649444154789c633c2127c7c0c0c0c4c0c0c0c0c000000d0401087d71ca660000000049454e44ae426082"
)
TEXT = (
    "Sáng 5/3, Ban Dân vận Tỉnh ủy tổ chức hội nghị triển khai Nghị quyết số 25-NQ/TW của Ban Chấp hành Trung ương "
    "về công tác dân vận trong tình hình mới, với sự tham dự của lãnh đạo các ban, ngành."
)


def page(body: str, head: str = '<meta charset="utf-8">', title: str = "Hội nghị triển khai công tác dân vận năm 2019") -> str:
    return (
        f"<html><head>{head}<title>{title} - Cổng thông tin</title></head><body>"
        '<ul class="main-menu"><li>Trang chủ</li><li>Tin Nóng</li></ul>'
        f'<div class="news-detail"><h1 class="title-news">{title}</h1>{body}</div>'
        '<div class="footer">Bản quyền thuộc Ban Dân vận Tỉnh ủy</div></body></html>'
    )


def content(*blocks: str) -> str:
    return '<div class="content-detail">' + "".join(blocks) + "</div>"


def test_fidelity_set_meets_the_targets():
    result = fidelity.score()
    assert result.pages >= 30
    assert len({p.parts[0] for p in fidelity.FOLDER.rglob("*.html") for p in [p.relative_to(fidelity.FOLDER)]}) >= 10
    assert result.met(), fidelity.report(result)


def test_portal_page_gives_title_date_author_lead_table_and_canonical_url():
    path = fidelity.FOLDER / "portal" / "bai-3.html"
    parsed = parse_html(path.read_bytes(), path=str(path), mirror_root=path.parent)
    assert parsed.title == "Hội nghị giao ban công tác dân vận khối các cơ quan nhà nước quý I năm 2019"
    assert parsed.published_at == dt.datetime(2019, 10, 20, 15, 45)
    assert parsed.byline == "Hoàng Văn Long"
    assert parsed.lead.startswith("Chiều 28/3, Ban Chỉ đạo")
    assert parsed.source_url == "https://danvan.binhthuan.gov.vn/tin-tuc/bai-3.html"
    assert "<th>Lượt tiếp công dân</th>" in parsed.body_html and "<td>412</td>" in parsed.body_html
    assert "Các tin khác" not in parsed.body_html and "Hội nghị sơ kết" not in parsed.body_html
    assert parsed.related == []  # (the related list was a chrome element, dropped whole)


def test_wget_mirror_path_is_the_old_url_and_photos_come_from_the_mirror():
    root = fidelity.FOLDER / "wget"
    path = root / "www.danvan.example.vn" / "tin-tuc" / "bai-31.html"
    parsed = parse_html(path.read_bytes(), path=str(path), mirror_root=root)
    assert parsed.source_url == "http://www.danvan.example.vn/tin-tuc/bai-31.html"
    (photo,) = parsed.captions
    assert (photo.text, photo.credit) == ("Quang cảnh hội nghị tại trụ sở số 31.", "T.H")
    assert photo.image == str((root / "www.danvan.example.vn" / "images" / "anh-31.png").resolve())


def test_page_without_canonical_in_a_plain_folder_takes_its_path_on_the_old_site(tmp_path):
    (tmp_path / "tin-tuc").mkdir()
    path = tmp_path / "tin-tuc" / "bai.html"
    path.write_text(page(content(f"<p>{TEXT}</p>")), encoding="utf-8")
    parse = parse_html(path.read_bytes(), path=str(path), mirror_root=tmp_path, base_url="http://danvan.example.vn/")
    assert parse.source_url == "http://danvan.example.vn/tin-tuc/bai.html"
    # No host known: no URL (the file's place in the archive stays its import_source).
    assert parse_html(path.read_bytes(), path=str(path), mirror_root=tmp_path).source_url == ""


@pytest.mark.parametrize(
    "src, warning",
    [
        ("../../etc/passwd", "đã từ chối ảnh nằm ngoài thư mục bản sao: ../../etc/passwd"),
        ("images/khong-co.jpg", "ảnh không có trong bản sao, chỉ giữ chú thích: images/khong-co.jpg"),
        ("https://anh.example.vn/a.jpg", "ảnh không có trong bản sao, chỉ giữ chú thích: https://anh.example.vn/a.jpg"),
    ],
)
def test_photo_outside_or_missing_from_the_mirror_keeps_its_caption(tmp_path, src, warning):
    path = tmp_path / "site" / "bai.html"
    path.parent.mkdir()
    html = page(
        content(
            f"<p>{TEXT}</p>",
            f'<figure><img src="{src}"><figcaption>Quang cảnh hội nghị. Ảnh: Thu Hà</figcaption></figure>',
            f"<p>{TEXT}</p>",
        )
    )
    path.write_text(html, encoding="utf-8")
    parsed = parse_html(path.read_bytes(), path=str(path), mirror_root=path.parent)
    (photo,) = parsed.captions
    assert (photo.text, photo.credit, photo.image, photo.src) == ("Quang cảnh hội nghị.", "Thu Hà", "", src)
    assert warning in parsed.warnings


def test_symlink_out_of_the_mirror_is_refused(tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(PNG)
    site = tmp_path / "site"
    site.mkdir()
    (site / "anh.png").symlink_to(outside)
    path = site / "bai.html"
    path.write_text(
        page(content(f"<p>{TEXT}</p>", '<figure><img src="anh.png"><figcaption>Ảnh hội nghị</figcaption></figure>')), encoding="utf-8"
    )
    parsed = parse_html(path.read_bytes(), path=str(path), mirror_root=site)
    assert parsed.captions[0].image == ""
    assert "đã từ chối ảnh nằm ngoài thư mục bản sao: anh.png" in parsed.warnings


@pytest.mark.parametrize(
    "head, encoding",
    [
        ('<meta charset="windows-1258">', "cp1258"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">', "cp1258"),
        ("", "cp1258"),  # not declared: UTF-8 fails, Windows-1258 gives Vietnamese letters
    ],
)
def test_windows_1258_pages_declared_or_not(head, encoding):
    from bench.make_fidelity import _cp1258

    parsed = parse_html(_cp1258(page(content(f"<p>{TEXT}</p>"), head=head)))
    assert parsed.encoding == encoding
    assert parsed.title == "Hội nghị triển khai công tác dân vận năm 2019"
    assert parsed.paragraphs == [TEXT]


def test_utf8_page_that_says_latin1_and_nfd_text_are_read_as_nfc():
    html = unicodedata.normalize("NFD", page(content(f"<p>{TEXT}</p>"), head='<meta charset="iso-8859-1">'))
    parsed = parse_html(html.encode("utf-8"))
    assert parsed.title == "Hội nghị triển khai công tác dân vận năm 2019"
    assert unicodedata.is_normalized("NFC", parsed.paragraphs[0])
    assert parsed.warnings[0] == "trang khai báo bảng mã iso-8859-1 nhưng viết bằng UTF-8"


@pytest.mark.parametrize(
    "html",
    [
        b"",
        b"<html><head><title>Trang chu</title></head><body></body></html>",
        page('<ul class="list-news"><li><a href="/a">Tin một</a></li><li><a href="/b">Tin hai</a></li></ul>').encode(),
        b"\x00\x01\x02binary",
    ],
    ids=["empty", "no body", "section listing", "binary"],
)
def test_page_with_no_article_fails_with_a_vietnamese_reason(html):
    with pytest.raises(ParseError, match=r"^trang HTML không có bài viết"):
        parse_html(html)


def test_top_bar_date_and_event_dates_are_not_the_publication_date():
    html = page(content(f"<p>{TEXT}</p>", "<p>Ngày 14/7/2018, Ban Thường vụ Tỉnh ủy đã ban hành Kế hoạch số 112-KH/TU.</p>"))
    html = html.replace("<body>", '<body><div class="top-bar"><span class="current-date">Thứ Ba, 01/12/2026</span></div>')
    parsed = parse_html(html.encode())
    assert parsed.published_on is None
    assert "no publication date found; left undated" in parsed.warnings


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Ngày đăng: 05/03/2018", dt.datetime(2018, 3, 5)),
        ("Thứ Hai, 05/03/2018 - 08:30", dt.datetime(2018, 3, 5, 8, 30)),
        ("5 Tháng 3 2018", dt.datetime(2018, 3, 5)),
        ("5 tháng Ba, 2018", dt.datetime(2018, 3, 5)),
        ("12/03/2019 | Lượt xem: 1234", dt.datetime(2019, 3, 12)),
        ("Ngày xuất bản: 2019-03-12T08:30", dt.datetime(2019, 3, 12, 8, 30)),
    ],
)
def test_date_line_above_the_title(line, expected):
    html = page(content(f"<p>{TEXT}</p>")).replace('<h1 class="title-news">', f'<div class="date">{line}</div><h1 class="title-news">')
    assert parse_html(html.encode()).published_at == expected


@pytest.mark.parametrize(
    "tail, byline",
    [
        ("<p><strong>Nguyễn Thị Nga</strong></p>", "Nguyễn Thị Nga"),
        ('<p style="text-align:right">Bài và ảnh: Trần Minh (Ban Dân vận Huyện ủy)</p>', "Trần Minh"),
        ("<p><strong>T/M BAN THƯỜNG VỤ</strong></p><p><strong>BÍ THƯ</strong></p><p><strong>Lê Văn Ký</strong></p>", ""),
        ("<p><strong>Tin Nóng</strong></p>", ""),
    ],
    ids=["name", "labelled with affiliation", "signatory", "hot news tag"],
)
def test_author_only_from_a_byline(tail, byline):
    parsed = parse_html(page(content(f"<p>{TEXT}</p>", f"<p>(ĐCSVN) - {TEXT}</p>", tail)).encode())
    assert parsed.byline == byline


def test_joomla_headline_without_h1_is_the_title_not_the_site_name():
    html = (
        "<html><head><title>Cổng thông tin điện tử Ban Dân vận Tỉnh ủy Bình Thuận</title></head><body>"
        '<div class="item-page"><div class="page-header"><h2 itemprop="headline">Hội nghị giao ban công tác dân vận</h2></div>'
        f'<div itemprop="articleBody"><p>{TEXT}</p></div></div></body></html>'
    )
    assert parse_html(html.encode()).title == "Hội nghị giao ban công tác dân vận"


@pytest.mark.parametrize(
    "meta, date, byline",
    [
        ("Gửi bởi Thu Hà vào Thứ Năm, 14/03/2019 - 10:15", dt.datetime(2019, 3, 14, 10, 15), "Thu Hà"),
        ("Gửi bởi admin vào Thứ Năm, 14/03/2019 - 10:15", dt.datetime(2019, 3, 14, 10, 15), ""),
        ("Ngày đăng: 12/03/2019 | Tác giả: Trần Minh | Lượt xem: 1.234", dt.datetime(2019, 3, 12), "Trần Minh"),
    ],
)
def test_date_and_byline_sharing_a_line_under_the_title(meta, date, byline):
    html = page(content(f"<p>{TEXT}</p>")).replace("</h1>", f'</h1><div class="submitted">{meta}</div>')
    parsed = parse_html(html.encode())
    assert (parsed.published_at, parsed.byline) == (date, byline)


def test_an_image_description_is_its_caption_not_the_lead():
    figure = '<figure><img src="a.png"><figcaption class="image-description">Quang cảnh hội nghị</figcaption></figure>'
    parsed = parse_html(page(content(f"<p>{TEXT}</p>", figure, f"<p>{TEXT}</p>")).encode())
    assert parsed.lead == "" and parsed.captions[0].text == "Quang cảnh hội nghị"
