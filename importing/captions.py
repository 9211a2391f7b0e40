"""Photo captions in running text: the credit a line carries ("… 15/7. Ảnh: Phương Hoa/TTXVN")
and the shape of a caption line between paragraphs. Shared by the text format and saved
HTML pages. Pure Python."""

from __future__ import annotations

import re

from .bylines import CREDIT_ONLY

__all__ = ["caption_credit", "looks_like_caption"]

SENTENCE_END = ".!?…"
INNER_SENTENCE = re.compile(r"[.!?…]\s+[A-ZĐÀ-Ỹ]")
CREDIT_SUFFIX = re.compile(r"(?:(?<=[.!?…”\"])\s+|\s*\()\(?\s*(?:Ảnh|Nguồn ảnh)\s*:\s*([^()]{2,80}?)\s*\)?\s*$")
CREDIT_HINT = re.compile("ảnh", re.I)  # in both of CREDIT_SUFFIX's labels: a quick search before its slow one


def caption_credit(line: str) -> tuple[str, str] | None:
    """(caption, credit) when the line carries a photo credit: "… 15/7. Ảnh: Phương Hoa/TTXVN"."""
    only = CREDIT_ONLY.match(line)
    if only:
        return "", only.group(1).strip()
    suffix = CREDIT_SUFFIX.search(line) if CREDIT_HINT.search(line) else None
    if suffix and suffix.start() > 0:
        return line[: suffix.start()].strip(), suffix.group(1).strip()
    return None


def looks_like_caption(line: str, *, is_last: bool) -> bool:
    """Short lines between paragraphs that describe a picture."""
    words = len(line.split())
    if words > 30 or len(line) > 220 or line.endswith(":"):
        return False
    if line[-1] in SENTENCE_END or line.endswith(("”.", '".', ").")):
        # A caption may end with a full stop, but is then one short sentence inside the text.
        return words <= 22 and not is_last and not INNER_SENTENCE.search(line)
    return True
