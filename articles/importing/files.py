"""Finding archive files and turning their bytes into text, or a one-line reason why not.

Decoding order: a byte-order mark decides (UTF-8 with BOM, UTF-16 LE/BE); then strict
UTF-8; then UTF-16 without a mark when the NUL bytes say so; then Windows-1258 (the
Vietnamese code page, with combining tone marks that ``normalize`` composes). Text that
decodes but reads as mojibake ("Ä‘áº£ng" for "đảng") is refused rather than stored.
"""

from __future__ import annotations

import codecs
import glob
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["MAX_BYTES", "Decoded", "ReadError", "SourceFile", "decode", "find_files", "read_file"]

MAX_BYTES = 5 * 1024 * 1024

_MAGIC = {
    b"%PDF": "tài liệu PDF",
    b"PK\x03\x04": "tệp nén ZIP (hoặc tệp Word/Excel)",
    b"\x89PNG": "ảnh PNG",
    b"\xff\xd8\xff": "ảnh JPEG",
    b"GIF8": "ảnh GIF",
    b"\xd0\xcf\x11\xe0": "tài liệu Office cũ",
    b"\x1f\x8b": "tệp nén gzip",
}
# UTF-8 read as Windows-1252/1258: "Ã¡" (á), "áº£" (ả), "Ä‘" (đ), "Æ°" (ư).
_CP1252_TAIL = "\u0080-\u00bf\u2013-\u203a\u0152-\u0178\u02c6\u02dc"
_MOJIBAKE = re.compile(rf"Ã[{_CP1252_TAIL}]|Ä[‘\u0090\u0091]|Æ[°¡]|á[º»¼½][{_CP1252_TAIL}]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_HTML = re.compile(r"<\s*/?\s*(?:html|head|body|div|p|span|br|a|script|style|table|tr|td|ul|li|img|h[1-6]|meta|article)\b[^>]*>", re.I)


class ReadError(ValueError):
    """The file cannot be imported; ``str(error)`` is a one-line reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceFile:
    """A file to import and the key that identifies it across checkouts.

    ``key`` is the path relative to the *parent* of the folder the operator named, so it
    starts with that folder's own name: importing ``fixtures/seeds`` from any checkout gives
    ``seeds/000_….txt``; a single file ``fixtures/seeds/000_….txt`` gives the same key.
    """

    path: Path
    key: str


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (argument, reason)


def _glob_root(pattern: str) -> Path:
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _key(path: Path, root: Path) -> str:
    root = root.resolve()
    base = root.parent if root.name else root
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def find_files(arguments: Iterable[str], *, pattern: str = "*.txt") -> Discovery:
    """Files named by the operator: files as given, folders searched for ``pattern``, globs."""
    found = Discovery()
    seen: set[Path] = set()

    def add(path: Path, root: Path) -> None:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            found.files.append(SourceFile(path, _key(path, root)))

    for argument in arguments:
        path = Path(argument)
        if glob.has_magic(argument):
            root = _glob_root(argument)
            matches = sorted(Path(m) for m in glob.glob(argument, recursive=True))
            files = [m for m in matches if not m.is_dir()]
            if not files:
                found.missing.append((argument, "mẫu không khớp tệp nào"))
            for match in files:
                add(match, root)
        elif path.is_dir():
            files = sorted(p for p in path.rglob(pattern) if p.is_file() and not any(x.startswith(".") for x in p.relative_to(path).parts))
            if not files:
                found.missing.append((argument, f"thư mục không có tệp {pattern} nào"))
            for file in files:
                add(file, path)
        elif path.exists() or path.is_symlink():
            add(path, path.parent)
        else:
            found.missing.append((argument, "không có tệp hoặc thư mục này"))
    return found


def read_file(path: Path) -> Decoded:
    """Bytes of ``path`` decoded to text, or ``ReadError`` with a one-line reason."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ReadError("không phải là tệp thông thường")
        if size > MAX_BYTES:
            raise ReadError(f"tệp quá lớn: {size / 1024 / 1024:.1f} MB, giới hạn là {MAX_BYTES // 1024 // 1024} MB")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except ReadError:
        raise
    except OSError as error:
        raise ReadError(f"không đọc được tệp: {error.strerror or error}") from error
    if len(data) > MAX_BYTES:
        raise ReadError(f"tệp quá lớn: trên {MAX_BYTES // 1024 // 1024} MB")
    return decode(data)


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes) -> Decoded:
    if not data:
        raise ReadError("tệp rỗng")
    for magic, label in _MAGIC.items():
        if data.startswith(magic):
            raise ReadError(f"dữ liệu nhị phân: tệp là {label}, không phải văn bản")
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = _strict(data, "utf-8-sig")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _strict(data, "utf-16")
    else:
        utf16 = _utf16_without_bom(data)
        if utf16:
            text, encoding = _strict(data, utf16)
        elif b"\x00" in data:
            raise ReadError("dữ liệu nhị phân: tệp chứa byte NUL")
        else:
            try:
                text, encoding = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                text, encoding = _strict(data, "cp1258", failure="không phải văn bản UTF-8, UTF-16 hay Windows-1258")
    if encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(f"decoded as {encoding}")
    if not text.strip():
        raise ReadError("tệp chỉ có khoảng trắng")
    controls = len(_CONTROLS.findall(text))
    if controls > max(2, len(text) // 100):
        raise ReadError("dữ liệu nhị phân: quá nhiều ký tự điều khiển")
    if len(_MOJIBAKE.findall(text)) >= 3:
        raise ReadError(f"văn bản sai bảng mã (lỗi phông, mojibake, như “{_MOJIBAKE.search(text).group(0)}”); hãy sửa bảng mã trước")
    head = text[:20000]
    if re.match(r"\s*<(?:!doctype\s+html|html|\?xml)", head, re.I) or len(_HTML.findall(head)) >= 5:
        raise ReadError("tệp HTML, không phải văn bản thuần: hãy tách lấy nội dung bài trước")
    if not unicodedata.is_normalized("NFC", text):
        warnings.append("decomposed Unicode (NFD) composed to NFC")
    return Decoded(text, encoding, tuple(warnings))


def _strict(data: bytes, encoding: str, *, failure: str | None = None) -> tuple[str, str]:
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as error:
        raise ReadError(failure or f"{encoding} không hợp lệ ở byte {error.start}") from error
