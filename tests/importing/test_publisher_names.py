"""Names without a place ("Tỉnh ủy", "UBND tỉnh", "Ban Dân vận Huyện ủy", "Đảng ủy Khối",
"tỉnh ta") read as the publisher's: the bodies of its place, from the reference fixtures;
a bare "Nghị quyết 17" among the publisher's documents first."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from importing.extract import extract
from importing.files import find_files
from importing.load import ImportOptions, import_files
from importing.reading import gazetteer_from_db
from organizations.models import Document, Organization

from .conftest import article_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies(db) -> dict[str, Organization]:
    call_command("load_reference", stdout=StringIO())
    quang_ninh = Organization.objects.get(slug="tinh-uy-quang-ninh")
    dam_ha = Organization.objects.get(slug="huyen-uy-dam-ha")
    extra = [
        # What a district's portal and its province's bloc look like (not in the seeds).
        Organization(
            slug="ban-dan-van-huyen-uy-dam-ha", name="Ban Dân vận Huyện ủy Đầm Hà", kind="party_board", level="district",
            parent=dam_ha, locality="Đầm Hà, Quảng Ninh",
        ),
        Organization(
            slug="dang-bo-khoi-quang-ninh", name="Đảng bộ Khối các cơ quan tỉnh Quảng Ninh", aliases="Đảng ủy Khối các cơ quan tỉnh",
            kind="party_committee", level="province", parent=quang_ninh, locality="Quảng Ninh",
        ),
        Organization(
            slug="ubnd-tinh-quang-ninh", name="Ủy ban nhân dân tỉnh Quảng Ninh", short_name="UBND tỉnh Quảng Ninh",
            kind="peoples_committee", level="province", locality="Quảng Ninh",
        ),
    ]  # fmt: skip
    for body in extra:
        body.save()
    # "Nghị quyết 17": the province's (17-NQ/TU, in the fixtures) and a central one.
    Document.objects.create(kind="nghi_quyet", symbol="17-NQ/TW", number="17", issue_year=2022, term="XIII",
                            issuer=Organization.objects.get(slug="ban-chap-hanh-trung-uong-dang"))  # fmt: skip
    return {o.slug: o for o in Organization.objects.all()}


def linked(text: str, publisher: Organization | None) -> tuple[list[str], list[tuple[str, str]]]:
    """The slugs of the bodies linked, and what was left unresolved."""
    gazetteer = gazetteer_from_db(publisher)
    extraction = extract([text], gazetteer)
    slugs = dict(Organization.objects.values_list("pk", "slug"))
    return sorted(slugs[o.id] for o in extraction.organizations), [(u.text, u.reason) for u in extraction.unresolved]


def documents(text: str, publisher: Organization | None) -> list[tuple[str, str]]:
    return [(d.symbol, d.how) for d in extract([text], gazetteer_from_db(publisher)).documents]


def test_the_province_s_bodies_for_a_provincial_publisher(bodies):
    text = "Ban Dân vận Tỉnh ủy phối hợp với UBND tỉnh triển khai kế hoạch; Ban Thường vụ Tỉnh ủy và Tỉnh ủy đã chỉ đạo sát sao."
    assert linked(text, bodies["ban-dan-van-tinh-uy-quang-ninh"]) == (
        ["ban-dan-van-tinh-uy-quang-ninh", "ban-thuong-vu-tinh-uy-quang-ninh", "tinh-uy-quang-ninh", "ubnd-tinh-quang-ninh"],
        [],
    )
    assert linked(text, bodies["ban-dan-van-tinh-uy-binh-thuan"]) == (
        ["ban-dan-van-tinh-uy-binh-thuan", "tinh-uy-binh-thuan", "ubnd-tinh-binh-thuan"],
        [("Ban Thường vụ Tỉnh ủy", "names no place, and no such body of the publisher's tỉnh Bình Thuận is known")],
    )


def test_without_a_publisher_names_without_a_place_link_nothing(bodies):
    assert linked("Tỉnh ủy và UBND tỉnh đã chỉ đạo sát sao.", None) == ([], [])


def test_a_name_followed_by_its_place_is_that_place_s(bodies):
    text = "Đoàn công tác của Tỉnh ủy Bình Thuận làm việc với Tỉnh ủy Hà Giang và UBND tỉnh."
    assert linked(text, bodies["ban-dan-van-tinh-uy-quang-ninh"]) == (["tinh-uy-binh-thuan", "ubnd-tinh-quang-ninh"], [])


def test_a_district_publisher_s_huyen_uy_and_its_province(bodies):
    text = "Ban Dân vận Huyện ủy tham mưu cho Huyện ủy; Tỉnh ủy ghi nhận kết quả của huyện nhà."
    assert linked(text, bodies["ban-dan-van-huyen-uy-dam-ha"]) == (
        ["ban-dan-van-huyen-uy-dam-ha", "huyen-uy-dam-ha", "tinh-uy-quang-ninh"],
        [],
    )
    # A provincial portal does not know which district "Huyện ủy" is.
    assert linked("Huyện ủy đã chỉ đạo.", bodies["ban-dan-van-tinh-uy-quang-ninh"]) == (
        [],
        [("Huyện ủy", "names no place, and no such body of the publisher's huyện (the publisher has no such place) is known")],
    )


def test_dang_uy_khoi_is_the_publisher_s_bloc(bodies):
    text = "Đảng ủy Khối tổ chức hội nghị; Ban Dân vận Đảng ủy Khối báo cáo kết quả."
    # a central bloc's commission: its own parent
    assert linked(text, bodies["ban-dan-van-dang-uy-khoi-cac-co-quan-trung-uong"]) == (
        ["ban-dan-van-dang-uy-khoi-cac-co-quan-trung-uong", "dang-bo-khoi-cac-co-quan-trung-uong"],
        [],
    )
    # a province's commission: the province's bloc, not the central one whose alias it is
    assert linked("Đảng ủy Khối tổ chức hội nghị.", bodies["ban-dan-van-tinh-uy-quang-ninh"]) == (["dang-bo-khoi-quang-ninh"], [])
    # without a publisher the alias is the central bloc's, as before
    assert linked("Đảng ủy Khối tổ chức hội nghị.", None) == (["dang-bo-khoi-cac-co-quan-trung-uong"], [])


def test_a_bare_number_resolves_among_the_publisher_s_documents_first(bodies):
    text = "Các cấp ủy tiếp tục thực hiện Nghị quyết 17 về công tác dân vận."
    assert documents(text, bodies["ban-dan-van-tinh-uy-quang-ninh"]) == [("17-NQ/TU", "publisher")]
    assert documents(text, None) == []
    unresolved = extract([text], gazetteer_from_db()).unresolved
    assert [(u.text, u.reason) for u in unresolved] == [("Nghị quyết 17", "several known documents match (17-NQ/TU, 17-NQ/TW)")]
    # Bình Thuận's portal has no resolution 17 of its own: the province-less choice stays open.
    assert documents(text, bodies["ban-dan-van-tinh-uy-binh-thuan"]) == []


def test_tinh_ta_is_the_publisher_s_province(bodies):
    text = "Tỉnh ta triển khai kế hoạch với nhiều cách làm sáng tạo."
    assert linked(text, bodies["ban-dan-van-tinh-uy-quang-ninh"]) == ([], [])  # no body for the place itself: nothing to report
    Organization.objects.create(slug="tinh-quang-ninh", name="tỉnh Quảng Ninh", kind="locality", level="province", locality="Quảng Ninh")
    assert linked(text, bodies["ban-dan-van-tinh-uy-quang-ninh"]) == (["tinh-quang-ninh"], [])
    assert linked(text, bodies["ban-dan-van-tinh-uy-binh-thuan"]) == ([], [])
    assert linked(text, None) == ([], [])


def test_a_document_issued_in_the_publisher_s_province_is_its_own(bodies):
    """Issued by a body of the province that is not above the publisher: still the province's."""
    Document.objects.create(kind="ke_hoach", symbol="99-KH/BDV", number="99", issue_year=2020,
                            issuer=Organization.objects.create(slug="bdv-x", name="Ban Dân vận X", locality="Quảng Ninh"))  # fmt: skip
    text = "Ở tỉnh ta, Kế hoạch 99 được triển khai rộng khắp."
    assert documents(text, None) == []
    assert documents(text, bodies["ban-dan-van-dang-uy-khoi-cac-co-quan-trung-uong"]) == []
    assert documents(text, bodies["ban-dan-van-tinh-uy-quang-ninh"]) == [("99-KH/BDV", "publisher")]


def test_import_with_a_publisher_links_the_province_s_bodies(bodies, archive):
    text = article_text(1, place="Hàm Tiến").replace(
        "Ban Dân vận Tỉnh ủy Quảng Ninh tổ chức", "Ban Dân vận Tỉnh ủy phối hợp với UBND tỉnh tổ chức"
    )
    (archive / "a.txt").write_text(text, encoding="utf-8")
    publisher = bodies["ban-dan-van-tinh-uy-binh-thuan"]
    (result,) = import_files(find_files([str(archive)]).files, options=ImportOptions(publisher=publisher), workers=0).files
    article = Article.objects.get(pk=result.article_id)
    assert sorted(article.organizations.values_list("slug", flat=True)) == [
        "ban-dan-van-tinh-uy-binh-thuan",
        "bo-chinh-tri",
        "mat-tran-to-quoc-viet-nam",
        "ubnd-tinh-binh-thuan",
    ]
    assert article.publisher == publisher
