"""Who wrote it: the shapes of a byline line ("Bài và ảnh: …", a name or a pen name, an
affiliation in brackets) and where the byline stands at the end of the text (never under a
document's signature block). Shared by the text format and saved HTML pages. Pure Python."""

from __future__ import annotations

import re

from .folding import fold_keep_length, fold_line

__all__ = [
    "BULLETS",
    "CREDIT_ONLY",
    "SOURCE_LINE",
    "find_end_byline",
    "is_agency_byline",
    "is_byline",
    "is_caps",
    "is_name_like",
    "split_affiliation",
    "strip_byline_label",
]

# How far from the end of the article text a byline may stand (teasers can follow it).
BYLINE_WINDOW = 6
BULLETS = " •·●▪◦*-–—|>»"
_BYLINE_LABELS = (
    r"(bai va anh|bai, anh|bai & anh|bai - anh|tin va anh|tin, anh|tin & anh|tin - anh|bai|tin|tac gia|but danh"
    r"|nhom pv|nhom phong vien|phong vien|pv|ctv|thuc hien|ghi chep)\s*[:\-–]\s*"
)
BYLINE_PREFIX = re.compile(rf"^{_BYLINE_LABELS}\S")
BYLINE_LABEL = re.compile(rf"^{_BYLINE_LABELS}(?=\S)")
SOURCE_LINE = re.compile(r"^(?:Nguồn|Theo)\s*[:\-–]?\s*(\S.{1,80})$")
CREDIT_ONLY = re.compile(r"^\(?\s*(?:Ảnh|Nguồn ảnh|Ảnh minh họa)\s*:\s*(.+?)\s*\)?$", re.I)
TRAILING_AFFILIATION = re.compile(r"^(.*?\S)\s*\(([^()]{2,80})\)$")


def is_caps(line: str) -> bool:
    if not line.isupper():  # a lower-case letter, or no cased letter at all: not capitals (fast)
        return False
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


_NAME_JOINERS = {"-", "–", "—", ",", "&", "và", "/"}


def _is_name_token(token: str) -> bool:
    """A capitalised word, with dots for initials: "Thiện", "T.H", "Th.Nga"."""
    return token[:1].isupper() and all(c.isalpha() or c == "." for c in token) and ".." not in token


# "Minh Tuấn - Ban Dân vận Huyện ủy": a name, a dash, then a body (its first word says so).
DASHED_AFFILIATION = re.compile(r"^(.*?\S)\s+[-–—]\s+(\S.{1,80})$")
_BODY_WORDS = re.compile(
    r"^(?:ban|so|phong|trung tam|van phong|bao|dai|tap chi|cong|uy ban|ubnd|hdnd|mttq|mat tran|hoi|doan|lien doan|dang uy"
    r"|chi bo|tinh uy|thanh uy|huyen uy|thi uy|quan uy|cong an|bo|vien|truong|ttxvn|vov|vtv)\b"
)


def split_affiliation(line: str) -> tuple[str, str]:
    match = TRAILING_AFFILIATION.match(line)
    if match:
        return match.group(1), match.group(2).strip()
    dashed = DASHED_AFFILIATION.match(line)
    if dashed and _BODY_WORDS.match(fold_line(dashed.group(2), 20)):
        return dashed.group(1), dashed.group(2).strip()
    return line, ""


_AGENCY_WORDS = re.compile(
    r"^(?:trung tam|van phong|phong|ban|so|vu|cuc|uy ban|ubnd|dang uy|tinh uy|thanh uy|huyen uy|thi uy|quan uy)\s\S"
)


def is_agency_byline(line: str) -> bool:
    """A unit signing the article in place of a reporter ("Trung tâm Thông tin", "Văn phòng Bộ"):
    a short line that names a body and is not a sentence. (Media — "Báo …", "TTXVN" — are
    sources, never this.)"""
    line = line.strip(BULLETS + " ")
    if not 2 <= len(line.split()) <= 8 or len(line) > 60 or any(c.isdigit() for c in line) or line[-1:] in ".!?…:;,":
        return False
    return line[:1].isupper() and bool(_AGENCY_WORDS.match(fold_line(line, 24)))


def strip_byline_label(line: str) -> str:
    """ "Tin, ảnh: Ngọc Lan" → "Ngọc Lan" (the credit label is not part of the name)."""
    line = line.strip()
    label = BYLINE_LABEL.match(fold_keep_length(line[:40]))
    return line[label.end() :].strip() if label else line


# Words that are never part of a Vietnamese name: a line with one of them is a menu label, a
# tag ("Tin Nóng", "Sự Kiện", "Dân Vận Khéo") or a CMS account ("Super User"), not a byline.
_NOT_NAME_WORDS = frozenset(
    "tin tức mới nóng hot nổi bật sự kiện giới thiệu liên hệ bản hoạt động tiêu điểm chuyên mục đọc nhiều xem video báo lịch"
    " tỉnh huyện ủy đảng nghị quyết kế hoạch chủ vận khéo thời super user admin administrator webmaster".split()
)


def is_name_like(line: str) -> bool:
    """A person's name or a pen name: "Phạm Anh Thiện", "T.H", "Thu Hà - Minh Anh"."""
    name, _affiliation = split_affiliation(line.strip(BULLETS))
    if not name or len(name) > 50 or any(c.isdigit() for c in name) or (is_caps(name) and len(name) > 6):
        return False
    tokens = [t.strip(",") for t in name.split() if t not in _NAME_JOINERS]
    if not 1 <= len(tokens) <= 6 or not all(_is_name_token(t) for t in tokens):
        return False
    if any(t.lower() in _NOT_NAME_WORDS for t in tokens):
        return False
    if len(tokens) == 1:  # one word is a name only as a pen name: "T.H", "PV", "N.A"
        return "." in tokens[0] or (tokens[0].isupper() and len(tokens[0]) <= 6)
    return True


def is_byline(line: str) -> bool:
    return (len(line) <= 120 and bool(BYLINE_PREFIX.match(fold_line(line, 40)))) or is_name_like(line)


# The signature block of a document quoted in full: its name is the signatory, not a byline.
SIGNATURE = re.compile(
    r"^(?:tm\.|t/m|kt\.|q\.|tl\.|\(?da ky\)?|noi nhan|bi thu|pho bi thu|chu tich|pho chu tich|truong ban|pho truong ban|giam doc)"
)


def find_end_byline(body: list[str]) -> int | None:
    """Index of the byline among the last lines, or None. It must follow some article text."""
    first = max(1, len(body) - BYLINE_WINDOW)
    for position in range(len(body) - 1, first - 1, -1):
        line = body[position]
        if is_byline(line) and CREDIT_ONLY.match(line) is None and not SOURCE_LINE.match(line):
            above = body[max(0, position - 3) : position]
            signed = [i for i, a in enumerate(above) if SIGNATURE.match(fold_line(a, 30))]
            # Under a signature block the name is its signatory ("TM. CHÍNH PHỦ / THỦ TƯỚNG /
            # Nguyễn Xuân Phúc"), unless the signatory's name already stands between the block
            # and this line: then this one is the reporter's byline under the quoted document.
            if signed and not any(is_name_like(a) for a in above[signed[-1] + 1 :]):
                return None
            return position
    return None
