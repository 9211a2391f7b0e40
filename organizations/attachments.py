"""Files attached to documents: checked by content, their text read for search, within limits.

A file is accepted if its bytes are a PDF that pypdf opens without a password, or a DOCX
(a Word ZIP package with ``word/document.xml``) whose declared contents stay small: a ZIP
bomb is refused from its directory, before anything is inflated. Its name and extension
count for nothing. Old binary Word files (.doc) are refused: no maintained pure-Python
library reads their text, and a file the search cannot read is a file readers cannot find.

Reading text is bounded by pages, characters and seconds; whatever goes wrong inside
pypdf or python-docx (a damaged stream, an unsupported encryption) leaves the file saved
without text and a note saying why, never an error page.
"""

from __future__ import annotations

import io
import logging
import time
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_BYTES = 30 * 1024 * 1024
MAX_PAGES = 300  # pages read for search; the file itself may have more
MAX_TEXT_CHARS = 400_000
MAX_SECONDS = 10.0
# A DOCX whose directory promises more than this, or this many parts, is not a document.
DOCX_MAX_UNCOMPRESSED = 80 * 1024 * 1024
DOCX_MAX_ENTRIES = 2000
DOCX_MAX_RATIO = 100  # inflated / stored, for the package as a whole …
DOCX_RATIO_FROM = 10 * 1024 * 1024  # … once it inflates past this (small XML packs tightly)

PDF, DOCX = "pdf", "docx"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Extracted:
    text: str
    note: str


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    return data


def inspect(upload) -> str:
    """The file's type (``PDF`` or ``DOCX``) judged by its content; ValidationError with the reason otherwise."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(
            _("Tệp nặng %(mb)s MB, vượt giới hạn %(limit)d MB.") % {"mb": _megabytes(size), "limit": MAX_BYTES // 1024 // 1024}
        )
    data = _read_all(upload)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("Tệp vượt giới hạn %(limit)d MB.") % {"limit": MAX_BYTES // 1024 // 1024})
    if not data:
        raise ValidationError(_("Tệp rỗng."))
    if data.startswith(OLE_MAGIC):
        raise ValidationError(
            _(
                "Tệp Word 97–2003 (.doc) không đọc được chữ để tìm kiếm nên không được nhận. Hãy mở tệp trong Word hoặc "
                "LibreOffice, chọn Lưu thành (Save As) DOCX hoặc PDF, rồi tải tệp mới lên."
            )
        )
    if data[:1024].lstrip().startswith(b"%PDF-"):
        _check_pdf(data)
        return PDF
    if data.startswith(b"PK\x03\x04"):
        _check_docx(data)
        return DOCX
    raise ValidationError(_("Chỉ nhận tệp PDF hoặc Word (DOCX); nội dung tệp này không phải PDF hay DOCX, dù tên tệp là gì."))


def _open_pdf(data: bytes):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # An owner password only (printing, copying restricted) opens with an empty one.
        if not reader.decrypt(""):
            raise ValidationError(_("Tệp PDF có mật khẩu mở nên người đọc không xem được. Hãy tải lên bản không đặt mật khẩu."))
    return reader


def _check_pdf(data: bytes) -> None:
    from pypdf.errors import DependencyError, PyPdfError

    try:
        reader = _open_pdf(data)
        if len(reader.pages) == 0:
            raise ValidationError(_("Tệp PDF không có trang nào."))
    except ValidationError:
        raise
    except DependencyError:
        return  # an encryption pypdf cannot undo without an extra library: kept, without text
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError) as error:
        raise ValidationError(_("Tệp PDF bị hỏng, không mở được. Hãy xuất lại tệp PDF từ bản gốc rồi tải lên.")) from error


def _check_docx(data: bytes) -> None:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        entries = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ValidationError(_("Tệp Word (DOCX) bị hỏng, không mở được.")) from error
    names = {e.filename for e in entries}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise ValidationError(_("Tệp nén này không phải văn bản Word (DOCX)."))
    inflated = sum(e.file_size for e in entries)
    stored = sum(e.compress_size for e in entries) or 1
    if len(entries) > DOCX_MAX_ENTRIES or inflated > DOCX_MAX_UNCOMPRESSED:
        raise _bomb(inflated, len(entries))
    if inflated > DOCX_RATIO_FROM and inflated / stored > DOCX_MAX_RATIO:
        raise _bomb(inflated, len(entries))
    if any(e.flag_bits & 0x1 for e in entries):
        raise ValidationError(_("Tệp Word (DOCX) có mật khẩu nên người đọc không xem được. Hãy tải lên bản không đặt mật khẩu."))
    content_types = package.read("[Content_Types].xml")
    if b"macroEnabled" in content_types:
        raise ValidationError(_("Tệp Word có macro (DOCM) không được nhận. Hãy lưu thành DOCX hoặc PDF."))


def _bomb(inflated: int, entries: int) -> ValidationError:
    return ValidationError(
        _("Tệp Word (DOCX) giải nén ra %(mb)s MB từ %(entries)d phần, bất thường với một văn bản (nghi là “bom nén”): không nhận.")
        % {"mb": _megabytes(inflated), "entries": entries}
    )


def extract_text(upload, file_type: str) -> Extracted:
    """The file's words for search, within ``MAX_PAGES``, ``MAX_TEXT_CHARS`` and ``MAX_SECONDS``."""
    data = _read_all(upload)
    try:
        text, note = (_pdf_text if file_type == PDF else _docx_text)(data)
    except ValidationError as error:
        return Extracted("", " ".join(error.messages))
    except Exception:
        logger.warning("text extraction failed for a %s attachment", file_type, exc_info=True)
        return Extracted("", _("Không đọc được chữ trong tệp (tệp có thể bị hỏng một phần): tệp vẫn được lưu nhưng không tìm kiếm được."))
    text = " ".join(text.split())
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
        note = _("Chỉ %(n)s ký tự đầu được đưa vào tìm kiếm.") % {"n": f"{MAX_TEXT_CHARS:,}".replace(",", ".")}
    if not text:
        note = note or _("Tệp không có chữ đọc được (có thể là bản chụp, bản quét): tệp vẫn được lưu nhưng không tìm kiếm được nội dung.")
    return Extracted(text, note)


def _pdf_text(data: bytes) -> tuple[str, str]:
    from pypdf.errors import DependencyError

    try:
        reader = _open_pdf(data)
        pages = reader.pages
        total = len(pages)
    except DependencyError:
        return "", _("Tệp PDF được mã hóa theo cách không đọc được chữ: tệp vẫn được lưu nhưng không tìm kiếm được nội dung.")
    deadline = time.monotonic() + MAX_SECONDS
    parts, length, note = [], 0, ""
    for number, page in enumerate(pages, start=1):
        if number > MAX_PAGES:
            note = _("Chỉ %(n)d trang đầu (trên %(total)d trang) được đưa vào tìm kiếm.") % {"n": MAX_PAGES, "total": total}
            break
        if time.monotonic() > deadline:
            if number == 1:
                note = _("Tệp đọc quá lâu nên nội dung không được đưa vào tìm kiếm; tệp vẫn được lưu.")
            else:
                note = _("Tệp đọc quá lâu: chỉ %(n)d trang đầu được đưa vào tìm kiếm.") % {"n": number - 1}
            break
        chunk = page.extract_text() or ""
        parts.append(chunk)
        length += len(chunk)
        if length > MAX_TEXT_CHARS:
            break
    return "\n".join(parts), note


def _docx_text(data: bytes) -> tuple[str, str]:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    paragraph, run_text = qn("w:p"), qn("w:t")
    parts, length = [], 0
    # Paragraphs of the body in order, those inside tables included.
    for element in document.element.body.iter(paragraph):
        line = "".join(t.text or "" for t in element.iter(run_text))
        parts.append(line)
        length += len(line)
        if length > MAX_TEXT_CHARS:
            break
    return "\n".join(parts), ""
