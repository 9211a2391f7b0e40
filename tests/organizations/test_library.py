"""The document library: full text, files, validity; what the public sees, and at what cost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Document, DocumentFile, DocumentRelation
from tests.site.conftest import make_article

from .samples import docx_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def make_document(symbol: str, **kwargs) -> Document:
    kwargs.setdefault("kind", Document.Kind.REGULATION)
    return Document.objects.create(symbol=symbol, **kwargs)


def attach(document, name: str, data: bytes, **kwargs) -> DocumentFile:
    return DocumentFile.objects.create(document=document, file=ContentFile(data, name=name), **kwargs)


def replace(newer: Document, older: Document) -> None:
    DocumentRelation.objects.create(source=newer, kind=DocumentRelation.Kind.REPLACES, target=older)


# Validity


def test_validity_comes_from_relations_and_dates(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 1, 9, 0))
    old = make_document("290-QĐ/TW", issued_on=dt.date(2010, 2, 25))
    new = make_document("23-QĐ/TW", issued_on=dt.date(2021, 7, 30))
    replace(new, old)
    expired = make_document("12-KH/TU", kind=Document.Kind.PLAN, expires_on=dt.date(2025, 12, 31))
    coming = make_document("30-NQ/TW", kind=Document.Kind.RESOLUTION, effective_on=dt.date(2026, 7, 1))
    fresh = Document.objects.get(pk=old.pk)
    assert (fresh.validity.state, fresh.validity.label) == ("replaced", "Được thay thế bởi 23-QĐ/TW")
    assert fresh.validity.replaced_by == (new,)
    assert Document.objects.get(pk=new.pk).validity.label == "Còn hiệu lực"
    assert Document.objects.get(pk=expired.pk).validity.label == "Hết hiệu lực từ 31/12/2025"
    assert Document.objects.get(pk=coming.pk).validity.label == "Có hiệu lực từ 01/07/2026"


def test_expiry_before_effect_is_refused():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_document("1-QĐ/TW", effective_on=dt.date(2020, 1, 2), expires_on=dt.date(2020, 1, 1))


def test_full_text_is_sanitised_like_article_bodies():
    document = make_document("23-QĐ/TW", body='<p onclick="x()">Điều 1.</p><script>alert(1)</script><a href="javascript:x()">a</a>')
    assert document.body == '<p>Điều 1.</p><a rel="noopener noreferrer">a</a>'


# Pages


def test_document_page_shows_its_text_files_relations_then_articles(client):
    document = make_document(
        "23-QĐ/TW",
        subject="về thi hành Điều lệ Đảng",
        signer="Trần Quốc Vượng",
        issued_on=dt.date(2021, 7, 30),
        effective_on=dt.date(2021, 8, 1),
        source_url="https://tulieuvankien.dangcongsan.vn/van-ban/23",
        body="<p>Điều 1. Phạm vi điều chỉnh của Quy định này.</p>",
    )
    older = make_document("290-QĐ/TW")
    replace(document, older)
    guide = make_document("05-HD/TW", kind=Document.Kind.GUIDANCE)
    DocumentRelation.objects.create(source=guide, kind=DocumentRelation.Kind.GUIDES, target=document)
    public = attach(document, "Quy định 23.pdf", pdf_bytes("Quy dinh 23"), title="Bản ký số")
    private = attach(document, "du-thao.docx", docx_bytes("Dự thảo nội bộ"), is_public=False)
    make_article(title="Hội nghị quán triệt Quy định 23").documents.add(document)

    content = client.get(document.get_absolute_url()).content.decode()
    for fact in ["Người ký", "Trần Quốc Vượng", "Ngày hiệu lực", "01/08/2021", "Nguồn chính thức", "Còn hiệu lực"]:
        assert fact in content
    assert 'href="https://tulieuvankien.dangcongsan.vn/van-ban/23"' in content
    assert f'href="{public.file.url}" download="quy-dinh-23.pdf"' in content
    assert "Bản ký số" in content and "PDF, " in content
    assert private.file.name not in content and "du-thao" not in content
    order = [content.index(s) for s in ["Tệp đính kèm", "Điều 1. Phạm vi", "Thay thế", "Được hướng dẫn bởi", "Hội nghị quán triệt"]]
    assert order == sorted(order)

    older_page = client.get(older.get_absolute_url()).content.decode()
    assert f'Được thay thế bởi <a href="{document.get_absolute_url()}">23-QĐ/TW</a>' in older_page


def test_document_list_shows_validity(client):
    old = make_document("290-QĐ/TW", issued_on=dt.date(2010, 2, 25))
    replace(make_document("23-QĐ/TW", issued_on=dt.date(2021, 7, 30)), old)
    content = client.get(reverse("organizations:document_list")).content.decode()
    assert '<span class="validity validity--replaced">Được thay thế bởi 23-QĐ/TW</span>' in content
    assert '<span class="validity validity--valid">Còn hiệu lực</span>' in content


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _library(n: int, round_: int) -> Document:
    """``n`` documents, each replaced by a newer one and carrying a public and a private file."""
    first = None
    for i in range(n):
        old = make_document(f"{round_}{i}-QĐ/TW", issued_on=dt.date(2010, 1, 1))
        replace(make_document(f"{round_}{i}-QĐ/TU", issued_on=dt.date(2020, 1, 1)), old)
        attach(old, "a.pdf", pdf_bytes("a"))
        attach(old, "b.pdf", pdf_bytes("b"), is_public=False)
        first = first or old
    return first


def test_document_list_query_count_is_flat(client):
    url = reverse("organizations:document_list")
    _library(1, 1)
    one = _queries(client, url)
    _library(19, 2)
    assert Document.objects.count() == 40
    assert _queries(client, url) == one


def test_document_page_query_count_is_flat(client):
    def build(n: int, round_: int) -> str:
        document = make_document(f"{round_}-NQ/TW")
        for i in range(n):
            attach(document, f"tep-{i}.pdf", pdf_bytes("x"))
            replace(make_document(f"{round_}{i}-NQ/TU"), document)
            target = make_document(f"{round_}{i}-CT/TW")
            DocumentRelation.objects.create(source=document, kind=DocumentRelation.Kind.IMPLEMENTS, target=target)
            make_article().documents.add(document)
        return document.get_absolute_url()

    assert _queries(client, build(1, 1)) == _queries(client, build(20, 2))


# Search


def _found(client, q: str) -> str:
    return client.get(reverse("search:results"), {"q": q}).content.decode()


def test_full_text_and_public_files_are_searchable_private_ones_not(client):
    document = make_document("23-QĐ/TW", body="<p>Điều 7. Kỷ luật tổ chức đảng vi phạm</p>", signer="Trần Quốc Vượng")
    public = attach(document, "quy-dinh.docx", docx_bytes("Phụ lục về thẩm quyền thi hành kỷ luật"))
    attach(document, "noi-bo.docx", docx_bytes("Ý kiến góp ý riêng tư"), is_public=False)
    url = document.get_absolute_url()
    assert url in _found(client, "ky luat to chuc dang vi pham")
    assert url in _found(client, "tham quyen thi hanh")
    assert url in _found(client, "Tran Quoc Vuong")
    assert url not in _found(client, "gop y rieng tu")
    public.is_public = False
    public.save()
    assert url not in _found(client, "tham quyen thi hanh")
    public.is_public = True
    public.save()
    assert url in _found(client, "tham quyen thi hanh")
    public.delete()
    assert url not in _found(client, "tham quyen thi hanh")


def test_rebuilt_index_holds_file_text(client):
    from search.indexing import rebuild

    document = make_document("05-CT/TW")
    attach(document, "chi-thi.pdf", pdf_bytes("Hoc tap va lam theo tu tuong"))
    rebuild()
    assert document.get_absolute_url() in _found(client, "lam theo tu tuong")


# Admin


@pytest.fixture
def editor(admin_client):
    return admin_client


def _form(document: Document, files: list[dict]) -> dict:
    data = {
        "kind": document.kind,
        "symbol": document.symbol,
        "number": document.number,
        "slug": document.slug,
        "issuer": "",
        "issued_on": "",
        "issue_year": "",
        "term": "",
        "signer": "",
        "effective_on": "",
        "expires_on": "",
        "subject": "",
        "popular_names": "",
        "summary": "",
        "body": "<p>Toàn văn</p>",
        "source_url": "",
        "files-TOTAL_FORMS": str(len(files)),
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
    }
    for prefix in ("outgoing_relations", "incoming_relations"):
        data.update({f"{prefix}-{key}": value for key, value in [("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MAX_NUM_FORMS", "1000")]})
    for n, file in enumerate(files):
        data.update({f"files-{n}-file": file["file"], f"files-{n}-title": "", f"files-{n}-is_public": "on", f"files-{n}-order": "0"})
    return data


def test_admin_uploads_a_file_and_reads_its_text(editor):
    document = make_document("23-QĐ/TW")
    url = reverse("admin:organizations_document_change", args=[document.pk])
    page = editor.get(url).content.decode()
    assert "tinymce" in page.lower() and "Người ký" in page and "Ngày hiệu lực" in page
    response = editor.post(url, _form(document, [{"file": upload("Quy định 23.pdf", pdf_bytes("Quy dinh 23"))}]))
    assert response.status_code == 302, response.content.decode()[:3000]
    file = document.files.get()
    assert (file.file_type, file.text) == ("pdf", "Quy dinh 23")
    document.refresh_from_db()
    assert document.body == "<p>Toàn văn</p>"


def test_admin_refuses_a_fake_file_with_the_reason(editor):
    document = make_document("23-QĐ/TW")
    url = reverse("admin:organizations_document_change", args=[document.pk])
    response = editor.post(url, _form(document, [{"file": upload("nghi-quyet.pdf", b"MZ\x90\x00 not a pdf")}]))
    assert response.status_code == 200
    assert "Chỉ nhận tệp PDF hoặc Word (DOCX); nội dung tệp này không phải PDF hay DOCX, dù tên tệp là gì." in response.content.decode()
    assert not document.files.exists()


def test_admin_warns_when_a_file_has_no_text(editor):
    document = make_document("23-QĐ/TW")
    url = reverse("admin:organizations_document_change", args=[document.pk])
    response = editor.post(url, _form(document, [{"file": upload("ban-quet.pdf", pdf_bytes(""))}]), follow=True)
    assert "“ban-quet.pdf”: Tệp không có chữ đọc được (có thể là bản chụp, bản quét)" in response.content.decode()


def test_admin_list_shows_validity_in_fixed_queries(editor):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = editor.get(reverse("admin:organizations_document_changelist"))
        assert "Được thay thế bởi" in response.content.decode()
        return len(queries)

    replace(make_document("23-QĐ/TW"), make_document("290-QĐ/TW"))
    one = count()
    for i in range(19):
        replace(make_document(f"{i}-QĐ/TU"), make_document(f"{i}-QĐ/HU"))
    assert count() == one


def test_reference_data_knows_what_replaced_290():
    from django.core.management import call_command

    call_command("load_reference", verbosity=0)
    old = Document.objects.get(symbol="290-QĐ/TW")
    assert old.validity.label == "Được thay thế bởi 23-QĐ/TW"
    assert Document.objects.get(symbol="23-QĐ/TW").validity.label == "Còn hiệu lực"


def test_a_file_made_private_leaves_the_cached_page_at_once(client, settings):
    settings.PAGE_CACHE_SECONDS = 86400
    document = make_document("23-QĐ/TW")
    file = attach(document, "ban-ky.pdf", pdf_bytes("a"), title="Bản ký số")
    assert "Bản ký số" in client.get(document.get_absolute_url()).content.decode()
    assert "Bản ký số" in client.get(document.get_absolute_url()).content.decode()  # from the page cache
    file.is_public = False
    file.save()
    assert "Bản ký số" not in client.get(document.get_absolute_url()).content.decode()


def test_a_file_made_private_moves_and_a_deleted_one_is_removed(django_capture_on_commit_callbacks):
    document = make_document("23-QĐ/TW")
    with django_capture_on_commit_callbacks(execute=True):
        file = attach(document, "ban-ky.pdf", pdf_bytes("a"))
    public_name = file.file.name
    storage = file.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        file.is_public = False
        file.save()
    assert file.file.name != public_name and file.file.name.endswith("/ban-ky.pdf")
    assert not storage.exists(public_name) and storage.exists(file.file.name)
    private_name = file.file.name
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert not storage.exists(private_name)


def test_deleting_a_document_with_files_leaves_no_entry_behind(client):
    from search.models import SearchEntry

    document = make_document("23-QĐ/TW")
    attach(document, "ban-ky.pdf", pdf_bytes("a"))
    Document.objects.filter(pk=document.pk).delete()
    assert not SearchEntry.objects.filter(document_id=document.pk).exists()
    other = make_document("24-QĐ/TW")
    attach(other, "ban-ky.pdf", pdf_bytes("a"))
    pk = other.pk  # (None once deleted, and other kinds' entries have no document)
    other.delete()
    assert not SearchEntry.objects.filter(document_id=pk).exists()


def test_the_data_keeper_role_attaches_files(client, django_user_model):
    from django.contrib.auth.models import Group

    from newsroom.roles import DATA_KEEPER, REPORTER

    keeper = django_user_model.objects.create_user("dulieu", password="mật-khẩu-dài-123", is_staff=True)
    keeper.groups.add(Group.objects.get(name=DATA_KEEPER))
    reporter = django_user_model.objects.create_user("phongvien", password="mật-khẩu-dài-123", is_staff=True)
    reporter.groups.add(Group.objects.get(name=REPORTER))
    document = make_document("23-QĐ/TW")
    url = reverse("admin:organizations_document_change", args=[document.pk])
    client.force_login(reporter)
    assert client.post(url, _form(document, [{"file": upload("a.pdf", pdf_bytes("a"))}])).status_code == 403
    client.force_login(keeper)
    assert client.post(url, _form(document, [{"file": upload("a.pdf", pdf_bytes("a"))}])).status_code == 302
    assert document.files.count() == 1


def test_issuer_page_lists_its_documents_with_validity_in_fixed_queries(client):
    from organizations.models import Organization

    def build(n: int, name: str) -> str:
        body = Organization.objects.create(name=name)
        for i in range(n):
            old = make_document(f"{i}-QĐ/{name[:3].upper()}", issuer=body, issued_on=dt.date(2010, 1, 1))
            replace(make_document(f"{i}-QĐ/{name[:3].upper()}X"), old)
        return body.get_absolute_url()

    one, twenty = build(1, "Bộ Chính trị"), build(20, "Ban Bí thư")
    assert "Được thay thế bởi 0-QĐ/BỘX" in client.get(one).content.decode()
    assert _queries(client, one) == _queries(client, twenty)


def test_lists_do_not_read_the_full_text(client):
    old = make_document("290-QĐ/TW", body="<p>Toàn văn dài</p>", issued_on=dt.date(2010, 2, 25))
    replace(make_document("23-QĐ/TW", body="<p>Toàn văn dài</p>"), old)
    for url in (reverse("organizations:document_list"), old.get_absolute_url()):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        full_text_reads = [q["sql"] for q in queries if '"organizations_document"."body"' in q["sql"]]
        # the document page reads its own text once, and only its own
        assert len(full_text_reads) == (0 if url.endswith("/van-ban/") else 1), full_text_reads


def test_a_public_file_downloads_and_a_private_one_is_404_to_readers(client, admin_client):
    """/media/ answers only what something public shows: a document's file while it is ticked
    public (staff also get the private ones)."""
    document = make_document("25-NQ/TW")
    public = attach(document, "nghi-quyet.pdf", pdf_bytes("Nghi quyet ve cong tac dan van"))
    private = attach(document, "du-thao.pdf", pdf_bytes("Du thao"), is_public=False)
    response = client.get(public.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(private.file.url).status_code == 404
    assert admin_client.get(private.file.url).status_code == 200
