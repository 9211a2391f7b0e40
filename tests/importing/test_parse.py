"""Parser: golden tests on the five seeds, then synthetic pages in other layouts."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from importing.parse import Caption, ParseError, parse

from .conftest import seed_text

SEED_TITLES = {
    "000": "Khảo sát xây dựng Nghị quyết của Ban Chấp hành Đảng bộ Khối các cơ quan Trung ương về “Nâng cao hiệu quả "
    "công tác dân vận của đảng bộ các cơ quan nhà nước” tại Đảng bộ Bộ Nông nghiệp và Phát triển nông thôn",
    "001": "Công tác dân vận qua 01 năm triển khai thực hiện Nghị quyết số 25 của BCH Trung ương Đảng (khóa XI)",
    "002": "Đổi mới, nâng cao hiệu quả công tác dân vận ở Đảng bộ Khối các Cơ quan và Doanh nghiệp tỉnh",
    "003": "Đổi mới công tác dân vận ở Đảng bộ Khối các cơ quan TW",
    "004": "Đoàn giám sát của Ban Dân vận tỉnh ủy làm việc với huyện Đầm Hà",
}

# number: (date, view count, byline, affiliation, body paragraphs, lead starts with, captions)
SEED_FACTS = {
    "000": (
        dt.date(2016, 9, 28),
        3592,
        "Phạm Anh Thiện",
        "",
        9,
        "",
        [
            Caption("Quang cảnh buổi làm việc", "", 2),
            Caption("Đồng chí Trần Hồng Hà, Phó Bí thư Đảng ủy Khối phát biểu kết luận buổi làm việc", "", 8),
        ],
    ),
    "001": (
        dt.date(2014, 8, 28),
        None,
        "T.H",
        "",
        4,
        "Công tác dân vận phải đạt được mục tiêu “phát triển dân sinh, nâng cao dân trí, phát huy dân chủ, đảm bảo dân an”.",
        [Caption("Ban Dân vận Tỉnh ủy và Ngân hàng nhà nước – CN Bình Thuận ký kết chương trình phối hợp", "", 0)],
    ),
    "002": (
        dt.date(2021, 10, 6),
        None,
        "Bài và ảnh: Nguyễn Thị Nga",
        "Đảng ủy Khối các CQ và DN tỉnh",
        6,
        "",
        [Caption("Cán bộ, nhân viên Trung tâm Kiểm soát bệnh tật tỉnh tiến hành lấy mẫu xét nghiệm COVID-19 cho người dân.", "", 1)],
    ),
    "003": (
        None,
        None,
        "Hương Thủy",
        "",
        4,
        "Đảng bộ Khối các cơ quan Trung ương đã xây dựng Chương trình hành động thực hiện Nghị quyết Trung ương 7 (khóa XI)",
        [
            Caption(
                "Bà Hà Thị Khiết, Bí thư Trung ương Đảng, Trưởng ban Dân vận Trung ương phát biểu tại Hội nghị giao ban trực "
                "tuyến toàn quốc công tác dân vận 6 tháng đầu năm 2013, ngày 15/7.",
                "Phương Hoa/TTXVN",
                1,
            )
        ],
    ),
    "004": (
        None,
        None,
        "Thanh Nga",
        "Trung tâm TT&VH",
        6,
        "",
        [
            Caption("Đồng chí Đặng Văn Tuấn – Phó Bí thư Thường trực Huyện ủy, Chủ tịch HĐND huyện phát biểu tại buổi làm việc", "", 2),
            Caption("Các đại biểu tham gia ý kiến tại buổi làm việc", "", 3),
            Caption("Đồng chí Vũ Ngọc Tuấn – Phó trưởng Ban Dân vận Tỉnh ủy kết luận buổi làm việc", "", 4),
        ],
    ),
}

# Lines of site chrome seen in the seeds: none may reach the article text.
BOILERPLATE = [
    "Các bài viết khác",
    "ngày trước",
    "tháng trước",
    "năm trước)",
    "Tìm hiểu về phong cách Bác hồ",
    "Hội thảo trực tuyến 70 năm",
    "43-KL/TW",
    "DÂN VẬN KHÉO",
    "THỰC HIỆN QĐ 217,218",
    "QUY CHẾ DÂN CHỦ",
    "Video hoạt động",
    "Website liên kết",
    "Chia sẻ",
    "Thông cáo báo chí",
    "Các đơn vị thông tin của TTXVN",
    "Xác định công tác dân vận là nhiệm vụ đặc biệt quan trọng",
    "Để thực hiện tốt Nghị quyết về",
    "TÁC PHẨM THAM DỰ",
    "Chủ đề công tác năm 2020",
    "Phạm Anh Thiện",
    "Hương Thủy",
    "28/09/2016 | 3592",
]


@pytest.mark.parametrize("number", sorted(SEED_TITLES))
def test_seed_title(number):
    assert parse(seed_text(number)).title == SEED_TITLES[number]


@pytest.mark.parametrize("number", sorted(SEED_FACTS))
def test_seed_facts(number):
    date, views, byline, affiliation, paragraphs, lead, captions = SEED_FACTS[number]
    article = parse(seed_text(number))
    assert article.published_on == date
    assert article.published_time is None
    assert article.view_count == views
    assert article.byline == byline
    assert article.byline_affiliation == affiliation
    assert len(article.paragraphs) == paragraphs
    assert article.lead.startswith(lead) and bool(article.lead) == bool(lead)
    assert article.captions == captions


@pytest.mark.parametrize("number", sorted(SEED_TITLES))
def test_seed_body_has_no_boilerplate(number):
    article = parse(seed_text(number))
    text = "\n".join(article.article_text())
    for line in BOILERPLATE:
        assert line not in text, line


def test_seed_002_title_has_vietnamese_d_not_eth():
    title = parse(seed_text("002")).title
    assert "\u00d0" not in title and title.startswith("Đổi mới") and "Ở Đảng bộ".lower()[2:] in title.lower()
    assert "\u0110" in title


def test_seed_004_event_date_in_body_is_not_the_publication_date():
    article = parse(seed_text("004"))
    assert article.paragraphs[0].startswith("Ngày 14/7, Đoàn giám sát")
    assert article.published_on is None
    assert article.banners == [
        'Chủ đề công tác năm 2020: "Huyện Đầm Hà tự hào tiến bước dưới cờ Đảng" - Chào mừng kỷ niệm 90 năm Ngày thành lập '
        "Đảng Cộng Sản Việt Nam (03/02/1930 - 03/02/2020)"
    ]


def test_seed_002_banner_stands_above_title():
    assert parse(seed_text("002")).banners == ["TÁC PHẨM THAM DỰ GIẢI BÁO CHÍ BÚA LIỀM VÀNG LẦN THỨ VI-2021"]


def test_seed_003_teaser_after_byline_is_related_not_body():
    article = parse(seed_text("003"))
    assert article.related == ["Xác định công tác dân vận là nhiệm vụ đặc biệt quan trọng"]
    assert article.paragraphs[-1].startswith("Định kỳ, đồng chí Bí thư cấp ủy")


def test_seed_000_related_titles_kept_as_data():
    related = parse(seed_text("000")).related
    assert related[0] == "Ban Dân vận Đảng ủy Khối làm việc với Đảng ủy Kiểm toán nhà nước về công tác dân vận"
    assert "Tọa đàm về “công tác dân vận của đảng bộ cơ quan nhà nước”" in related
    assert len(related) == len(set(related))


def test_seed_text_is_nfc_with_plain_spaces():
    for number in SEED_TITLES:
        article = parse(seed_text(number))
        for line in article.article_text():
            assert unicodedata.is_normalized("NFC", line)
            assert "\u00a0" not in line and "  " not in line and line == line.strip()


# --- synthetic pages in other layouts ------------------------------------------------------

BODY = (
    "Sáng nay, Ban Dân vận Huyện ủy tổ chức hội nghị sơ kết công tác dân vận sáu tháng đầu năm với sự tham dự của "
    "lãnh đạo Mặt trận và các đoàn thể, đánh giá những kết quả đạt được và chỉ ra các hạn chế cần khắc phục."
)
BODY2 = (
    "Các đại biểu đã thảo luận sôi nổi, đề xuất nhiều giải pháp thiết thực để nâng cao hiệu quả công tác dân vận "
    "chính quyền, nhất là trong tiếp công dân, đối thoại và giải quyết kịp thời kiến nghị của nhân dân ở cơ sở."
)


def page(*lines: str) -> str:
    return "\n\n".join(lines)


@pytest.mark.parametrize(
    ("line", "date", "time", "views"),
    [
        ("Cập nhật: 08:30 | Thứ Hai, 15/03/2021", dt.date(2021, 3, 15), dt.time(8, 30), None),
        ("Thứ 4, Ngày 06 / 10 / 2021", dt.date(2021, 10, 6), None, None),
        ("• 28/08/2014", dt.date(2014, 8, 28), None, None),
        ("28/09/2016 | 3592", dt.date(2016, 9, 28), None, 3592),
        ("05/06/2020 14h15 - Lượt xem: 1.234", dt.date(2020, 6, 5), dt.time(14, 15), 1234),
        ("Ngày 6 tháng 10 năm 2021", dt.date(2021, 10, 6), None, None),
        ("Đăng ngày: 2021-10-06 07:05", dt.date(2021, 10, 6), dt.time(7, 5), None),
        ("Chủ nhật, 3.1.2021, 9:00 (GMT+7)", dt.date(2021, 1, 3), dt.time(9, 0), None),
        ("12/11/2019 (245 lượt xem)", dt.date(2019, 11, 12), None, 245),
    ],
)
def test_date_lines_day_first(line, date, time, views):
    article = parse(page("Tiêu đề bài viết về công tác dân vận", line, BODY, BODY2))
    assert (article.published_on, article.published_time, article.view_count) == (date, time, views)
    assert article.paragraphs == [BODY, BODY2]


def test_date_without_year_leaves_article_undated_with_a_warning():
    article = parse(page("Tiêu đề bài viết", "Ngày 14/7", BODY, BODY2))
    assert article.published_on is None
    assert any("without a year (14/7)" in w for w in article.warnings)


def test_impossible_date_is_not_a_date():
    article = parse(page("Tiêu đề bài viết", "31/02/2021", BODY, BODY2))
    assert article.published_on is None


def test_dates_inside_sentences_are_events_not_publication():
    text = page("Hội nghị sơ kết", "Ngày 15/3/2021, Ban Dân vận Tỉnh ủy tổ chức hội nghị. " + BODY, BODY2)
    assert parse(text).published_on is None


def test_breadcrumb_share_and_related_list_are_removed():
    text = page(
        "Trang chủ > Tin tức > Dân vận khéo",
        "Nhân rộng mô hình “Dân vận khéo” ở xã vùng cao",
        "10/05/2022 09:00",
        BODY,
        "Nhân dân cùng làm đường giao thông nông thôn",
        "(Ảnh: Quốc Huy)",
        BODY2,
        "Thu Hà - Minh Anh",
        "Theo Báo Lâm Đồng",
        "Tin liên quan",
        "• Xã biên giới thực hiện tốt quy chế dân chủ (2 ngày trước)",
        "• Hội Nông dân với phong trào thi đua yêu nước (3 tuần trước)",
    )
    article = parse(text)
    assert article.title == "Nhân rộng mô hình “Dân vận khéo” ở xã vùng cao"
    assert article.published_at == dt.datetime(2022, 5, 10, 9, 0)
    assert article.paragraphs == [BODY, BODY2]
    assert article.captions == [Caption("Nhân dân cùng làm đường giao thông nông thôn", "Quốc Huy", 1)]
    assert article.byline == "Thu Hà - Minh Anh"
    assert article.source == "Báo Lâm Đồng"
    assert article.related == [
        "Xã biên giới thực hiện tốt quy chế dân chủ",
        "Hội Nông dân với phong trào thi đua yêu nước",
    ]


def test_source_url_and_byline_prefix():
    text = page(
        "https://dvquangninh.vn/tin-tuc/hoi-nghi-so-ket.html",
        "Hội nghị sơ kết công tác dân vận",
        BODY,
        "Đại biểu phát biểu tại hội nghị. Ảnh: Hoàng Long",
        BODY2,
        "Tin, ảnh: Phạm Hùng",
    )
    article = parse(text)
    assert article.source_url == "https://dvquangninh.vn/tin-tuc/hoi-nghi-so-ket.html"
    assert article.byline == "Tin, ảnh: Phạm Hùng"
    assert article.captions == [Caption("Đại biểu phát biểu tại hội nghị.", "Hoàng Long", 1)]


def test_title_in_capitals_when_nothing_else_heads_the_page():
    article = parse(page("HỘI NGHỊ SƠ KẾT CÔNG TÁC DÂN VẬN", BODY, BODY2))
    assert article.title == "HỘI NGHỊ SƠ KẾT CÔNG TÁC DÂN VẬN"
    assert article.banners == []


def test_menu_in_capitals_at_the_end_is_removed():
    article = parse(page("Hội nghị sơ kết", BODY, BODY2, "TRANG CHỦ", "GIỚI THIỆU", "LIÊN HỆ"))
    assert article.paragraphs == [BODY, BODY2]
    assert "TRANG CHỦ" in article.removed


def test_no_byline_and_no_date_give_warnings_not_guesses():
    article = parse(page("Hội nghị sơ kết", BODY, BODY2))
    assert article.byline == "" and article.published_on is None
    assert "no byline found" in article.warnings


def test_short_closing_sentence_stays_in_body():
    article = parse(page("Hội nghị sơ kết", BODY, BODY2, "Hội nghị kết thúc tốt đẹp."))
    assert article.paragraphs[-1] == "Hội nghị kết thúc tốt đẹp."
    assert article.captions == []


def test_decomposed_unicode_and_eth_are_normalised():
    nfd = unicodedata.normalize("NFD", page("\u00d0ổi mới công tác dân vận", BODY, BODY2))
    article = parse(nfd)
    assert article.title == "Đổi mới công tác dân vận"
    assert article.paragraphs == [BODY, BODY2]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "không có nội dung"),
        ("   \n\t\u00a0\n", "không có nội dung"),
        (page("Chia sẻ:", "Website liên kết", "DÂN VẬN KHÉO", "QUY CHẾ DÂN CHỦ"), "chỉ có phần khung trang"),
        (BODY * 3, "không có tiêu đề"),
        ("Chỉ có một dòng tiêu đề", "không có nội dung bài"),
    ],
)
def test_not_an_article(text, reason):
    with pytest.raises(ParseError, match=reason):
        parse(text)


@pytest.mark.parametrize(
    ("line", "is_byline"),
    [
        ("Phạm Anh Thiện", True),
        ("T.H", True),
        ("Thu Hà - Minh Anh", True),
        ("Thanh Nga (Trung tâm TT&VH)", True),
        ("Hương ở Huế", False),
        ("Quang cảnh buổi làm việc", False),
        ("DÂN VẬN CHÍNH QUYỀN", False),
        ("Ảnh: Phương Hoa/TTXVN", False),
    ],
)
def test_byline_shapes_at_the_end(line, is_byline):
    article = parse(page("Hội nghị sơ kết", BODY, BODY2, line))
    assert (article.byline_display == line) is is_byline


# --- dates and bylines shared with the HTML format ------------------------------------------

BODY_LINE = (
    "Sáng nay, Ban Dân vận Tỉnh ủy tổ chức hội nghị triển khai công tác dân vận năm 2019, với sự tham dự của lãnh đạo "
    "các ban, ngành, đoàn thể và đại diện cấp ủy các huyện, thị xã, thành phố trong tỉnh."
)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("5 Tháng 3 2018", dt.date(2018, 3, 5)),
        ("Thứ Hai, 5 tháng Ba, 2018", dt.date(2018, 3, 5)),
        ("ngày 12 tháng Mười Hai năm 2019", dt.date(2019, 12, 12)),
        ("Xuất bản: 2019-03-12T08:30:00", dt.date(2019, 3, 12)),
    ],
)
def test_dates_with_month_words_and_iso_timestamps(line, expected):
    parsed = parse(f"Hội nghị triển khai công tác dân vận\n{line}\n{BODY_LINE}\n{BODY_LINE}")
    assert parsed.published_on == expected


def test_date_glued_to_the_next_line_by_a_lost_line_break():
    parsed = parse(f"Thứ Hai, 05/03/2018 08:30Hội nghị triển khai công tác dân vận\n{BODY_LINE}\n{BODY_LINE}")
    assert parsed.title == "Hội nghị triển khai công tác dân vận"
    assert parsed.published_at == dt.datetime(2018, 3, 5, 8, 30)


def test_signatory_of_a_quoted_decision_is_not_the_byline():
    parsed = parse(f"Quyết định ban hành Quy chế làm việc\n{BODY_LINE}\n{BODY_LINE}\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nLê Văn Ký")
    assert parsed.byline == ""
    assert "Lê Văn Ký" in parsed.article_text()  # (kept as text, not dropped as a menu of capitals)


@pytest.mark.parametrize("label", ["Tin Nóng", "Dân Vận Khéo", "Super User", "Sự Kiện"])
def test_menu_labels_and_tags_are_not_bylines(label):
    assert parse(f"Hội nghị triển khai công tác dân vận\n{BODY_LINE}\n{BODY_LINE}\n{label}").byline == ""
