"""Document symbols and kinds as articles write them: full symbols ("25-NQ/TW",
"2765/QĐ-UBND", "30/2020/NĐ-CP", spaces and dash variants allowed), the canonical form they
are stored in, kind words and codes, bare references ("Nghị quyết 25", "QĐ 217,218") and what
follows one (issue date, term). Pure Python, no Django."""

from __future__ import annotations

import re

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


def canonical_symbol(symbol: str) -> str:
    """Same rule as ``organizations.models.normalize_symbol``, kept here so extract stays pure."""
    text = symbol
    for dash in DASHES:
        text = text.replace(dash, "-")
    return "".join(text.split()).upper()


def number_of(symbol: str) -> str:
    digits = re.match(r"\d+", symbol)
    return (digits.group(0).lstrip("0") or "0") if digits else ""


# Document kinds: the words in running text and the codes inside symbols → Document.Kind values.
KIND_WORDS: list[tuple[str, str]] = [
    ("chuong trinh hanh dong", "chuong_trinh_hanh_dong"),
    ("nghi quyet", "nghi_quyet"),
    ("quyet dinh", "quyet_dinh"),
    ("chi thi", "chi_thi"),
    ("ket luan", "ket_luan"),
    ("quy dinh", "quy_dinh"),
    ("quy che", "quy_che"),
    ("huong dan", "huong_dan"),
    ("ke hoach", "ke_hoach"),
    ("thong bao", "thong_bao"),
    ("nghi dinh", "nghi_dinh"),
    ("thong tu", "thong_tu"),
    ("cong van", "cong_van"),
    ("luat", "luat"),
]
KIND_CODES: dict[str, str] = {
    "NQ": "nghi_quyet",
    "QĐ": "quyet_dinh",
    "QD": "quyet_dinh",
    "CT": "chi_thi",
    "KL": "ket_luan",
    "QĐI": "quy_dinh",
    "QC": "quy_che",
    "HD": "huong_dan",
    "CTR": "chuong_trinh_hanh_dong",
    "KH": "ke_hoach",
    "TB": "thong_bao",
    "NĐ": "nghi_dinh",
    "TT": "thong_tu",
    "CV": "cong_van",
}
# Codes written as words before a bare number ("QĐ 217,218"), folded: "qd", "nq" …
KIND_CODE_WORDS = "ctr|qdi|nq|qd|ct|kl|nd"
KIND_WORD_RE = "|".join(re.escape(w) for w, _k in KIND_WORDS)
KIND_BY_WORD = dict(KIND_WORDS) | {
    "qd": "quyet_dinh",
    "nq": "nghi_quyet",
    "ct": "chi_thi",
    "kl": "ket_luan",
    "qdi": "quy_dinh",
    "ctr": "chuong_trinh_hanh_dong",
    "nd": "nghi_dinh",
}

D = f"[-{DASHES}]"
CODE = r"[A-ZĐ][A-Za-zĐđ]{0,4}"
# Party style: 25-NQ/TW, 40-QĐ/TU, 01-HD/BDVTW, 123-CTr/ĐU (spaces and dash variants allowed).
PARTY_SYMBOL = re.compile(rf"(?<![\w/])(\d{{1,4}})\s*{D}\s*({CODE})\s*/\s*([A-ZĐ][A-ZĐ0-9]{{1,9}}(?:{D}[A-ZĐ0-9]{{1,8}})?)(?![\w/])")
# State style: 2765/QĐ-UBND, 30/2020/NĐ-CP, 45/CT-TTg, 33/2013/QH13.
# A number may carry a letter (30c/NQ-CP, 12a/KH-UBND); a joint document names each issuer
# (403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN, 02/2016/TTLT-BTC-BNV).
STATE_SYMBOL = re.compile(
    rf"(?<![\w/])(\d{{1,5}}[a-zđ]?)\s*/\s*(?:((?:19|20)\d{{2}})\s*/\s*)?"
    rf"(?:({CODE})\s*{D}\s*([A-ZĐ][A-Za-zĐđ0-9]{{1,9}}(?:{D}[A-ZĐ0-9]{{1,16}}){{0,3}})|(QH\d{{1,2}}))(?![\w/])"
)
# Bare numbers after a kind word: "Nghị quyết số 25", "QĐ 217,218", "Quyết định 2765", on folded text.
BARE = re.compile(  # (at word starts only: see at_word_starts)
    rf"({KIND_WORD_RE}|{KIND_CODE_WORDS})\s+(?:so\s+)?(\d{{1,5}}(?:\s*(?:,|va|&)\s*\d{{2,5}})*)(?![\d,]*\s*[-/{DASHES}]\s*[a-z0-9])(?![a-z0-9])"
    # "kế hoạch 5 năm", "quyết định 2 lần": a count of something, not a document number.
    r"(?!\s+(?:nam|thang|tuan|ngay|gio|lan|nhiem ky|giai doan|muc|diem|noi dung|nhiem vu|giai phap)\b)"
)
KIND_BEFORE = re.compile(rf"(?:^|[^a-z0-9])({KIND_WORD_RE}|{KIND_CODE_WORDS})\s+(?:so\s+)?$")
ISSUED = re.compile(r"^\s*,?\s*(?:\(?\s*ban hanh\s+)?ngay\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})")
TERM = re.compile(r"\(?\s*khoa\s+([ivxl]+)\b")


def code_kind(symbol: str) -> str | None:
    match = re.match(r"\d+-([A-ZĐ]+)/", symbol) or re.match(r"\d+/(?:\d{4}/)?([A-ZĐ]+)-", symbol)
    return KIND_CODES.get(match.group(1)) if match else None
