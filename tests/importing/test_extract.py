"""Extraction: references in text against known names. Pure tests with a hand-made gazetteer,
then golden tests on the seeds against the project's reference fixtures."""

from __future__ import annotations

import datetime as dt

import pytest

from importing.extract import Gazetteer, KnownDocument, extract
from importing.parse import parse
from organizations.models import Document, Exemplar, Organization

from .conftest import seed_text

NQ25 = KnownDocument(1, "25-NQ/TW", "nghi_quyet", "25", 2013, "XI", ("Nghị quyết Trung ương 7 (khóa XI)", "Nghị quyết 25"))
NQ25_OLD = KnownDocument(2, "25-NQ/TW", "nghi_quyet", "25", 2003, "IX")
QD217 = KnownDocument(3, "217-QĐ/TW", "quyet_dinh", "217", 2013, "XI", ("QĐ 217",))
QD218 = KnownDocument(4, "218-QĐ/TW", "quyet_dinh", "218", 2013, "XI", ("QĐ 218",))
QD2765 = KnownDocument(5, "2765/QĐ-UBND", "quyet_dinh", "2765", 2013, "", (), ("Bình Thuận", "Ủy ban nhân dân tỉnh Bình Thuận"))
KL43 = KnownDocument(6, "43-KL/TW", "ket_luan", "43", 2019, "XII")
ORGS = [
    (10, ["Tỉnh ủy Quảng Ninh"]),
    (11, ["Ban Dân vận Tỉnh ủy Quảng Ninh"]),
    (12, ["Mặt trận Tổ quốc Việt Nam", "MTTQ", "Mặt trận Tổ quốc"]),
    (13, ["Đảng bộ Khối các cơ quan Trung ương", "Đảng ủy Khối"]),
    (14, ["Đảng bộ Khối các Cơ quan và Doanh nghiệp tỉnh"]),
    (15, ["Hội Nông dân tỉnh A", "Hội Nông dân"]),
    (16, ["Hội Nông dân tỉnh B", "Hội Nông dân"]),
]
EXEMPLARS = [(20, ["Dân vận khéo trong phòng, chống dịch bệnh COVID-19"])]


@pytest.fixture
def gazetteer() -> Gazetteer:
    return Gazetteer([NQ25, NQ25_OLD, QD217, QD218, QD2765, KL43], ORGS, EXEMPLARS)


def symbols(extraction) -> list[str]:
    return [d.symbol for d in extraction.documents]


@pytest.mark.parametrize(
    "text",
    [
        "thực hiện Nghị quyết số 25-NQ/TW của Ban Chấp hành Trung ương khóa XI",
        "thực hiện Nghị quyết số 25 - NQ / TW (khóa XI)",
        "thực hiện Nghị quyết 25–NQ/TW khóa XI",
        "thực hiện Nghị quyết Trung ương 7 (khóa XI) về công tác dân vận",
        "thực hiện Nghị quyết Trung ương 7 khóa XI về công tác dân vận",
        "thực hiện Nghị quyết 25 về công tác dân vận",
    ],
)
def test_forms_of_one_resolution_link_the_same_document(gazetteer, text):
    result = extract([text], gazetteer)
    assert [(d.symbol, d.document_id) for d in result.documents] == [("25-NQ/TW", 1)]
    assert result.unresolved == []


def test_issue_date_after_symbol_picks_the_document_of_that_year(gazetteer):
    result = extract(["Kết luận số 43-KL/TW ngày 07/01/2019 và Nghị quyết số 25-NQ/TW ngày 12/3/2003"], gazetteer)
    assert [(d.symbol, d.document_id, d.issued_on) for d in result.documents] == [
        ("43-KL/TW", 6, dt.date(2019, 1, 7)),
        ("25-NQ/TW", 2, dt.date(2003, 3, 12)),
    ]


def test_unknown_symbol_cited_with_and_without_date_is_one_document(gazetteer):
    texts = ["Kế hoạch số 15-KH/TU ngày 02/3/2020 của Tỉnh ủy", "Thực hiện Kế hoạch số 15-KH/TU, các huyện đã …"]
    result = extract(texts, gazetteer)
    assert [(d.symbol, d.issue_year, d.document_id) for d in result.documents] == [("15-KH/TU", 2020, None)]


def test_same_symbol_without_context_takes_latest_before_article_and_says_so(gazetteer):
    (link,) = extract(["quán triệt Nghị quyết số 25-NQ/TW trong toàn Đảng bộ"], gazetteer, year=2010).documents
    assert link.document_id == 2
    assert "2 documents share this symbol" in link.uncertain


def test_bare_numbers_in_a_list(gazetteer):
    result = extract(["Sơ kết 5 năm thực hiện QĐ 217,218 của Bộ Chính trị"], gazetteer)
    assert sorted(symbols(result)) == ["217-QĐ/TW", "218-QĐ/TW"]


def test_bare_number_with_full_symbol_in_same_article(gazetteer):
    texts = ["Tỉnh ủy ban hành Quyết định số 40-QĐ/TU ngày 5/11/2010.", "Sau 10 năm thực hiện Quyết định số 40, …"]
    result = extract(texts, gazetteer)
    assert symbols(result) == ["40-QĐ/TU"]
    assert result.documents[0].document_id is None  # unknown: the loader creates it for review
    assert result.unresolved == []


def test_local_bare_number_needs_the_issuer_in_context(gazetteer):
    without = extract(["UBND tỉnh đã ban hành Quyết định số 2765 để triển khai thực hiện"], gazetteer)
    assert without.documents == []
    assert [u.text for u in without.unresolved] == ["Quyết định số 2765"]
    with_place = extract(["UBND tỉnh Bình Thuận đã ban hành Quyết định số 2765 để triển khai"], gazetteer)
    assert [(d.symbol, d.how) for d in with_place.documents] == [("2765/QĐ-UBND", "context")]


def test_unknown_bare_number_is_reported_not_guessed(gazetteer):
    result = extract(["thực hiện Chỉ thị số 99 của Ban Thường vụ"], gazetteer)
    assert result.documents == []
    assert [(u.text, u.reason) for u in result.unresolved] == [("Chỉ thị số 99", "no known document with this kind and number")]


@pytest.mark.parametrize(
    "text",
    [
        "Hội nghị Trung ương 4 đã thảo luận",
        "Nghị quyết Trung ương 4 khóa XII về xây dựng Đảng",
        "Văn kiện Đại hội XIII của Đảng",
        "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XV",
        "tổ chức 472 lớp học tập cho 53.486 cán bộ; 152/159 tổ chức cơ sở đảng",
        "ngày 15/7, từ 1-2 lần/năm",
        "thực hiện kế hoạch 5 năm và nghị quyết 3 nhiệm vụ trọng tâm",
    ],
)
def test_not_document_numbers(gazetteer, text):
    result = extract([text], gazetteer)
    assert result.documents == [] and result.unresolved == []


@pytest.mark.parametrize(
    ("text", "symbol", "kind", "year"),
    [
        ("theo Nghị định số 30/2020/NĐ-CP của Chính phủ", "30/2020/NĐ-CP", "nghi_dinh", 2020),
        ("Quyết định 1234/QĐ-TTg của Thủ tướng", "1234/QĐ-TTG", "quyet_dinh", None),
        ("Chỉ thị 05-CT/TW ngày 15/5/2016", "05-CT/TW", "chi_thi", 2016),
        ("Chương trình hành động số 20-NQ/TU của Tỉnh ủy", "20-NQ/TU", "chuong_trinh_hanh_dong", None),
        ("Hướng dẫn số 01 – HD/BDVTW", "01-HD/BDVTW", "huong_dan", None),
        ("Luật số 33/2013/QH13", "33/2013/QH13", "luat", 2013),
    ],
)
def test_unknown_full_symbols_become_new_documents(gazetteer, text, symbol, kind, year):
    (link,) = extract([text], gazetteer).documents
    assert (link.symbol, link.kind, link.issue_year, link.document_id) == (symbol, kind, year, None)


def test_longest_body_name_wins(gazetteer):
    result = extract(["Ban Dân vận Tỉnh ủy Quảng Ninh làm việc với MTTQ"], gazetteer)
    assert [(o.id, o.text) for o in result.organizations] == [(11, "Ban Dân vận Tỉnh ủy Quảng Ninh"), (12, "MTTQ")]


def test_body_names_match_without_regard_to_case_or_diacritics(gazetteer):
    result = extract(["Ban Dân vận tỉnh ủy Quảng Ninh", "BAN DAN VAN TINH UY QUANG NINH"], gazetteer)
    assert [o.id for o in result.organizations] == [11]


def test_shared_name_is_reported_not_linked(gazetteer):
    result = extract(["Hội Nông dân xã tổ chức tập huấn"], gazetteer)
    assert result.organizations == []
    assert [u.reason for u in result.unresolved] == ["this body name fits 2 records"]


def test_shared_name_resolves_when_one_body_is_named_in_full(gazetteer):
    result = extract(["Hội Nông dân tỉnh A phát động phong trào", "Hội Nông dân đã vận động hội viên"], gazetteer)
    assert [o.id for o in result.organizations] == [15]


def test_short_form_of_another_body_named_in_full_links_nothing(gazetteer):
    result = extract(["Đảng bộ Khối các Cơ quan và Doanh nghiệp tỉnh (Đảng ủy Khối) có 159 tổ chức cơ sở đảng"], gazetteer)
    assert [o.id for o in result.organizations] == [14]


def test_exemplar_names(gazetteer):
    result = extract(["Sở Y tế xây dựng mô hình “Dân vận khéo trong phòng, chống dịch bệnh COVID-19”"], gazetteer)
    assert [e.id for e in result.exemplars] == [20]


# --- golden: the seeds against the reference fixtures ----------------------------------------

SEED_REFERENCES = {
    "000": (
        {"25-NQ/TW"},
        {
            "dang-bo-khoi-cac-co-quan-trung-uong",
            "dang-bo-bo-nong-nghiep-va-phat-trien-nong-thon",
            "ban-dan-van-dang-uy-khoi-cac-co-quan-trung-uong",
            "ban-chap-hanh-trung-uong-dang",
            "cong-doan-viet-nam",
        },
        {"dang-bo-benh-vien-da-khoa-nong-nghiep", "pham-anh-tuan"},
    ),
    "001": (
        {"25-NQ/TW", "20-NQ/TU", "12-NQ/TW", "03-CT/TW", "2765/QĐ-UBND"},
        {"ban-chap-hanh-trung-uong-dang", "bo-chinh-tri", "mat-tran-to-quoc-viet-nam"},
        set(),
    ),
    "002": (
        {"05-CT/TW"},
        {
            "dang-bo-khoi-cac-co-quan-va-doanh-nghiep-tinh",
            "cong-doan-viet-nam",
            "doan-thanh-nien-cong-san-ho-chi-minh",
            "hoi-cuu-chien-binh-viet-nam",
            "bo-chinh-tri",
            "so-y-te",
        },
        {"dan-van-kheo-trong-phong-chong-dich-benh-covid-19"},
    ),
    "003": ({"25-NQ/TW"}, {"dang-bo-khoi-cac-co-quan-trung-uong", "ban-dan-van-trung-uong"}, set()),
    "004": ({"290-QĐ/TW", "40-QĐ/TU", "17-NQ/TU"}, {"bo-chinh-tri", "mat-tran-to-quoc-viet-nam", "xa-tan-binh-dam-ha"}, set()),
}


@pytest.mark.django_db
@pytest.mark.parametrize("number", sorted(SEED_REFERENCES))
def test_seed_references(reference, number):
    documents, organizations, exemplars = SEED_REFERENCES[number]
    article = parse(seed_text(number))
    year = article.published_on.year if article.published_on else None
    result = extract(article.article_text(), reference, year=year)
    assert result.new_documents == []  # every document the seeds cite is in the reference data
    found_documents = set(Document.objects.filter(pk__in=[d.document_id for d in result.documents]).values_list("symbol", flat=True))
    assert found_documents == documents
    assert set(Organization.objects.filter(pk__in=[o.id for o in result.organizations]).values_list("slug", flat=True)) == organizations
    assert set(Exemplar.objects.filter(pk__in=[e.id for e in result.exemplars]).values_list("slug", flat=True)) == exemplars
    assert [u for u in result.unresolved if "document" in u.reason] == []
