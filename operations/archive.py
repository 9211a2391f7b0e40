"""The backup archive: one uncompressed tar whose last member, ``manifest.json``, lists
every other member with its size and SHA-256, the migration state and each table's row count.

    manifest.json              format, when, engine, migrations, tables, files
    database/sqlite3.db        the SQLite file, from the online backup API
    database/postgresql.dump   or pg_dump's custom format
    portable/<model>.jsonl     the same rows, engine-free (operations/portable.py)
    site-settings.json         the site's settings rows, readable without restoring
    media/<path>               every uploaded file

Nothing is restored from an archive before every member has been checked against it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

FORMAT = "danvan-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
READ_SIZE = 1 << 20


class ArchiveError(Exception):
    """The archive cannot be used; the message says why, in Vietnamese."""


class _Hashing(io.RawIOBase):
    """Reads through a file while hashing exactly what was read (what goes into the tar)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


@dataclass
class Writer:
    """Adds members to an open tar and remembers their checksums for the manifest."""

    tar: tarfile.TarFile
    files: dict[str, dict] = field(default_factory=dict)

    def add_file(self, name: str, path: Path) -> None:
        with open(path, "rb") as handle:
            info = tarfile.TarInfo(name)
            stat = os.fstat(handle.fileno())
            info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o644
            reader = _Hashing(handle)
            self.tar.addfile(info, reader)
        self.files[name] = {"size": reader.size, "sha256": reader.digest.hexdigest()}

    def add_bytes(self, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mode = len(data), 0o644
        self.tar.addfile(info, io.BytesIO(data))
        self.files[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    def finish(self, manifest: dict) -> None:
        self.add_bytes(MANIFEST, json.dumps({**manifest, "files": self.files}, ensure_ascii=False, indent=1).encode())


def safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == str(path)


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
    except KeyError:
        raise ArchiveError("Tệp này không phải bản sao lưu Dân Vận CMS: không có manifest.json.") from None
    try:
        manifest = json.load(tar.extractfile(member))
    except (ValueError, UnicodeDecodeError) as error:
        raise ArchiveError(f"manifest.json hỏng, không đọc được: {error}") from None
    if manifest.get("format") != FORMAT:
        raise ArchiveError("Tệp này không phải bản sao lưu Dân Vận CMS.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            f"Bản sao lưu theo định dạng số {manifest.get('format_version')}; phiên bản này chỉ đọc định dạng số {FORMAT_VERSION}."
        )
    return manifest


def open_archive(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:")
    except FileNotFoundError:
        raise ArchiveError(f"Không tìm thấy tệp {path}.") from None
    except tarfile.TarError as error:
        raise ArchiveError(f"{path} không phải tệp tar đọc được ({error}).") from None


def verify(tar: tarfile.TarFile) -> dict:
    """The manifest, once every member listed in it is present with its size and checksum,
    and nothing else is in the archive. Reads the whole archive; writes nothing."""
    manifest = read_manifest(tar)
    listed = manifest.get("files", {})
    members = {m.name: m for m in tar.getmembers() if m.name != MANIFEST}
    for name, member in members.items():
        if not safe_member_name(name) or not member.isfile():
            raise ArchiveError(f"Bản sao lưu chứa mục không hợp lệ: {name!r}.")
    extra = sorted(set(members) - set(listed))
    if extra:
        raise ArchiveError(f"Bản sao lưu chứa tệp không có trong manifest: {', '.join(extra[:5])}.")
    missing = sorted(set(listed) - set(members))
    if missing:
        raise ArchiveError(f"Bản sao lưu thiếu {len(missing)} tệp ghi trong manifest, ví dụ {missing[0]}.")
    for name, expected in listed.items():
        digest, size = hashlib.sha256(), 0
        handle = tar.extractfile(members[name])
        while chunk := handle.read(READ_SIZE):
            digest.update(chunk)
            size += len(chunk)
        if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
            raise ArchiveError(f"Tệp {name} trong bản sao lưu đã bị hỏng hoặc bị sửa (mã kiểm tra không khớp). Không khôi phục gì.")
    return manifest


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(READ_SIZE):
            digest.update(chunk)
    return digest.hexdigest()
