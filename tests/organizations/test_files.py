"""Attached files: judged by their content, refused with a reason, their text read within limits."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from organizations import attachments
from organizations.models import Document, DocumentFile

from .samples import docx_bytes, pdf_bytes, upload, zip_bomb_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    return Document.objects.create(kind="nghi_quyet", symbol="25-NQ/TW", subject="về tăng cường công tác dân vận")


def attach(document, name: str, data: bytes, **kwargs) -> DocumentFile:
    return DocumentFile.objects.create(document=document, file=ContentFile(data, name=name), **kwargs)


def refusal(data: bytes, name: str = "van-ban.pdf") -> str:
    with pytest.raises(ValidationError) as error:
        attachments.inspect(upload(name, data))
    return " ".join(error.value.messages)


def test_pdf_text_is_read_for_search(document):
    file = attach(document, "Nghị quyết 25.pdf", pdf_bytes("Nghi quyet ve cong tac dan van", "Trang thu hai"))
    assert (file.file_type, file.text, file.extraction_note) == ("pdf", "Nghi quyet ve cong tac dan van Trang thu hai", "")
    assert file.size == file.file.size > 0


def test_docx_text_with_its_tables_is_read(document):
    file = attach(document, "ke-hoach.docx", docx_bytes("Tăng cường công tác dân vận", table=[["Ô một", "Ô hai"]]))
    assert (file.file_type, file.text) == ("docx", "Tăng cường công tác dân vận Ô một Ô hai")


def test_type_comes_from_the_content_not_the_name(document):
    file = attach(document, "ban-chinh.doc", docx_bytes("Nội dung"))  # a DOCX misnamed .doc
    assert file.file_type == "docx" and file.file.name.endswith(".docx")
    assert refusal(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "van-ban.pdf") == (
        "Chỉ nhận tệp PDF hoặc Word (DOCX); nội dung tệp này không phải PDF hay DOCX, dù tên tệp là gì."
    )
    assert refusal(b"<html><script>alert(1)</script></html>", "nghi-quyet.docx").startswith("Chỉ nhận tệp PDF hoặc Word (DOCX)")


def test_old_word_files_are_refused_with_what_to_do():
    ole = attachments.OLE_MAGIC + b"\0" * 504
    assert refusal(ole, "quyet-dinh.doc") == (
        "Tệp Word 97–2003 (.doc) không đọc được chữ để tìm kiếm nên không được nhận. Hãy mở tệp trong Word hoặc LibreOffice, "
        "chọn Lưu thành (Save As) DOCX hoặc PDF, rồi tải tệp mới lên."
    )


def test_too_large_a_file_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_BYTES", 1024 * 1024)
    assert refusal(pdf_bytes("x") + b"\0" * (1024 * 1024 + 200_000)) == "Tệp nặng 1,2 MB, vượt giới hạn 1 MB."


def test_a_zip_bomb_docx_is_refused_from_its_directory():
    assert refusal(zip_bomb_docx(20), "bom.docx") == (
        "Tệp Word (DOCX) giải nén ra 20,0 MB từ 3 phần, bất thường với một văn bản (nghi là “bom nén”): không nhận."
    )


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("readme.txt", "không phải văn bản")
    assert refusal(buffer.getvalue(), "a.docx") == "Tệp nén này không phải văn bản Word (DOCX)."


def test_corrupt_and_password_protected_pdfs_are_refused():
    assert refusal(b"%PDF-1.4\n1 0 obj garbage") == "Tệp PDF bị hỏng, không mở được. Hãy xuất lại tệp PDF từ bản gốc rồi tải lên."
    assert refusal(pdf_bytes("abc")[:300]) == "Tệp PDF bị hỏng, không mở được. Hãy xuất lại tệp PDF từ bản gốc rồi tải lên."
    assert refusal(pdf_bytes("bí mật".encode("latin-1", "replace").decode("latin-1"), user_password="matkhau")) == (
        "Tệp PDF có mật khẩu mở nên người đọc không xem được. Hãy tải lên bản không đặt mật khẩu."
    )


def test_a_pdf_locked_only_against_copying_is_read(document):
    file = attach(document, "khoa-sao-chep.pdf", pdf_bytes("Ket luan 43", owner_password="chu-so-huu"))
    assert file.text == "Ket luan 43"


def test_a_scan_without_text_is_kept_with_a_note(document):
    file = attach(document, "ban-quet.pdf", pdf_bytes(""))
    assert file.text == "" and file.pk
    assert file.extraction_note == (
        "Tệp không có chữ đọc được (có thể là bản chụp, bản quét): tệp vẫn được lưu nhưng không tìm kiếm được nội dung."
    )


def test_a_parser_failure_keeps_the_file_without_text(document, monkeypatch):
    from pypdf import PageObject

    def broken(self, *args, **kwargs):
        raise KeyError("/Contents")

    monkeypatch.setattr(PageObject, "extract_text", broken)
    file = attach(document, "hong-mot-phan.pdf", pdf_bytes("abc"))
    assert file.pk and file.text == ""
    assert file.extraction_note == "Không đọc được chữ trong tệp (tệp có thể bị hỏng một phần): tệp vẫn được lưu nhưng không tìm kiếm được."


def test_reading_stops_at_the_page_and_time_limits(document, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_PAGES", 2)
    file = attach(document, "dai.pdf", pdf_bytes("mot", "hai", "ba"))
    assert (file.text, file.extraction_note) == ("mot hai", "Chỉ 2 trang đầu (trên 3 trang) được đưa vào tìm kiếm.")
    monkeypatch.setattr(attachments, "MAX_SECONDS", -1)
    file = attach(document, "cham.pdf", pdf_bytes("mot", "hai"))
    assert (file.text, file.extraction_note) == ("", "Tệp đọc quá lâu nên nội dung không được đưa vào tìm kiếm; tệp vẫn được lưu.")


def test_text_is_cut_at_the_character_limit(document, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_TEXT_CHARS", 10)
    file = attach(document, "dai.docx", docx_bytes("Một hai ba bốn năm sáu"))
    assert (file.text, file.extraction_note) == ("Một hai ba", "Chỉ 10 ký tự đầu được đưa vào tìm kiếm.")


def test_stored_names_are_unguessable_and_ascii(document):
    first = attach(document, "Nghị quyết số 25.pdf", pdf_bytes("a"))
    second = attach(document, "Nghị quyết số 25.pdf", pdf_bytes("a"))
    pattern = re.compile(r"^van-ban/[A-Za-z0-9_-]{22}/nghi-quyet-so-25\.pdf$")
    assert pattern.match(first.file.name) and pattern.match(second.file.name)
    assert first.file.name.split("/")[1] != second.file.name.split("/")[1]
