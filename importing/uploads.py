"""The ``wp-content/uploads`` folder beside an export: where a post's photos are found. No network.

An image is looked up by the part of its address after ``wp-content/uploads/`` (or by the
attachment's ``_wp_attached_file``), inside the folder and nowhere else: a path that leads
out of it (``../../etc/passwd``, a symlink out) is refused, a file that is not there is
reported, and either way the photo keeps its caption. A resized copy WordPress made
("anh-300x200.jpg") stands in for its original when only the original is missing, and the
original is preferred when both are there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["Uploads"]

_MARK = "wp-content/uploads/"
_SIZE_SUFFIX = re.compile(r"-\d{2,5}x\d{2,5}(?=\.[A-Za-z0-9]+$)")


@dataclass(frozen=True)
class Uploads:
    root: Path | None

    @classmethod
    def beside(cls, export: Path) -> Uploads:
        for candidate in (export.parent / "wp-content" / "uploads", export.parent / "uploads"):
            if candidate.is_dir():
                return cls(candidate.resolve())
        return cls(None)

    def find(self, where: str) -> tuple[Path | None, str]:
        """(the file, "") or (None, why not) for an image address or an uploads-relative path."""
        if not where:
            return None, ""
        if where.startswith("data:"):
            return None, "ảnh nhúng dạng data: không được nhập: giữ chú thích"
        path = unquote(urlsplit(where).path) if "://" in where or where.startswith("/") else unquote(where)
        relative = path.split(_MARK, 1)[1] if _MARK in path else path.lstrip("/")
        if self.root is None:
            return None, f"thiếu tệp ảnh {relative}: không có thư mục wp-content/uploads bên cạnh tệp xuất (giữ chú thích)"
        for name in dict.fromkeys([relative, _SIZE_SUFFIX.sub("", relative)][::-1]):
            candidate = (self.root / name).resolve()
            if not candidate.is_relative_to(self.root):
                return None, f"đường dẫn ảnh ra ngoài thư mục uploads, bị từ chối: {relative}"
            if candidate.is_file():
                return candidate, ""
        return None, f"thiếu tệp ảnh {relative} trong thư mục uploads (giữ chú thích)"
