import pytest
from django.core.management import call_command

from articles.models import Section
from danvan.collation import sort_key_string
from organizations.models import Document, DocumentRelation, Exemplar, Organization

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Section, Organization, Document, DocumentRelation, Exemplar)]


def test_reference_fixtures_load_twice_without_duplicates():
    call_command("load_reference", verbosity=0)
    first = counts()
    stamps = list(Organization.objects.order_by("pk").values_list("updated_at", flat=True))
    call_command("load_reference", verbosity=0)
    assert counts() == first
    assert list(Organization.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
    assert first[0] >= 5 and first[2] >= 12 and first[4] == 3


def test_reference_facts():
    call_command("load_reference", verbosity=0)
    nq25 = Document.objects.get(symbol="25-NQ/TW", issue_year=2013)
    assert nq25.issuer.name == "Ban Chấp hành Trung ương Đảng"
    assert nq25.term == "XI"
    assert "Nghị quyết Trung ương 7 (khóa XI)" in nq25.popular_name_list
    kinds = {(r.source.symbol, r.kind) for r in nq25.incoming_relations.select_related("source")}
    assert kinds == {("43-KL/TW", "continues"), ("20-NQ/TU", "implements"), ("2765/QĐ-UBND", "implements")}
    unsure = Document.objects.get(symbol="2765/QĐ-UBND")
    assert unsure.issued_on is None and unsure.issue_year == 2013 and unsure.needs_review
    qd40 = Document.objects.get(symbol="40-QĐ/TU")
    assert qd40.subject == "" and not qd40.outgoing_relations.exists()  # unsure facts stay empty
    board = Organization.objects.get(slug="ban-dan-van-dang-uy-khoi-cac-co-quan-trung-uong")
    assert board.parent.slug == "dang-bo-khoi-cac-co-quan-trung-uong"
    assert board.tree_path == "/".join(
        map(
            sort_key_string,
            ["Ban Chấp hành Trung ương Đảng", "Đảng bộ Khối các cơ quan Trung ương", "Ban Dân vận Đảng ủy Khối các cơ quan Trung ương"],
        )
    )
    assert Organization.objects.get(slug="tinh-uy-binh-thuan").successor.slug == "tinh-uy-lam-dong"
    assert Exemplar.objects.get(slug="pham-anh-tuan").kind == "individual"


def test_editors_changes_survive_a_reload_unless_updating():
    call_command("load_reference", verbosity=0)
    Organization.objects.filter(slug="so-y-te").update(locality="Quảng Ninh")
    call_command("load_reference", verbosity=0)
    assert Organization.objects.get(slug="so-y-te").locality == "Quảng Ninh"
    call_command("load_reference", "--update", verbosity=0)
    assert Organization.objects.get(slug="so-y-te").locality == ""
