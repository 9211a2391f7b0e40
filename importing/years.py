"""The year of an undated article, when its address or its text fixes it. Pure Python.

An article with no publication date keeps ``published_at`` empty; if its year is clear, the
importer records it in ``Article.year_hint`` with how it was found (``year_hint_source``),
for an editor to confirm: the article page shows "Năm 2016 (không rõ ngày đăng)" and the
year's archive lists it. What fixes the year, in this order:

1. the old address: a year folder in its path ("/2019/03/bai-viet/"), as WordPress and many
   portals lay them out;
2. the text: a sentence that opens with the year ("Năm 2016, …"), "trong năm 2019", or a
   dated event ("Ngày 27/9/2016, tại Hà Nội, …", "ngày 12 tháng 3 năm 2019"). A date right
   after a document ("Nghị quyết số 25-NQ/TW ngày 03/6/2013", "ban hành ngày …") is the
   document's, not the article's, and periods ("giai đoạn 2016 - 2021") say nothing.

Only an unambiguous year counts: every sign in the text must give the same year; if they
disagree, there is no hint, and the report says which years were seen. A date about an event
is never the publication date: it gives only the year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .folding import fold_keep_length

__all__ = ["YearHint", "year_hint"]

_YEAR = r"((?:19[4-9]|20\d)\d)"
_URL_YEAR = re.compile(rf"/{_YEAR}/(?:(?:0?[1-9]|1[0-2])/)?")
# On folded text (same length as the original, so the match maps back onto it).
_OPENS_WITH_YEAR = re.compile(rf"(?:^|[.!?;:]\s+)((?:trong\s+)?nam\s+{_YEAR})\s*,")
_IN_THE_YEAR = re.compile(rf"(?<![a-z0-9])(trong\s+nam\s+{_YEAR})(?!\s*[-–—/]\s*\d)(?![\d])")
_EVENT_DATE = re.compile(
    rf"(?<![a-z0-9])(ngay\s+(\d{{1,2}})\s*[/.-]\s*(\d{{1,2}})\s*[/.-]\s*{_YEAR}"
    rf"|ngay\s+(\d{{1,2}})\s+thang\s+(\d{{1,2}})\s+nam\s+{_YEAR})(?!\d)"
)
# Before a date: a document it belongs to ("…-NQ/TW ngày", "Quyết định số 290 ngày", "ban hành ngày").
_DOCUMENT_BEFORE = re.compile(
    r"(?:[a-z]{1,5}/[a-z]{1,8}|[a-z]-[a-z]{1,8}|ban hanh|ky|nghi quyet|quyet dinh|chi thi|ket luan|ke hoach|huong dan|quy dinh"
    r"|thong bao|nghi dinh|thong tu|cong van|chuong trinh)[\s,(]*(?:so\s+\d+\s*)?[\s,(]*$"
)


@dataclass(frozen=True)
class YearHint:
    year: int | None
    source: str = ""  # how it was found, in an editor's words
    warning: str = ""  # when the signs disagreed


def _from_url(url: str) -> YearHint | None:
    match = _URL_YEAR.search(urlsplit(url).path) if url else None
    if match is None:
        return None
    return YearHint(int(match.group(1)), f"năm trong đường dẫn bài gốc: {match.group(0)}")


def year_hint(texts: list[str], *, url: str = "") -> YearHint:
    """The year ``texts`` (title, lead, paragraphs, captions) or ``url`` fix, if any."""
    from_url = _from_url(url)
    if from_url is not None:
        return from_url
    signs: dict[int, list[str]] = {}
    for text in texts:
        folded = fold_keep_length(text)
        for pattern in (_OPENS_WITH_YEAR, _IN_THE_YEAR):
            for match in pattern.finditer(folded):
                signs.setdefault(int(match.group(2)), []).append(text[match.start(1) : match.end(1)])
        for match in _EVENT_DATE.finditer(folded):
            if _DOCUMENT_BEFORE.search(folded[max(0, match.start() - 40) : match.start()]):
                continue
            day, month, year = (match.group(2), match.group(3), match.group(4)) if match.group(2) else match.group(5, 6, 7)
            if 1 <= int(day) <= 31 and 1 <= int(month) <= 12:
                signs.setdefault(int(year), []).append(text[match.start(1) : match.end(1)])
    if not signs:
        return YearHint(None)
    if len(signs) > 1:
        years = ", ".join(str(y) for y in sorted(signs))
        return YearHint(None, warning=f"bài không có ngày đăng và nhắc nhiều năm ({years}): không ghi năm ước định")
    ((year, found),) = signs.items()
    quoted = ", ".join(f"«{snippet}»" for snippet in dict.fromkeys(found))
    return YearHint(year, f"năm trong bài: {quoted}"[:255])
