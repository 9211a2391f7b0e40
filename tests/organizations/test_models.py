import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from danvan.collation import BinaryOrder, sort_key_string
from organizations.models import Document, DocumentRelation, Exemplar, Organization, normalize_symbol, symbol_number

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("25-NQ/TW", "25-NQ/TW"),
        ("25 - NQ / TW", "25-NQ/TW"),
        ("25–nq/tw", "25-NQ/TW"),
        ("2765/qđ-ubnd", "2765/QĐ-UBND"),
        ("30/2020/NĐ\u2011CP", "30/2020/NĐ-CP"),
    ],
)
def test_normalize_symbol(raw, expected):
    assert normalize_symbol(raw) == expected


def test_symbol_number():
    assert symbol_number("25-NQ/TW") == "25"
    assert symbol_number("05-CT/TW") == "5"
    assert symbol_number("30/2020/NĐ-CP") == "30"


def test_document_identity_is_symbol_plus_year():
    religion = Document.objects.create(kind="nghi_quyet", symbol="25-NQ/TW", issued_on=dt.date(2003, 3, 12))
    mass_work = Document.objects.create(kind="nghi_quyet", symbol="25 - nq/tw", issued_on=dt.date(2013, 6, 3))
    assert (religion.issue_year, mass_work.issue_year) == (2003, 2013)
    assert mass_work.symbol == "25-NQ/TW" and mass_work.number == "25"
    assert religion.slug == "25-nq-tw-2003" and mass_work.slug == "25-nq-tw-2013"
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(kind="nghi_quyet", symbol="25-NQ/TW", issued_on=dt.date(2013, 1, 1))


def test_symbol_without_year_is_unique_too():
    Document.objects.create(kind="quyet_dinh", symbol="2765/QĐ-UBND")
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(kind="quyet_dinh", symbol="2765/qđ-ubnd")


def test_document_unique_message_through_full_clean():
    Document.objects.create(kind="nghi_quyet", symbol="25-NQ/TW", issued_on=dt.date(2013, 6, 3))
    duplicate = Document(kind="nghi_quyet", symbol="25-NQ/TW", issue_year=2013)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Đã có văn bản cùng số, ký hiệu trong năm này." in str(error.value)


def test_issue_year_must_match_issued_on():
    document = Document(kind="nghi_quyet", symbol="1-NQ/TW", issued_on=dt.date(2013, 6, 3), issue_year=2012)
    with pytest.raises(ValidationError):
        document.full_clean()


def test_document_relations_are_typed_and_not_self():
    nq25 = Document.objects.create(kind="nghi_quyet", symbol="25-NQ/TW", issued_on=dt.date(2013, 6, 3))
    kl43 = Document.objects.create(kind="ket_luan", symbol="43-KL/TW", issued_on=dt.date(2019, 1, 7))
    relation = DocumentRelation.objects.create(source=kl43, kind="continues", target=nq25)
    assert str(relation) == "43-KL/TW tiếp tục thực hiện 25-NQ/TW"
    assert relation.inverse_label == "được tiếp tục bởi"
    assert list(nq25.incoming_relations.all()) == [relation]
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentRelation.objects.create(source=kl43, kind="continues", target=nq25)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentRelation.objects.create(source=nq25, kind="amends", target=nq25)


def test_organization_tree_path_and_loop_guard():
    root = Organization.objects.create(name="Ban Chấp hành Trung ương Đảng")
    bloc = Organization.objects.create(name="Đảng bộ Khối các cơ quan Trung ương", parent=root)
    board = Organization.objects.create(name="Ban Dân vận Đảng ủy Khối", parent=bloc)
    assert board.path == "Ban Chấp hành Trung ương Đảng › Đảng bộ Khối các cơ quan Trung ương › Ban Dân vận Đảng ủy Khối"
    assert board.slug == "ban-dan-van-dang-uy-khoi"
    root.parent = board
    with pytest.raises(ValidationError) as error:
        root.full_clean()
    assert "parent" in error.value.message_dict


def test_organization_active_range_constraint():
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(name="Huyện ủy", active_from=dt.date(2020, 1, 1), active_until=dt.date(2019, 1, 1))


def test_organization_names_include_aliases():
    body = Organization.objects.create(
        name="Đảng bộ Khối các cơ quan Trung ương", short_name="Đảng bộ Khối", aliases="Đảng ủy Khối\n\n Đảng ủy Khối các cơ quan TW "
    )
    assert body.names == ["Đảng bộ Khối các cơ quan Trung ương", "Đảng bộ Khối", "Đảng ủy Khối", "Đảng ủy Khối các cơ quan TW"]


def test_successor_is_kept_when_a_body_is_merged():
    new = Organization.objects.create(name="Tỉnh ủy Lâm Đồng")
    old = Organization.objects.create(name="Tỉnh ủy Bình Thuận", active_until=dt.date(2025, 6, 30), successor=new)
    assert not old.is_active and new.is_active
    assert list(new.predecessors.all()) == [old]


def test_exemplar_year_constraint_and_slug():
    exemplar = Exemplar.objects.create(name="Dân vận khéo trong phòng, chống dịch bệnh COVID-19", kind="model", year=2020)
    assert exemplar.slug == "dan-van-kheo-trong-phong-chong-dich-benh-covid-19"
    with pytest.raises(IntegrityError), transaction.atomic():
        Exemplar.objects.create(name="Sai năm", kind="model", year=1800)


def test_tree_path_orders_bodies_as_a_tree_and_follows_moves():
    root = Organization.objects.create(name="Tỉnh ủy Quảng Ninh")
    district = Organization.objects.create(name="Huyện ủy Đầm Hà", parent=root)
    commune = Organization.objects.create(name="xã Tân Bình", parent=district)
    board = Organization.objects.create(name="Ban Dân vận Tỉnh ủy", parent=root)
    other = Organization.objects.create(name="Ban Chấp hành Trung ương Đảng")
    assert list(Organization.objects.order_by(BinaryOrder("tree_path"))) == [other, root, board, district, commune]
    assert commune.tree_path == tree_path("Tỉnh ủy Quảng Ninh", "Huyện ủy Đầm Hà", "xã Tân Bình") and commune.depth == 2
    district.parent = other  # moved: the commune below moves with it
    district.save()
    commune.refresh_from_db()
    assert commune.tree_path == tree_path("Ban Chấp hành Trung ương Đảng", "Huyện ủy Đầm Hà", "xã Tân Bình")
    root.name = "Đảng bộ tỉnh Quảng Ninh"
    root.save()
    board.refresh_from_db()
    assert board.tree_path == tree_path("Đảng bộ tỉnh Quảng Ninh", "Ban Dân vận Tỉnh ủy")


def tree_path(*names: str) -> str:
    return "/".join(sort_key_string(n) for n in names)
