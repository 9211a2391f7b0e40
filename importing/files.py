"""Finding archive files and turning their bytes into text, or a one-line reason why not.

Decoding order: a byte-order mark decides (UTF-8 with BOM, UTF-16 LE/BE); then strict
UTF-8; then UTF-16 without a mark when the NUL bytes say so; then Windows-1258 (the
Vietnamese code page, with combining tone marks that ``normalize`` composes). Text that
decodes but reads as mojibake ("Ä‘áº£ng" for "đảng") is refused rather than stored.
"""

from __future__ import annotations

import codecs
import errno
import glob
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

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
    root: Path | None = None  # the folder the operator named (a saved site's photos must lie inside it)
    format: str = "text"  # set by the command from ``detect``: "text" or "html" here (exports go to ``entries``)


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


def _resolved(path: Path) -> Path:
    """``path.resolve()``, or the absolute path of a link that leads nowhere (broken, a loop)."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _key(path: Path, root: Path) -> str:
    root = _resolved(root)
    base = root.parent if root.name else root
    resolved = _resolved(path)
    try:
        return resolved.relative_to(base).as_posix()
    except ValueError:
        return resolved.as_posix()


# Reasons in Vietnamese for what the operating system says about a path.
_OS_REASONS = {
    errno.ENOENT: "không có tệp này (hoặc liên kết tượng trưng trỏ tới tệp không còn)",
    errno.EACCES: "không có quyền đọc",
    errno.EPERM: "không có quyền đọc",
    errno.ELOOP: "liên kết tượng trưng lặp vòng (các liên kết trỏ vòng về nhau)",
    errno.ENAMETOOLONG: "đường dẫn quá dài",
    errno.ENOTDIR: "một phần của đường dẫn không phải là thư mục",
    errno.EIO: "lỗi đọc đĩa",
}


def os_reason(error: OSError) -> str:
    return _OS_REASONS.get(error.errno) or error.strerror or str(error)


def _not_regular(mode: int) -> str | None:
    """Why a file of this kind is not read (a FIFO would block the run, a device never ends)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "là thư mục, không phải tệp"
    if stat.S_ISFIFO(mode):
        return "là ống dẫn (FIFO), không phải tệp thông thường: không mở"
    if stat.S_ISSOCK(mode):
        return "là socket, không phải tệp thông thường"
    return "là tệp thiết bị, không phải tệp thông thường"


def find_files(arguments: Iterable[str], *, pattern: str = "*.txt") -> Discovery:
    """Files named by the operator: files as given, folders searched for ``pattern``, globs.

    Never raises for what it finds: a folder it may not read, a directory matched by a glob
    or named like a file, are each reported in ``missing`` with a reason; a symlink loop,
    a broken link, a FIFO are handed on as files, and ``read_file`` says why they fail.
    """
    found = Discovery()
    seen: set[Path] = set()

    def add(path: Path, root: Path) -> None:
        resolved = _resolved(path)
        if resolved not in seen:
            seen.add(resolved)
            found.files.append(SourceFile(path, _key(path, root), root=_resolved(root) if root.is_dir() else None))

    for argument in arguments:
        path = Path(argument)
        if glob.has_magic(argument):
            _find_glob(argument, found, add)
            continue
        try:
            mode = os.stat(path).st_mode
        except OSError as error:
            if os.path.lexists(path):  # a symlink loop or a broken link: read_file says which
                add(path, path.parent)
            elif error.errno in (errno.EACCES, errno.EPERM):
                found.missing.append((argument, f"không xem được: {os_reason(error)} thư mục chứa nó"))
            else:
                found.missing.append((argument, "không có tệp hoặc thư mục này"))
            continue
        if stat.S_ISDIR(mode):
            _find_in_folder(path, pattern, found, add)
        else:
            add(path, path.parent)
    return found


def _find_glob(argument: str, found: Discovery, add: Callable[[Path, Path], None]) -> None:
    root = _glob_root(argument)
    matches = sorted(Path(m) for m in glob.glob(argument, recursive=True))
    if not matches:
        try:  # glob says nothing of a folder it could not read; the operator should know
            os.scandir(root).close()
        except OSError as error:
            found.missing.append((argument, f"không đọc được thư mục {root}: {os_reason(error)}"))
            return
        found.missing.append((argument, "mẫu không khớp tệp nào"))
    trailing_any = Path(argument).name == "**"  # "archive/**" names folders on purpose
    for match in matches:
        if os.path.isdir(match):
            if not trailing_any:
                found.missing.append((_key(match, root), "là thư mục, không phải tệp: mẫu khớp cả thư mục này"))
        else:
            add(match, root)


def _find_in_folder(folder: Path, pattern: str, found: Discovery, add: Callable[[Path, Path], None]) -> None:
    """Files under ``folder`` whose path matches ``pattern``, hidden ones left out, symlinked
    folders not followed (so a link back up cannot loop). A sub-folder that cannot be read
    and a folder named like a file are reported; their siblings are still imported."""
    candidates: list[Path] = []
    problems: list[tuple[Path, str]] = []
    pending = [folder]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError as error:
            problems.append((directory, f"không đọc được thư mục: {os_reason(error)}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            matches = PurePosixPath(path.relative_to(folder).as_posix()).match(pattern)
            if is_folder:
                pending.append(path)
                if matches:
                    problems.append((path, "là thư mục, không phải tệp: đã tìm tệp ở bên trong"))
            elif matches:
                candidates.append(path)
    for path, reason in sorted(problems):  # named as the files of the folder are
        found.missing.append((str(folder) if path == folder else _key(path, folder), reason))
    if not candidates and not problems:
        found.missing.append((str(folder), f"thư mục không có tệp {pattern} nào"))
    for path in sorted(candidates):
        add(path, folder)


def read_file(path: Path, *, max_bytes: int = MAX_BYTES) -> Decoded:
    """Bytes of ``path`` decoded to text, or ``ReadError`` with a one-line reason."""
    return decode(read_bytes(path, max_bytes=max_bytes))


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of ``path`` (at most ``max_bytes``), or ``ReadError`` with a one-line reason.

    Only a regular file is opened, and without blocking, so a FIFO or a device put in its
    place between the check and the opening cannot hang the run.
    """
    limit = f"giới hạn là {max_bytes / 1024 / 1024:.0f} MB" if max_bytes >= 1024 * 1024 else f"giới hạn là {max_bytes} byte"
    try:
        not_regular = _not_regular(os.stat(path).st_mode)
        if not_regular:
            raise ReadError(not_regular)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            not_regular = _not_regular(info.st_mode)
            if not_regular:
                raise ReadError(not_regular)
            if info.st_size > max_bytes:
                raise ReadError(f"tệp quá lớn: {info.st_size / 1024 / 1024:.1f} MB, {limit}")
            data = handle.read(max_bytes + 1)
    except ReadError:
        raise
    except OSError as error:
        raise ReadError(f"không đọc được tệp: {os_reason(error)}") from error
    if len(data) > max_bytes:
        raise ReadError(f"tệp quá lớn: trên {limit.removeprefix('giới hạn là ')}")
    return data


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
