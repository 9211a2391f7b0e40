"""Statistics and the royalty report: Vietnamese periods, what each viewer may count, numbers
that agree with the public lists, charts, CSV and XLSX files, fixed queries."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from articles.models import Article
from newsroom.roles import LEADER
from reports.periods import PeriodError, period_from
from tests.admin_forms import member
from tests.site.conftest import make_article, make_document, make_exemplar, make_organization, make_photo, make_section

pytestmark = pytest.mark.django_db

STATS = "/admin/reports/report/"
ROYALTIES = "/admin/reports/report/nhuan-but/"


def at(year, month, day=10, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.mark.parametrize(
    ("params", "label", "start", "end"),
    [
        ({"nam": "2025", "quy": "1"}, "Quý I/2025", datetime.date(2025, 1, 1), datetime.date(2025, 4, 1)),
        ({"nam": "2025", "quy": "4"}, "Quý IV/2025", datetime.date(2025, 10, 1), datetime.date(2026, 1, 1)),
        ({"nam": "2024", "thang": "12"}, "Tháng 12/2024", datetime.date(2024, 12, 1), datetime.date(2025, 1, 1)),
        ({"nam": "2023"}, "Năm 2023", datetime.date(2023, 1, 1), datetime.date(2024, 1, 1)),
    ],
)
def test_periods_are_named_as_the_commission_names_them(params, label, start, end):
    period = period_from(params)
    assert (period.label, period.first_day, period.next_first_day) == (label, start, end)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"quy": "5"}, "Quý phải là I, II, III hoặc IV (1–4)."),
        ({"thang": "x"}, "Tháng phải từ 1 đến 12."),
        ({"quy": "1", "thang": "2"}, "Chọn quý hoặc tháng, không chọn cả hai."),
    ],
)
def test_a_bad_period_is_refused_in_vietnamese(params, message, client):
    with pytest.raises(PeriodError, match=re.escape(message)):
        period_from(params)
    response = client.get("/thong-ke/", params)
    assert response.status_code == 400 and message in response.content.decode()


def _world():
    """Two sections, a document, a body and a model; a quarter with public and hidden articles."""
    news, kheo = make_section(name="Tin tức"), make_section(name="Dân vận khéo")
    resolution = make_document(symbol="25-NQ/TW")
    body = make_organization(name="Ban Dân vận Tỉnh ủy")
    model = make_exemplar(name="Mô hình “Chợ an toàn”", organization=body, year=2024, field="economy", level="province")
    rows = [
        make_article(title="Bài 1", section=news, published_at=at(2025, 1, 5), byline="Bài và ảnh: Nguyễn Thị Nga", view_count=50),
        make_article(title="Bài 2", section=news, published_at=at(2025, 2, 5), byline="Nguyễn Thị Nga", view_count=10),
        make_article(title="Bài 3", section=kheo, published_at=at(2025, 3, 30), byline="Trần Văn Bình", view_count=99),
        make_article(title="Bài quý sau", section=kheo, published_at=at(2025, 4, 2), byline="Trần Văn Bình"),
    ]
    for article in rows[:3]:
        article.documents.add(resolution)
    rows[2].organizations.add(body)
    rows[2].exemplars.add(model)
    hidden = [
        make_article(title="Bản nháp", section=news, status=Article.Status.DRAFT, published_at=at(2025, 2, 1)),
        make_article(title="Bài lưu trữ", section=news, status=Article.Status.ARCHIVED, published_at=at(2025, 2, 1)),
    ]
    for article in hidden:
        article.documents.add(resolution)
    make_photo(rows[0], credit="Phương Hoa")
    make_photo(rows[0], credit="Phương Hoa")
    make_photo(rows[2], credit="Minh Đức")
    return news, kheo, resolution, body, rows


def _table(response, key):
    return next(item["table"] for item in response.context["tables"] if item["table"].key == key)


def test_public_summary_counts_only_published_articles_and_agrees_with_the_lists(client):
    news, kheo, resolution, _body, _rows = _world()
    response = client.get("/thong-ke/", {"nam": "2025", "quy": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thống kê tin bài: Quý I/2025" in html
    assert _table(response, "theo-thang").rows == [["Tháng 1/2025", 1], ["Tháng 2/2025", 1], ["Tháng 3/2025", 1]]
    assert _table(response, "chuyen-muc").rows == [["Tin tức", 2], ["Dân vận khéo", 1]]
    assert _table(response, "van-ban").rows == [["25-NQ/TW", 3]]
    assert not any(item["table"].key == "tac-gia" for item in response.context["tables"])  # no authors for readers
    asked = client.get("/thong-ke/", {"nam": "2025", "quy": "1", "pham-vi": "tat-ca"})  # only staff may count drafts
    assert _table(asked, "chuyen-muc").rows == [["Tin tức", 2], ["Dân vận khéo", 1]]
    # The section and document pages list as many public articles as the statistics count
    # (here the whole archive, as the year 2025 holds every article).
    year = client.get("/thong-ke/", {"nam": "2025"})
    for section in (news, kheo):
        listed = client.get(section.get_absolute_url()).context["paginator"].count
        counted = dict(_table(year, "chuyen-muc").rows)[section.name]
        assert listed == counted
    document_page = client.get(resolution.get_absolute_url())
    assert dict(_table(year, "van-ban").rows)["25-NQ/TW"] == document_page.context["page_obj"].paginator.count == 3
    assert "Bản nháp" not in html and "Bài lưu trữ" not in html
    for label, counted in _table(year, "theo-thang").rows[:4]:
        month = int(label.split()[1].split("/")[0])
        assert client.get(f"/luu-tru/2025/{month}/").context["paginator"].count == counted, label
    assert _table(year, "theo-quy").rows == [["Quý I/2025", 3], ["Quý II/2025", 1], ["Quý III/2025", 0], ["Quý IV/2025", 0]]


def test_admin_counts_drafts_only_when_asked_and_lists_authors(client, editor):
    _world()
    client.force_login(editor)
    published = client.get(STATS, {"nam": "2025", "quy": "1"})
    assert published.status_code == 200
    assert _table(published, "chuyen-muc").rows == [["Tin tức", 2], ["Dân vận khéo", 1]]
    assert _table(published, "tac-gia").rows == [["Nguyễn Thị Nga", 2], ["Trần Văn Bình", 1]]
    everything = client.get(STATS, {"nam": "2025", "quy": "1", "pham-vi": "tat-ca"})
    assert _table(everything, "chuyen-muc").rows == [["Tin tức", 4], ["Dân vận khéo", 1]]
    assert _table(everything, "van-ban").rows == [["25-NQ/TW", 5]]
    assert "gồm cả bài chưa xuất bản" in everything.content.decode()


def test_most_read_and_models_tables(client):
    _world()
    response = client.get("/thong-ke/", {"nam": "2025", "quy": "1"})
    assert _table(response, "doc-nhieu").rows == [["Bài 3", 99], ["Bài 1", 50], ["Bài 2", 10]]
    assert _table(response, "mo-hinh-nam").rows == [["Năm 2024", 1]]
    assert _table(response, "mo-hinh-linh-vuc").rows == []  # recognised in 2024, not 2025
    make_exemplar(name="Mô hình khác", year=2024, field="health", level="commune")
    response = client.get("/thong-ke/", {"nam": "2024"})
    assert _table(response, "mo-hinh-nam").rows == [["Năm 2024", 2]]
    assert _table(response, "mo-hinh-linh-vuc").title == "Mô hình công nhận năm 2024 theo lĩnh vực"
    assert _table(response, "mo-hinh-linh-vuc").rows == [["Kinh tế", 1], ["Y tế", 1]]
    assert _table(response, "mo-hinh-cap").rows == [["Tỉnh, thành phố", 1], ["Xã, phường", 1]]
    assert _table(response, "mo-hinh-don-vi").rows == [["Ban Dân vận Tỉnh ủy", 1]]


def test_coverage_of_one_resolution_over_the_years(client):
    resolution = make_document(symbol="25-NQ/TW")
    for year in (2019, 2019, 2021):
        make_article(published_at=at(year, 6)).documents.add(resolution)
    make_article(status=Article.Status.DRAFT, published_at=at(2020, 6)).documents.add(resolution)
    response = client.get("/thong-ke/", {"nam": "2025", "van-ban": resolution.slug})
    assert _table(response, "dien-bien").rows == [["Năm 2019", 2], ["Năm 2020", 0], ["Năm 2021", 1]]
    assert _table(response, "dien-bien").title == "Số bài nhắc tới 25-NQ/TW qua các năm"


def test_charts_are_accessible_svg_beside_their_tables(client):
    _world()
    html = client.get("/thong-ke/", {"nam": "2025", "quy": "1"}).content.decode()
    assert '<svg class="report-chart" role="img" aria-labelledby="bieu-do-chuyen-muc-t bieu-do-chuyen-muc-d"' in html
    assert '<title id="bieu-do-chuyen-muc-t">Số bài theo chuyên mục</title>' in html
    assert '<desc id="bieu-do-chuyen-muc-d">Biểu đồ cột: Tin tức: 2; Dân vận khéo: 1. Số liệu đầy đủ ở bảng bên cạnh.</desc>' in html
    assert 'fill="#b71c1c"' in html
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    assert '<th scope="row">Tin tức</th><td>2</td>' in html


def test_csv_download_of_one_table(client):
    _world()
    response = client.get("/thong-ke/", {"nam": "2025", "quy": "1", "tai": "csv", "bang": "chuyen-muc"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="thong-ke-chuyen-muc-quy-1-2025.csv"'
    text = response.content.decode("utf-8")
    assert text.splitlines() == ["\ufeffThống kê tin bài — Quý I/2025", "Chuyên mục,Số bài", "Tin tức,2", "Dân vận khéo,1"]
    assert client.get("/thong-ke/", {"tai": "csv", "bang": "khong-co"}).status_code == 404


def test_xlsx_opens_with_openpyxl_and_holds_the_numbers(client):
    _world()
    response = client.get("/thong-ke/", {"nam": "2025", "quy": "1", "tai": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="thong-ke-quy-1-2025.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Số bài theo chuyên mục"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["Thống kê tin bài — Quý I/2025", None],
        ["Số bài theo chuyên mục", None],
        ["Chuyên mục", "Số bài"],
        ["Tin tức", 2],
        ["Dân vận khéo", 1],
    ]
    assert [list(r) for r in book["Số bài theo tháng"].iter_rows(min_row=4, values_only=True)] == [
        ["Tháng 1/2025", 1],
        ["Tháng 2/2025", 1],
        ["Tháng 3/2025", 1],
    ]


def test_royalty_report_per_author_per_month_with_words_and_photos(client, editor):
    _world()
    client.force_login(editor)
    response = client.get(ROYALTIES, {"nam": "2025", "quy": "1"})
    assert response.status_code == 200
    summary = _table(response, "nhuan-but-tong-hop").rows
    words = len("Bài 1".split()) + len("Sapo của bài 1.".split())
    assert [row[:4] for row in summary] == [
        ["Nguyễn Thị Nga", "Tháng 1/2025", 1, 2],
        ["Nguyễn Thị Nga", "Tháng 2/2025", 1, 0],
        ["Trần Văn Bình", "Tháng 3/2025", 1, 1],
    ]
    assert summary[0][5] == "Tin tức" and summary[2][5] == "Dân vận khéo"
    assert summary[0][4] >= words
    assert _table(response, "nhuan-but-anh").rows == [["Phương Hoa", 2], ["Minh Đức", 1]]
    detail = _table(response, "nhuan-but-chi-tiet").rows
    assert [row[1:4] for row in detail] == [
        ["05/01/2025", "Bài 1", "Tin tức"],
        ["05/02/2025", "Bài 2", "Tin tức"],
        ["30/03/2025", "Bài 3", "Dân vận khéo"],
    ]
    xlsx = client.get(ROYALTIES, {"nam": "2025", "quy": "1", "tai": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Tổng hợp theo tác giả và tháng", "Ảnh theo tác giả ảnh", "Chi tiết từng bài"]
    assert next(iter(book["Tổng hợp theo tác giả và tháng"].iter_rows(min_row=4, max_row=4, max_col=4, values_only=True))) == (
        "Nguyễn Thị Nga",
        "Tháng 1/2025",
        1,
        2,
    )


def test_word_count_reads_text_not_markup():
    from reports.royalty import word_count

    assert word_count("Hội nghị", "<p>Đoạn <b>một</b>&nbsp;hai</p><p>ba</p>") == 6


def test_who_may_see_what(client, reporter, editor, django_user_model):
    assert client.get(STATS).status_code == 302  # to the login page
    client.force_login(reporter)
    assert client.get(STATS).status_code == 403
    assert client.get(ROYALTIES).status_code == 403
    leader = member(django_user_model, "lanhdao", LEADER)
    client.force_login(leader)
    assert client.get(STATS).status_code == 200
    assert client.get(ROYALTIES).status_code == 200
    index = client.get("/admin/").content.decode()
    assert STATS in index


def test_a_csv_cell_never_becomes_a_formula(client):
    make_article(title='=HYPERLINK("http://x")', published_at=at(2025, 1, 5))
    text = client.get("/thong-ke/", {"nam": "2025", "tai": "csv", "bang": "doc-nhieu"}).content.decode()
    assert "'=HYPERLINK" in text


def _count(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/thong-ke/", STATS, ROYALTIES])
def test_queries_stay_fixed_whatever_the_rows(client, editor, url):
    if url != "/thong-ke/":
        client.force_login(editor)
    params = {"nam": "2025"}

    def grow(n):
        article = make_article(section=make_section(), published_at=at(2025, 1 + n % 12), byline=f"Tác giả {n}")
        article.documents.add(make_document())
        article.organizations.add(make_organization())
        article.exemplars.add(make_exemplar(organization=make_organization()))
        make_photo(article, credit=f"Ảnh {n}")

    grow(0)
    one = _count(client, url, params)
    for n in range(1, 12):
        grow(n)
    assert _count(client, url, params) == one


def test_the_public_summary_is_in_the_sitemap_and_the_footer(client):
    assert "http://testserver/thong-ke/" in client.get("/sitemap.xml").content.decode()
    footer = client.get("/").content.decode().split('class="site-footer', 1)[1]
    assert '<a href="/thong-ke/">Thống kê</a>' in footer and '<a href="/api/v1/tai-lieu/">Dữ liệu mở (API)</a>' in footer


def test_the_pages_open_on_the_year_of_the_newest_published_article(client, editor):
    """An archive of past years opens on its last year, not on an empty current year; a
    draft or a scheduled article dated later does not move it."""
    _world()
    make_article(title="Bản nháp năm sau", status=Article.Status.DRAFT, published_at=at(2026, 1, 5))
    for response in (client.get("/thong-ke/"), (client.force_login(editor), client.get(STATS))[1]):
        assert response.status_code == 200
        assert response.context["period"].label == "Năm 2025"
        assert _table(response, "theo-quy").rows[0] == ["Quý I/2025", 3]


def test_an_empty_site_opens_on_the_current_year(client):
    response = client.get("/thong-ke/")
    assert response.status_code == 200
    assert response.context["period"].year == timezone.localdate().year
