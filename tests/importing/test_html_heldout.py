# ruff: noqa: E501  (page markup: long lines of HTML)
"""The held-out fidelity set (written without reading the rules, 2026-12-02) and the rules it
showed missing: each test below failed on the importer before them."""

from __future__ import annotations

import datetime as dt

from bench import fidelity
from importing.bylines import find_end_byline, is_agency_byline, split_affiliation, strip_byline_label
from importing.dates import parse_meta
from importing.extract import Gazetteer, extract
from importing.html import parse_html
from importing.parse import ParsedArticle

PNG = bytes.fromhex(  # a 2×2 PNG
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a730000001649444154789c633c2127c7c0c0c0c4c0c0c0c0c000000d0401087d71ca660000000049454e44ae426082"
)
TEXT = (
    "Sáng 5/3, Ban Dân vận Tỉnh ủy tổ chức hội nghị triển khai Nghị quyết số 25-NQ/TW của Ban Chấp hành Trung ương "
    "về công tác dân vận trong tình hình mới, với sự tham dự của lãnh đạo các ban, ngành."
)
LEAD = "Chiều 28/3, Ban Chỉ đạo tổ chức hội nghị giao ban công tác dân vận khối các cơ quan nhà nước quý I năm 2019 với các sở, ngành."
MORE = "Hội nghị thống nhất các nhiệm vụ trọng tâm của quý II, trong đó có việc tiếp công dân và đối thoại với nhân dân ở cơ sở."
TITLE = "Hội nghị triển khai công tác dân vận năm 2019"


def read(html: str, tmp_path=None, name: str = "bai.html") -> ParsedArticle:
    if tmp_path is None:
        return parse_html(html.encode("utf-8"))
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return parse_html(path.read_bytes(), path=str(path), mirror_root=tmp_path)


def test_heldout_set_meets_the_targets():
    result = fidelity.score(fidelity.HELDOUT)
    assert result.pages >= 15
    assert len({p.relative_to(fidelity.HELDOUT).parts[0] for p in fidelity.HELDOUT.rglob("*.html")}) >= 6
    assert result.met(), fidelity.report(result)


def test_heldout_layouts_are_not_the_own_sets():
    own = {p.name for p in fidelity.FOLDER.iterdir() if p.is_dir()}
    heldout = {p.name for p in fidelity.HELDOUT.iterdir() if p.is_dir()}
    assert heldout and not own & heldout


def test_site_name_h1_linking_home_is_not_the_title_blogger():
    html = (
        "<html><head><title>Đảng bộ xã: bài</title></head><body>"
        "<div class='Header'><h1 class='title'><a href='https://dangbo.blogspot.com/'>Đảng bộ xã Hòa Thắng</a></h1>"
        "<p class='description'>Trang thông tin của Đảng bộ xã</p></div>"
        "<div class='date-outer'><h2 class='date-header'><span>Thứ Hai, 5 tháng 3, 2018</span></h2>"
        f"<div class='date-posts'><div class='post-outer'><div class='post hentry'><h3 class='post-title entry-title'>{TITLE}</h3>"
        f"<div class='post-body entry-content'>{TEXT}<br/><br/>{MORE}</div></div></div></div></div></body></html>"
    )
    parsed = read(html)
    assert parsed.title == TITLE
    assert parsed.published_on == dt.date(2018, 3, 5)  # the day above the posts, outside the post
    assert "Trang thông tin" not in parsed.lead + " ".join(parsed.paragraphs)


def test_webforms_table_page_title_by_id_and_cells_read_apart():
    html = (
        "<html><head><title>:: Ban Dân vận Huyện ủy ::</title></head><body><table><tr><td>"
        "<table><tr><td class='date'><span id='ctl00_Main_lblDate'>Ngày đăng: 12/04/2012 08:42:15 AM</span></td></tr>"
        f"<tr><td class='title'><span id='ctl00_Main_lblTitle'>{TITLE}</span></td></tr>"
        f"<tr><td class='content'><span id='ctl00_Main_lblContent'>{TEXT}<br><br>{TEXT}<br><br>"
        "<div align='right'><b>Minh Tuấn - Ban Dân vận Huyện ủy</b></div></span></td></tr></table>"
        "</td></tr></table></body></html>"
    )
    parsed = read(html)
    assert parsed.title == TITLE
    assert parsed.published_on == dt.date(2012, 4, 12)
    assert (parsed.byline, parsed.byline_affiliation) == ("Minh Tuấn", "Ban Dân vận Huyện ủy")
    assert all(TITLE not in p and "Ngày đăng" not in p for p in parsed.paragraphs)


def test_amp_img_and_photo_by_absolute_url_on_the_pages_own_host(tmp_path):
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "a.png").write_bytes(PNG)
    (tmp_path / "uploads" / "b.png").write_bytes(PNG)
    html = (
        '<html><head><meta charset="utf-8"><link rel="canonical" href="https://danvan.example.vn/bai.htm"></head><body>'
        '<header><amp-img src="/img/logo.png" width="10" height="10"></amp-img></header>'
        f'<article><h1>{TITLE}</h1><div class="article-body"><p>{TEXT}</p>'
        '<figure><amp-img src="/uploads/a.png" width="10" height="10"></amp-img><figcaption>Quang cảnh. Ảnh: Hoàng Quý</figcaption></figure>'
        '<figure><img src="https://danvan.example.vn/uploads/b.png"><figcaption>Đại biểu dự. Ảnh: Ngọc Lan</figcaption></figure>'
        f"<p>{TEXT}</p></div></article></body></html>"
    )
    parsed = read(html, tmp_path)
    assert [bool(c.image) for c in parsed.captions] == [True, True]
    assert not any("logo" in w for w in parsed.warnings)


def test_logo_image_in_the_container_is_not_a_photo():
    html = f'<html><body><div class="content"><img src="/PublishingImages/logo.png"><h1>{TITLE}</h1><p>{TEXT}</p><p>{TEXT}</p></div></body></html>'
    parsed = read(html)
    assert parsed.captions == [] and not any("logo" in w for w in parsed.warnings)


def test_byline_in_its_own_block_after_the_body_with_a_credit_label():
    html = (
        f'<html><body><div class="ArticleDetail"><h1>{TITLE}</h1><div class="ArticleDate">Cập nhật lúc 08:30, Thứ Tư, 13/03/2019</div>'
        f'<div class="ArticleHeader"><p><strong>{LEAD}</strong></p></div>'
        f'<div class="ArticleContent"><p>{TEXT}</p><p>{MORE}</p></div>'
        '<div class="ArticleAuthor" style="text-align:right"><strong>Tin, ảnh: Hoàng Yến</strong></div></div></body></html>'
    )
    parsed = read(html)
    assert parsed.byline == "Hoàng Yến"
    assert parsed.published_on == dt.date(2019, 3, 13)
    assert parsed.lead == LEAD  # the sapo in an unnamed block between the title and the body


def test_reporter_under_a_quoted_signature_block_is_the_byline():
    lines = [TEXT, "TM. CHÍNH PHỦ", "THỦ TƯỚNG", "Nguyễn Xuân Phúc", "Hải Minh"]
    assert find_end_byline(lines) == 4
    assert find_end_byline(lines[:4]) is None  # the signatory alone is not


def test_label_affiliation_and_agency_bylines():
    assert strip_byline_label("Tin, ảnh: Ngọc Lan") == "Ngọc Lan"
    assert strip_byline_label("Bài và ảnh: Hoàng Quý") == "Hoàng Quý"
    assert split_affiliation("Minh Tuấn - Ban Dân vận Huyện ủy") == ("Minh Tuấn", "Ban Dân vận Huyện ủy")
    assert split_affiliation("Thu Hà - Minh Anh") == ("Thu Hà - Minh Anh", "")  # two reporters
    assert is_agency_byline("Trung tâm Thông tin")
    assert not is_agency_byline("Báo Bình Thuận") and not is_agency_byline("Ban Dân vận Tỉnh ủy đã họp.")


def test_view_count_with_an_eye_icon_and_a_glued_date():
    assert parse_meta("08:15 | 27/09/2020 👁 1.024").date == dt.date(2020, 9, 27)
    assert parse_meta("👁 1.024").views == 1024
    html = (
        f'<html><body><div class="m-article"><h1>{TITLE}</h1><div class="noidung">'
        f'<p><span class="m-date">Thứ Hai, 11/03/2019</span>{TEXT}</p><p>{TEXT}</p></div></div></body></html>'
    )
    parsed = read(html)
    assert parsed.published_on == dt.date(2019, 3, 11)
    assert all(not p.startswith("Thứ Hai") for p in [parsed.lead, *parsed.paragraphs])


def test_gutenberg_table_block_keeps_its_table_and_the_source_line_is_not_body():
    html = (
        f'<html><body><article><h1 class="entry-title">{TITLE}</h1><div class="entry-content"><p>{TEXT}</p>'
        '<figure class="wp-block-table"><table><tr><th>Huyện</th><th>Số buổi</th></tr><tr><td>Lạc Dương</td><td>24</td></tr></table>'
        f"<figcaption>Kết quả tuyên truyền</figcaption></figure><p>{TEXT}</p><p><em>Theo Báo Lâm Đồng</em></p></div></article></body></html>"
    )
    parsed = read(html)
    assert "<td>Lạc Dương</td>" in parsed.body_html
    assert parsed.source == "Báo Lâm Đồng" and "Theo Báo Lâm Đồng" not in parsed.paragraphs


def test_joint_and_lettered_document_symbols():
    text = "Theo Nghị quyết liên tịch số 403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN và Nghị quyết số 30c/NQ-CP của Chính phủ."
    found = {d.symbol for d in extract([text], Gazetteer()).documents if d.how == "symbol"}
    assert found == {"403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN", "30C/NQ-CP"}


def test_table_pasted_from_word_stays_a_data_table():
    cell = "<td><p>{}</p></td>"
    rows = "".join(f"<tr>{cell.format(a)}{cell.format(b)}</tr>" for a, b in [("Huyện", "Số mô hình"), ("Bắc Bình", "45"), ("Tuy Phong", "38")])
    html = f'<html><body><h1>{TITLE}</h1><div class="content-detail"><p>{TEXT}</p><table class="MsoTableGrid">{rows}</table><p>{MORE}</p></div></body></html>'
    parsed = read(html)
    assert "<td><p>Bắc Bình</p></td>" in parsed.body_html
    assert "Bắc Bình" not in parsed.paragraphs  # (not read cell by cell as a page layout)
