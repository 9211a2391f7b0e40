"""Dates and the other things a page's meta line says (time, weekday, view count, labels),
read on folded text: shared by the text format (``parse``) and saved HTML pages (``html``).
Pure Python, no Django.

Day before month, always. Only a line made of nothing but a date, time, weekday, view count
and labels is a meta line (``parse_meta``); a date inside a sentence is about an event.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from .folding import FOLD, fold_line

__all__ = ["Meta", "parse_meta", "read_meta", "split_glued_date"]


_DATE_YMD = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?:t(?=\d)|(?!\d))")  # "2019-03-12T08:30": ISO
_DATE_DMY = re.compile(r"(?<![\d/])(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?![\d/])")
# "12 tháng 3 năm 2019", "5 Tháng 3 2018", "5 tháng Ba, 2018" (months in words too), on folded text.
_MONTH_WORDS = {"gieng": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9}
_MONTH_WORDS |= {"muoi": 10, "muoi mot": 11, "muoi hai": 12, "chap": 12}
_MONTH = r"\d{1,2}|muoi mot|muoi hai|muoi|gieng|chap|mot|hai|ba|tu|bon|nam|sau|bay|tam|chin"
_DATE_WORDS = re.compile(rf"(?<!\d)(\d{{1,2}})\s+thang\s+({_MONTH})(?:\s*(?:,\s*|nam\s+|\s)\s*(\d{{4}}))?(?!\d)")
_DATE_DM = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*(?::|h|gio)\s*(\d{2})(?:\s*:\s*(\d{2}))?(?:\s*phut)?(?:\s*(am|pm|sa|ch))?(?!\d)")
_WEEKDAY = re.compile(r"\b(?:thu\s+(?:[2-7]|hai|ba|tu|nam|sau|bay)|chu\s+nhat|t[2-7]|cn)\b")
_META_LABELS = re.compile(
    r"\b(?:ngay dang|dang ngay|ngay cap nhat|cap nhat luc|cap nhat|ngay xuat ban|xuat ban|dang luc|dang|thoi gian"
    r"|luc|ngay|gmt\s*\+\s*7|utc\s*\+\s*7|luot xem|luot doc|da xem|so lan xem|views?|luot)\b"
)
_COUNT = r"(\d{1,3}(?:[.,]\d{3})+|\d+)"
# (an eye icon is how many mobile themes label the count: "👁 1.024")
_VIEWS_LABELLED = re.compile(
    rf"(?:luot xem|luot doc|da xem|so lan xem|views?|\U0001F441\ufe0f?)\s*:?\s*{_COUNT}|{_COUNT}\s*(?:luot xem|luot doc|views?)"
)
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+|\d+)(?![\d.,]*\d)")
_META_RESIDUE = set(" •·●|/\\-–—,.:;()[]+*")


@dataclass
class Meta:
    date: dt.date | None = None
    time: dt.time | None = None
    views: int | None = None
    date_without_year: str = ""


def _make_date(day: str, month: str, year: str | None) -> dt.date | None:
    if year is None:
        return None
    y = int(year)
    if len(year) == 2:
        y += 2000
    try:
        value = dt.date(y, int(month), int(day))
    except ValueError:
        return None
    return value if 1945 <= value.year <= 2100 else None


def _unfolded(folded: str) -> str:
    """A pattern matching, in unfolded text, wherever ``folded`` (literal characters, ``\\d``,
    ``\\s``, ``*`` and ``+``) matches in the folded text: each character becomes the class of
    every character that folds to it. ``fold_keep_length`` maps one character to one, so
    positions agree (``_fold`` only collapses spaces, hence ``\\s`` stays a class)."""
    classes = {"d": r"\d", "s": r"\s"}
    pattern, index = "", 0
    while index < len(folded):
        char, index = folded[index], index + 1
        if char == "\\":
            kind, index = classes[folded[index]], index + 1
            sources = [chr(code) for code, to in FOLD.items() if re.fullmatch(kind, to)]
            pattern += f"[{kind}{re.escape(''.join(sources))}]"
        elif char in "*+":
            pattern += char
        else:
            sources = [chr(code) for code, to in FOLD.items() if to == char]
            pattern += f"[{re.escape(char + ''.join(sources))}]"
    return pattern


# What every date or view-count line holds, found before folding: a digit then a separator and
# a digit (_DATE_YMD, _DATE_DMY, _DATE_DM) or "tháng" (_DATE_WORDS); or a view label, each of
# which has "xem", "doc" or "view" in it (_VIEWS_LABELLED). Most lines have none, and folding
# them is most of what a line costs here. (Each pattern starts with one class, which the
# regex engine scans for quickly; one alternation of all of them was three times slower.)
_DATE_HINT = re.compile(
    _unfolded(r"\d") + "(?:" + "|".join(_unfolded(rest) for rest in (r"\s*/\s*\d", r"\s*.\s*\d", r"\s*-\s*\d", r"\s+thang")) + ")"
)
_VIEWS_HINT = re.compile("|".join([*(_unfolded(word) for word in ("xem", "doc", "view")), "\U0001F441"]))


def parse_meta(line: str) -> Meta | None:
    """If the line is only date/time/weekday/views/labels, what it says; else None."""
    if len(line) > 120 or not (_DATE_HINT.search(line) or _VIEWS_HINT.search(line)):
        return None
    return read_meta(line)


def read_meta(line: str) -> Meta | None:
    """``parse_meta`` without its quick refusal (kept apart so a test can compare the two)."""
    if not any(c.isdigit() for c in line):
        return None
    folded = fold_line(line)
    if len(folded) > 90:
        return None
    meta, rest = Meta(), folded

    def cut(match: re.Match) -> str:
        return " " * (match.end() - match.start())

    views = _VIEWS_LABELLED.search(rest)
    if views:
        meta.views = int(re.sub(r"[.,]", "", views.group(1) or views.group(2)))
        rest = rest[: views.start()] + cut(views) + rest[views.end() :]
    for pattern, order in ((_DATE_YMD, "ymd"), (_DATE_DMY, "dmy"), (_DATE_WORDS, "words")):
        match = pattern.search(rest)
        if match and meta.date is None:
            if order == "ymd":
                meta.date = _make_date(match.group(3), match.group(2), match.group(1))
            elif order == "dmy":
                meta.date = _make_date(match.group(1), match.group(3), match.group(4))
            else:
                month = str(_MONTH_WORDS.get(match.group(2), match.group(2)))
                meta.date = _make_date(match.group(1), month, match.group(3))
                if match.group(3) is None:
                    meta.date_without_year = f"{match.group(1)}/{month}"
            if meta.date is None and not meta.date_without_year:
                return None  # "31/02/2020" or a year out of range: not a date, so not a date line
            rest = pattern.sub(cut, rest, count=1)
    time_match = _TIME.search(rest)
    if time_match:
        hour, minute = int(time_match.group(1)), int(time_match.group(2))
        if time_match.group(4) in ("pm", "ch") and hour < 12:
            hour += 12
        if hour < 24 and minute < 60:
            meta.time = dt.time(hour, minute)
            rest = rest[: time_match.start()] + cut(time_match) + rest[time_match.end() :]
    if meta.date is None and not meta.date_without_year:
        day_month = _DATE_DM.search(rest)
        if day_month and 1 <= int(day_month.group(1)) <= 31 and 1 <= int(day_month.group(2)) <= 12:
            meta.date_without_year = f"{day_month.group(1)}/{day_month.group(2)}"
            rest = rest[: day_month.start()] + cut(day_month) + rest[day_month.end() :]
    rest = _WEEKDAY.sub(cut, rest)
    rest = _META_LABELS.sub(cut, rest)
    if meta.views is None and (meta.date or meta.date_without_year):
        numbers = _NUMBER.findall(rest)
        if len(numbers) == 1:
            meta.views = int(re.sub(r"[.,]", "", numbers[0]))
            rest = _NUMBER.sub(" ", rest)
    # (icons beside a date or a count — a clock, an eye, a calendar — are decoration)
    if any(c not in _META_RESIDUE and not (unicodedata.category(c) == "So" or c == "\ufe0f") for c in rest):
        return None
    if meta.date is None and meta.views is None and not meta.date_without_year:
        return None
    return meta


_GLUE = re.compile(r"[\d)]\s?(?=[A-ZĐÀ-Ỹ][a-zđà-ỹ])")


def split_glued_date(line: str) -> list[str]:
    """A date line glued to the next line by a lost line break ("05/03/2018 08:30Ban Dân vận …")
    → the date line and the rest; any other line as it is."""
    if not line[:1].isalnum() or not _GLUE.search(line, 0, 90) or not any(c.isdigit() for c in line[:40]):
        return [line]
    for match in _GLUE.finditer(line, 0, 90):
        head = line[: match.start() + 1]
        meta = parse_meta(head)
        if meta is not None and meta.date is not None:
            return [head.strip(), line[match.end() :].strip()]
    return [line]
