"""A document page in a real browser at 390 px (phone) and 1366 px (desktop): what it says
first (validity, facts, files to download, full text), then its relations, then articles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from organizations.models import Document, DocumentFile, DocumentRelation, Organization
from tests.organizations.samples import docx_bytes, pdf_bytes
from tests.site.conftest import make_article

from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=[390, 1366], ids=["390", "1366"])
def tab(request, browser):
    context = browser.new_context(viewport={"width": request.param, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.width = request.param
    yield page
    context.close()


def _library() -> tuple[Document, DocumentFile]:
    politburo = Organization.objects.create(name="Bộ Chính trị")
    old = Document.objects.create(kind="quyet_dinh", symbol="290-QĐ/TW", issued_on=dt.date(2010, 2, 25), issuer=politburo)
    document = Document.objects.create(
        kind="quyet_dinh",
        symbol="23-QĐ/TW",
        issuer=politburo,
        issued_on=dt.date(2021, 7, 30),
        effective_on=dt.date(2021, 7, 30),
        signer="Thường trực Ban Bí thư",
        subject="ban hành Quy chế công tác dân vận của hệ thống chính trị",
        source_url="https://tulieuvankien.dangcongsan.vn/he-thong-van-ban/van-ban-cua-dang/quyet-dinh-so-23-qdtw",
        body=(
            "<h2>Chương I. Những quy định chung</h2><p>Điều 1. Vị trí, vai trò của công tác dân vận. Công tác dân vận là nhiệm vụ "
            "có ý nghĩa chiến lược đối với sự nghiệp cách mạng của Đảng.</p><p>Điều 2. Mục đích của công tác dân vận.</p>"
            "<table><tr><th>Cơ quan</th><th>Trách nhiệm</th></tr><tr><td>Ban Dân vận Trung ương</td><td>Tham mưu, hướng dẫn</td></tr>"
            "</table>"
        ),
    )
    DocumentRelation.objects.create(source=document, kind=DocumentRelation.Kind.REPLACES, target=old)
    guide = Document.objects.create(kind="huong_dan", symbol="05-HD/BDVTW", issued_on=dt.date(2022, 3, 1))
    DocumentRelation.objects.create(source=guide, kind=DocumentRelation.Kind.GUIDES, target=document)
    signed = ContentFile(pdf_bytes("Quy che cong tac dan van"), name="23-qd-tw.pdf")
    public = DocumentFile.objects.create(document=document, title="Quyết định 23-QĐ/TW (bản ký)", file=signed)
    DocumentFile.objects.create(document=document, file=ContentFile(docx_bytes("Quy chế"), name="23-qd-tw.docx"))
    DocumentFile.objects.create(document=document, file=ContentFile(docx_bytes("Góp ý nội bộ"), name="gop-y.docx"), is_public=False)
    for day in (1, 2, 3):
        make_article(title=f"Quán triệt Quyết định 23-QĐ/TW tại hội nghị số {day}", days_ago=day).documents.add(document)
    return document, public


def test_document_page_reads_first_then_relations_then_articles(live_server, tab):
    document, public = _library()
    tab.goto(live_server.url + document.get_absolute_url())
    assert tab.locator("h1").inner_text() == "23-QĐ/TW"
    assert tab.locator(".document-validity .validity").inner_text() == "Còn hiệu lực"
    download = tab.get_by_role("link", name="Tải về Quyết định 23-QĐ/TW (bản ký)")
    assert download.is_visible() and download.get_attribute("href") == public.file.url
    box = download.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24
    assert tab.locator(".file-list li").count() == 2  # the private file is not there
    assert "gop-y" not in tab.content()
    tops = [tab.locator(sel).first.bounding_box()["y"] for sel in ["#tep-dinh-kem", "#toan-van", "#vb-lien-quan", "#dong-thoi-gian"]]
    assert tops == sorted(tops)
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at {tab.width}px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"document-{tab.width}.png"), full_page=True)

    old = Document.objects.get(symbol="290-QĐ/TW")
    tab.goto(live_server.url + old.get_absolute_url())
    assert tab.locator(".document-validity .validity").inner_text() == "Được thay thế bởi 23-QĐ/TW"
    tab.get_by_role("link", name="23-QĐ/TW", exact=True).first.click()
    tab.wait_for_url(f"**{document.get_absolute_url()}")

    tab.goto(live_server.url + "/van-ban/")
    assert tab.locator(".validity--replaced").inner_text() == "Được thay thế bởi 23-QĐ/TW"
    tab.screenshot(path=str(SCREENSHOTS / f"document-list-{tab.width}.png"), full_page=True)
