"""One page parameter (?trang=) on every list and Vietnamese words in filter URLs; the old
forms (?page=, stored codes such as ?loai=nghi_quyet) answer 301 to the new ones."""

from __future__ import annotations

import re

import pytest

from organizations.models import Document, Exemplar, Level

from .conftest import make_article, make_document, make_exemplar, make_section

pytestmark = pytest.mark.django_db


def _results(response) -> list[str]:
    return re.findall(r'class="search-result__title"><a href="([^"]+)"', response.content.decode())


def test_search_pages_with_trang_like_every_other_list(client):
    for n in range(25):
        make_article(title=f"Hội nghị dân vận khéo lần {n:02d}", days_ago=n + 1)
    first = client.get("/tim-kiem/", {"q": "hoi nghi"})
    html = first.content.decode()
    assert 'href="?q=hoi%20nghi&amp;trang=2"' in html
    assert "page=" not in html
    second = client.get("/tim-kiem/", {"q": "hoi nghi", "trang": 2})
    assert second.status_code == 200
    assert len(_results(second)) == 5
    assert set(_results(second)).isdisjoint(_results(first))
    assert "Trang 2/2" in second.content.decode()


@pytest.mark.parametrize(
    "old, new",
    [
        ("/tim-kiem/?q=dan+van&page=2", "/tim-kiem/?q=dan+van&trang=2"),
        ("/van-ban/?page=3", "/van-ban/?trang=3"),
        ("/luu-tru/2021/?page=2", "/luu-tru/2021/?trang=2"),
        ("/van-ban/?trang=2&page=5", "/van-ban/?trang=2"),  # both: the current name wins
        ("/van-ban/?loai=nghi_quyet", "/van-ban/?loai=nghi-quyet"),
        ("/van-ban/?loai=chuong_trinh_hanh_dong&page=2", "/van-ban/?loai=chuong-trinh-hanh-dong&trang=2"),
        ("/dan-van-kheo/?cap=central&loai=collective", "/dan-van-kheo/?cap=trung-uong&loai=tap-the"),
        ("/dan-van-kheo/?linh-vuc=culture_society", "/dan-van-kheo/?linh-vuc=van-hoa-xa-hoi"),
    ],
)
def test_old_page_and_filter_addresses_move_permanently(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_section_old_page_parameter_moves_permanently(client):
    section = make_section(name="Tin hoạt động")
    response = client.get(section.get_absolute_url() + "?page=2")
    assert response.status_code == 301
    assert response["Location"] == section.get_absolute_url() + "?trang=2"


def test_document_filter_uses_vietnamese_words(client):
    make_document(symbol="25-NQ/TW", kind=Document.Kind.RESOLUTION)
    make_document(symbol="23-CT/TW", kind=Document.Kind.DIRECTIVE)
    response = client.get("/van-ban/", {"loai": "chi-thi"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "23-CT/TW" in html and "25-NQ/TW" not in html
    assert '<option value="chi-thi" selected>Chỉ thị</option>' in html
    assert '<option value="nghi-quyet">Nghị quyết</option>' in html
    assert "nghi_quyet" not in html


def test_model_filters_use_vietnamese_words(client):
    make_exemplar(name="Tổ tự quản đường làng", kind=Exemplar.Kind.COLLECTIVE, level=Level.COMMUNE, field=Exemplar.Field.NEW_RURAL)
    make_exemplar(name="Bác sĩ vùng cao", kind=Exemplar.Kind.INDIVIDUAL, level=Level.PROVINCE, field=Exemplar.Field.HEALTH)
    response = client.get("/dan-van-kheo/", {"loai": "tap-the", "cap": "xa", "linh-vuc": "nong-thon-moi"})
    html = response.content.decode()
    assert "Tổ tự quản đường làng" in html and "Bác sĩ vùng cao" not in html
    for option in (
        '<option value="tap-the" selected>Tập thể</option>',
        '<option value="xa" selected>Xã, phường</option>',
        '<option value="nong-thon-moi" selected>Xây dựng nông thôn mới</option>',
        '<option value="ca-nhan">Cá nhân</option>',
    ):
        assert option in html


def test_record_pages_link_to_the_lists_with_words(client):
    document = make_document(symbol="120-KH/TU", kind=Document.Kind.PLAN)
    exemplar = make_exemplar(name="Bác sĩ vùng cao", field=Exemplar.Field.HEALTH)
    assert 'href="/van-ban/?loai=ke-hoach"' in client.get(document.get_absolute_url()).content.decode()
    assert 'href="/dan-van-kheo/?linh-vuc=y-te"' in client.get(exemplar.get_absolute_url()).content.decode()
