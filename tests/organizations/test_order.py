"""Bodies and documents appear in Vietnamese alphabetical order on the site and in the admin."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from organizations.models import Document, Organization

pytestmark = pytest.mark.django_db

NAMES = ["Ủy ban Mặt trận", "Đảng ủy Khối", "Em Hội", "Bình Thuận", "Ban Dân vận", "Dân vận Khối"]
ORDER = ["Ban Dân vận", "Bình Thuận", "Dân vận Khối", "Đảng ủy Khối", "Em Hội", "Ủy ban Mặt trận"]


def _in_page(content: str, names: list[str]) -> list[str]:
    return sorted(names, key=content.index)


def test_body_list_and_issuer_filter_in_vietnamese_order(client):
    bodies = [Organization.objects.create(name=name) for name in NAMES]
    for i, body in enumerate(bodies):
        Document.objects.create(kind="nghi_quyet", symbol=f"{i + 1}-NQ/TW", issuer=body)
    assert _in_page(client.get(reverse("organizations:organization_list")).content.decode(), NAMES) == ORDER
    content = client.get(reverse("organizations:document_list")).content.decode()
    options = re.search(r'<select id="f-co-quan".*?</select>', content, re.S).group(0)
    assert _in_page(options, NAMES) == ORDER


def test_sub_bodies_in_vietnamese_order_on_the_parent_page(client):
    parent = Organization.objects.create(name="Tỉnh ủy Lâm Đồng")
    for name in NAMES:
        Organization.objects.create(name=name, parent=parent)
    assert _in_page(client.get(parent.get_absolute_url()).content.decode(), NAMES) == ORDER


def test_admin_tree_is_alphabetical_within_each_level(admin_client):
    root_d = Organization.objects.create(name="Đảng bộ tỉnh")
    root_b = Organization.objects.create(name="Ban Tuyên giáo")
    child_da = Organization.objects.create(name="Đa Phúc", parent=root_b)  # đ after d, whatever the tones
    child_dan = Organization.objects.create(name="Dân Chủ", parent=root_b)
    sibling = Organization.objects.create(name="Ban Tuyên giáo và Dân vận")  # after the whole first tree
    content = admin_client.get(reverse("admin:organizations_organization_changelist")).content.decode()
    rows = [f"└ {o.name}<" if o.parent_id else f"<strong>{o.name}</strong>" for o in [root_b, child_dan, child_da, sibling, root_d]]
    assert _in_page(content, rows) == rows


def test_admin_document_list_sorts_symbols_in_vietnamese_order(admin_client):
    for symbol in ["12-QE/TW", "12-QĐ/TW", "12-QD/TW"]:
        Document.objects.create(kind="quyet_dinh", symbol=symbol)
    url = reverse("admin:organizations_document_changelist")
    content = admin_client.get(url, {"o": "1"}).content.decode()  # sorted by the symbol column
    assert _in_page(content, ["12-QE/TW", "12-QĐ/TW", "12-QD/TW"]) == ["12-QD/TW", "12-QĐ/TW", "12-QE/TW"]
