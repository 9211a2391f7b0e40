"""Text of one scraped page → ``ParsedArticle``. Pure Python: no Django, no database.

The scraped files are the visible text of a news page, one paragraph per line, with the
site's chrome around the article: banners and slogans above the title, date and view-count
lines, photo captions between paragraphs, a byline, then lists of other articles, share
buttons, footers and menus. ``parse`` finds the article inside that chrome by the *shape*
of lines (dates, short name-like lines, relative times, capitals), never by file name.

Rules kept here:

- Day before month, always. A date inside a sentence ("Ngày 14/7, Đoàn giám sát …") is
  about an event, not the page: only lines made of nothing but date, time, weekday, view
  count and labels count as the publication date. No such line → no date (never today).
- Boilerplate is removed before anything else sees the text, so related-article titles
  never reach the body or the entity extraction; they are kept in ``related`` as data.
- Bad input raises ``ParseError`` with a one-line reason; anything else never raises.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from danvan.text import WordMap, normalize, strip_marks

__all__ = ["Caption", "ParseError", "ParsedArticle", "fold_keep_length", "parse", "parse_normalized"]

MAX_TITLE_CHARS = 250
MAX_LEAD_CHARS = 400
# How far from the end of the article text a byline may stand (teasers can follow it).
BYLINE_WINDOW = 6


class ParseError(ValueError):
    """The text cannot be read as an article; ``str(error)`` is a one-line reason."""


@dataclass(frozen=True)
class Caption:
    text: str
    credit: str = ""
    after_paragraph: int = 0  # body paragraphs that stand before the photo
    image: str = ""  # a saved page's photo: the file found inside the mirror (absolute path), else ""
    src: str = ""  # and the page's ``src`` for it, for the report


@dataclass
class ParsedArticle:
    title: str
    paragraphs: list[str]
    lead: str = ""
    captions: list[Caption] = field(default_factory=list)
    published_on: dt.date | None = None
    published_time: dt.time | None = None
    view_count: int | None = None
    byline: str = ""
    byline_affiliation: str = ""
    source: str = ""
    source_url: str = ""
    banners: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # boilerplate lines, for the report
    warnings: list[str] = field(default_factory=list)
    body_html: str = ""  # HTML pages: the body with its tables and headings (else built from paragraphs)
    encoding: str = ""  # HTML pages: the encoding the page was read in

    @property
    def published_at(self) -> dt.datetime | None:
        """Naive local date and time (midnight when the page printed only a date)."""
        if self.published_on is None:
            return None
        return dt.datetime.combine(self.published_on, self.published_time or dt.time())

    @property
    def byline_display(self) -> str:
        """The byline as a reader sees it: "Bài và ảnh: Nguyễn Thị Nga (Đảng ủy Khối …)"."""
        if self.byline and self.byline_affiliation:
            return f"{self.byline} ({self.byline_affiliation})"
        return self.byline

    def article_text(self) -> list[str]:
        """What entity extraction reads: title, lead, paragraphs, captions — no chrome."""
        return [self.title, *([self.lead] if self.lead else []), *self.paragraphs, *(c.text for c in self.captions if c.text)]


# --- folding that keeps offsets -------------------------------------------------------------


def _fold_table() -> dict[int, str]:
    """Each character of the Latin and Vietnamese blocks → its unmarked lower-case form.

    A plain dict of one-character strings is what ``str.translate`` runs fastest; characters
    outside it (CJK, emoji …) are left as they are.
    """
    table: dict[int, str] = {}
    for code in range(0x2000):
        char = chr(code)
        folded = strip_marks(char).lower()
        if len(folded) != 1:
            folded = char.lower() if len(char.lower()) == 1 else char
        if folded != char:
            table[code] = folded
    return table


_FOLD = _fold_table()


_fold_words = WordMap(lambda word: word.translate(_FOLD))


def fold_keep_length(text: str) -> str:
    """``fold`` without collapsing spaces, so match offsets map back onto ``text``."""
    return text.lower() if text.isascii() else _fold_words(text)


# --- line shapes ----------------------------------------------------------------------------

_BULLETS = " •·●▪◦*-–—|>»"

# Headers of the lists of other articles: everything after them is chrome, titles kept as data.
_LIST_MARKERS = re.compile(
    r"^(cac bai viet khac|bai viet khac|cac tin khac|tin khac|tin lien quan|bai viet lien quan|cac bai lien quan"
    r"|tin cung chuyen muc|bai cung chuyen muc|tin moi hon|tin cu hon|tin moi|tin doc nhieu|doc nhieu|xem nhieu"
    r"|tin xem nhieu|tin noi bat|co the ban quan tam)"
)
# Share buttons and footers: everything after them is chrome.
_FOOTER_MARKERS = re.compile(
    r"^(website lien ket|lien ket website|video hoat dong|hinh anh hoat dong|cac don vi thong tin cua ttxvn"
    r"|y kien ban doc|binh luan|gui binh luan|chia se)"
)
# Single lines of chrome that can stand anywhere.
_CHROME_LINE = re.compile(
    r"^(chia se|share|tweet|facebook|twitter|zalo|email|in bai|in bai viet|ban in|gui bai|gui email|luu bai"
    r"|quay lai|tro ve|ve dau trang|len dau trang|trang chu|xem them|doc them|tu khoa|tags?|ban quyen|copyright|©"
    r"|thiet ke boi|so luot truy cap|dang truy cap|top)\b[\s:.,|»>-]*"
)
_RELATIVE_TIME = r"\d+\s+(?:giay|phut|gio|ngay|tuan|thang|nam)\s+truoc"
_RELATIVE_ONLY = re.compile(rf"^\(?{_RELATIVE_TIME}\)?$")
_RELATIVE_SUFFIX = re.compile(rf"\s*[\(\[-–]?\s*{_RELATIVE_TIME}\s*[\)\]]?\s*$")
_URL = re.compile(r"^(?:(?:nguồn|url|link|địa chỉ bài viết|bài gốc|xem bài gốc|source)\s*:\s*)?(https?://\S+)$", re.I)
_SLOGAN = re.compile(
    r"^(chu de|chao mung|nhiet liet chao mung|ky niem|huong toi|thi dua|hoc tap va lam theo|chuyen de|dang cong san viet nam quang vinh)\b"
)
_SENTENCE_END = ".!?…"
_BYLINE_PREFIX = re.compile(
    r"^(bai va anh|bai, anh|bai & anh|bai - anh|tin va anh|tin, anh|tin & anh|tin - anh|bai|tin|tac gia|but danh"
    r"|nhom pv|nhom phong vien|phong vien|pv|ctv|thuc hien|ghi chep)\s*[:\-–]\s*\S"
)
_SOURCE_LINE = re.compile(r"^(?:Nguồn|Theo)\s*[:\-–]?\s*(\S.{1,80})$")
_CREDIT_ONLY = re.compile(r"^\(?\s*(?:Ảnh|Nguồn ảnh|Ảnh minh họa)\s*:\s*(.+?)\s*\)?$", re.I)
_CREDIT_SUFFIX = re.compile(r"(?:(?<=[.!?…”\"])\s+|\s*\()\(?\s*(?:Ảnh|Nguồn ảnh)\s*:\s*([^()]{2,80}?)\s*\)?\s*$")
_CREDIT_HINT = re.compile("ảnh", re.I)  # in both of _CREDIT_SUFFIX's labels: a quick search before its slow one
_PAREN_LINE = re.compile(r"^\((.{2,100})\)$")
_TRAILING_AFFILIATION = re.compile(r"^(.*?\S)\s*\(([^()]{2,80})\)$")
_INNER_SENTENCE = re.compile(r"[.!?…]\s+[A-ZĐÀ-Ỹ]")


def _fold(line: str, limit: int | None = None) -> str:
    """Folded line; with ``limit``, only its first characters (enough for a label or a marker)."""
    return " ".join(fold_keep_length(line if limit is None else line[:limit]).split())


def _is_caps(line: str) -> bool:
    if not line.isupper():  # a lower-case letter, or no cased letter at all: not capitals (fast)
        return False
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _words(line: str) -> int:
    return len(line.split())


def _marker(pattern: re.Pattern, line: str, folded: str | None = None) -> bool:
    """The line starts with a marker that ends at a word end — or where scraping glued the next
    word on without a space ("Video hoạt độngHình ảnh hoạt động").

    ``folded``: ``fold_keep_length`` of the line without its bullets, when the caller has it.
    """
    stripped = line.strip(_BULLETS)
    if len(stripped) > 160:
        return False
    match = pattern.match(fold_keep_length(stripped) if folded is None else folded)
    if not match or _words(stripped) > 8:
        return False
    after = stripped[match.end() : match.end() + 1]
    return not after or not after.isalnum() or after.isupper()


def _is_chrome(folded: str) -> bool:
    return bool(_CHROME_LINE.fullmatch(folded) or _RELATIVE_ONLY.match(folded) or _is_breadcrumb(folded))


def _is_breadcrumb(folded: str) -> bool:
    separators = folded.count(" > ") + folded.count(" » ")
    if separators < 2 and " / " in folded and not any(c.isdigit() for c in folded):  # (slashes in "15 / 3" are no path)
        separators += folded.count(" / ")
    return separators >= 2 and _words(folded) <= 12


_NAME_JOINERS = {"-", "–", "—", ",", "&", "và", "/"}


def _is_name_token(token: str) -> bool:
    """A capitalised word, with dots for initials: "Thiện", "T.H", "Th.Nga"."""
    return token[:1].isupper() and all(c.isalpha() or c == "." for c in token) and ".." not in token


def _split_affiliation(line: str) -> tuple[str, str]:
    match = _TRAILING_AFFILIATION.match(line)
    return (match.group(1), match.group(2).strip()) if match else (line, "")


# Words that are never part of a Vietnamese name: a line with one of them is a menu label, a
# tag ("Tin Nóng", "Sự Kiện", "Dân Vận Khéo") or a CMS account ("Super User"), not a byline.
_NOT_NAME_WORDS = frozenset(
    "tin tức mới nóng hot nổi bật sự kiện giới thiệu liên hệ bản hoạt động tiêu điểm chuyên mục đọc nhiều xem video báo lịch"
    " tỉnh huyện ủy đảng nghị quyết kế hoạch chủ vận khéo thời super user admin administrator webmaster".split()
)


def _is_name_like(line: str) -> bool:
    """A person's name or a pen name: "Phạm Anh Thiện", "T.H", "Thu Hà - Minh Anh"."""
    name, _affiliation = _split_affiliation(line.strip(_BULLETS))
    if not name or len(name) > 50 or any(c.isdigit() for c in name) or (_is_caps(name) and len(name) > 6):
        return False
    tokens = [t.strip(",") for t in name.split() if t not in _NAME_JOINERS]
    if not 1 <= len(tokens) <= 6 or not all(_is_name_token(t) for t in tokens):
        return False
    if any(t.lower() in _NOT_NAME_WORDS for t in tokens):
        return False
    if len(tokens) == 1:  # one word is a name only as a pen name: "T.H", "PV", "N.A"
        return "." in tokens[0] or (tokens[0].isupper() and len(tokens[0]) <= 6)
    return True


def _is_byline(line: str) -> bool:
    return (len(line) <= 120 and bool(_BYLINE_PREFIX.match(_fold(line, 40)))) or _is_name_like(line)


# --- dates ----------------------------------------------------------------------------------

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
_VIEWS_LABELLED = re.compile(rf"(?:luot xem|luot doc|da xem|so lan xem|views?)\s*:?\s*{_COUNT}|{_COUNT}\s*(?:luot xem|luot doc|views?)")
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+|\d+)(?![\d.,]*\d)")
_META_RESIDUE = set(" •·●|/\\-–—,.:;()[]+*")


@dataclass
class _Meta:
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
            sources = [chr(code) for code, to in _FOLD.items() if re.fullmatch(kind, to)]
            pattern += f"[{kind}{re.escape(''.join(sources))}]"
        elif char in "*+":
            pattern += char
        else:
            sources = [chr(code) for code, to in _FOLD.items() if to == char]
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
_VIEWS_HINT = re.compile("|".join(_unfolded(word) for word in ("xem", "doc", "view")))


def _parse_meta(line: str) -> _Meta | None:
    """If the line is only date/time/weekday/views/labels, what it says; else None."""
    if len(line) > 120 or not (_DATE_HINT.search(line) or _VIEWS_HINT.search(line)):
        return None
    return _read_meta(line)


def _read_meta(line: str) -> _Meta | None:
    """``_parse_meta`` without its quick refusal (kept apart so a test can compare the two)."""
    if not any(c.isdigit() for c in line):
        return None
    folded = _fold(line)
    if len(folded) > 90:
        return None
    meta, rest = _Meta(), folded

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
    if any(c not in _META_RESIDUE for c in rest):
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
        meta = _parse_meta(head)
        if meta is not None and meta.date is not None:
            return [head.strip(), line[match.end() :].strip()]
    return [line]


# --- the parser -----------------------------------------------------------------------------


@dataclass
class _State:
    meta: _Meta = field(default_factory=_Meta)

    def take(self, meta: _Meta) -> None:
        if self.meta.date is None and meta.date is not None:
            self.meta.date, self.meta.time = meta.date, meta.time
        if self.meta.views is None and meta.views is not None:
            self.meta.views = meta.views
        if not self.meta.date_without_year and meta.date_without_year:
            self.meta.date_without_year = meta.date_without_year


_TEASER_BULLETS = tuple("•·●▪-*")


def _drop_chrome(lines: list[str], removed: list[str], related: dict[str, None]) -> list[str]:
    """Remove single chrome lines and menus; cut the tail from the first list/footer header."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        # Chrome lines are short; of a long line only the end can hold a "(2 ngày trước)".
        # One fold of the line serves every test below (this loop runs once per line).
        kept_length = fold_keep_length(line.strip(_BULLETS)) if len(line) <= 200 else None
        folded = " ".join(kept_length.split()) if kept_length is not None else _fold(line[-40:])
        is_list = _marker(_LIST_MARKERS, line, kept_length)
        is_footer = not is_list and _marker(_FOOTER_MARKERS, line, kept_length)
        if (is_list or is_footer) and len(kept) >= 2:
            removed.extend(lines[index:])
            if is_list:
                _collect_related(lines[index + 1 :], related)
            break
        if is_list or is_footer:
            removed.append(line)
            continue
        if line.lstrip().startswith(_TEASER_BULLETS) and _RELATIVE_SUFFIX.search(folded):
            removed.append(line)
            _collect_related([line], related)
            continue
        if len(line) <= 200 and _is_chrome(folded):
            removed.append(line)
            continue
        kept.append(line)
    # Menus: runs of two or more short lines in capitals ("DÂN VẬN KHÉO", "QUY CHẾ DÂN CHỦ").
    result: list[str] = []
    run: list[str] = []
    for line in [*kept, ""]:
        if line.isupper() and _words(line) <= 8 and _is_caps(line):  # (isupper first: most lines are not, and it is cheap)
            run.append(line)
            continue
        if len(run) >= 2 and not any(_SIGNATURE.match(_fold(r, 30)) for r in run):  # (a signature block is no menu)
            removed.extend(run)
        else:
            result.extend(run)
        run = []
        if line:
            result.append(line)
    return result


def _collect_related(lines: list[str], related: dict[str, None]) -> None:
    """Titles of other articles into ``related``: a dict used as an ordered set, so a long list
    of them costs one lookup per title, not a scan of those found so far."""
    for line in lines:
        folded = _fold(line)
        if not line or _RELATIVE_ONLY.match(folded) or _is_chrome(folded) or _marker(_LIST_MARKERS, line):
            continue
        if _marker(_FOOTER_MARKERS, line):
            break
        title = line.strip(_BULLETS)
        suffix = _RELATIVE_SUFFIX.search(fold_keep_length(title))
        if suffix:
            title = title[: suffix.start()].rstrip()
        if title and _words(title) >= 3 and title not in related and not _is_caps(title):
            related[title] = None


def _is_paragraph(line: str) -> bool:
    """Too long, or a long sentence ending in a full stop: running text, not a heading."""
    return len(line) > MAX_TITLE_CHARS or (line[-1] in _SENTENCE_END and _words(line) > 25)


def _is_banner(line: str) -> bool:
    return _is_caps(line) or bool(_SLOGAN.match(_fold(line, 60)))


def parse(text: str) -> ParsedArticle:
    """Read one scraped page. Raises ``ParseError`` (one-line reason) when it is not an article."""
    return parse_normalized(normalize(text))


def parse_normalized(clean: str) -> ParsedArticle:
    """``parse`` for text already through ``danvan.text.normalize`` (the loader hashes that text too)."""
    if not clean:
        raise ParseError("không có nội dung: tệp rỗng hoặc chỉ có khoảng trắng")
    removed: list[str] = []
    related: dict[str, None] = {}
    warnings: list[str] = []
    state = _State()
    source_url = ""
    raw_lines = []
    for line in clean.split("\n"):
        url = _URL.match(line)
        if url:
            source_url = source_url or url.group(1)
            continue
        if line:
            raw_lines.extend(split_glued_date(line))
    lines = _drop_chrome(raw_lines, removed, related)
    if not lines:
        raise ParseError("chỉ có phần khung trang: không còn nội dung bài sau khi bỏ menu, nút chia sẻ và danh sách bài liên quan")

    # Header: banners and date lines until the title; date, view and byline lines after it.
    banners: list[str] = []
    title = ""
    byline = affiliation = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        meta = _parse_meta(line)
        if meta is not None:
            state.take(meta)
        elif not title and _is_banner(line) and len(line) <= MAX_TITLE_CHARS:
            banners.append(line)
        elif not title and not _is_paragraph(line):
            title = line
        elif title and ((len(line) == len(title) and _fold(line) == _fold(title)) or line.strip(_BULLETS + "/\\") == ""):
            pass  # the page printed its title twice, or a lone separator ("• /")
        elif title and not byline and line[:1] in "•·●" and _is_name_like(line):
            byline = line.strip(_BULLETS)
        else:
            break
        index += 1
    if not title:
        # A page whose only heading is in capitals: that heading is the title.
        caps = [b for b in banners if _is_caps(b) and not _SLOGAN.match(_fold(b))]
        if caps:
            title = caps[-1]
            banners.remove(title)
    if not title:
        raise ParseError("không có tiêu đề: văn bản không bắt đầu bằng một dòng tiêu đề")
    body = lines[index:]

    # Tail: byline (maybe with an affiliation line), source line, teasers after the byline.
    source = ""
    end_byline = _find_end_byline(body)
    if end_byline is not None:
        byline_line = body[end_byline]
        after = body[end_byline + 1 :]
        body = body[:end_byline]
        byline, affiliation = _split_affiliation(byline_line)
        if after and _PAREN_LINE.match(after[0]) and not affiliation:
            affiliation = _PAREN_LINE.match(after[0]).group(1).strip()
            after = after[1:]
        for position, line in enumerate(after):
            source_match = _SOURCE_LINE.match(line)
            if source_match and not source and _words(line) <= 10 and line[-1:] not in _SENTENCE_END:
                source = source_match.group(1).strip()
                continue
            meta = _parse_meta(line)
            if meta is not None:
                state.take(meta)
                continue
            removed.append(line)
            if position == 0 and len(line) <= MAX_TITLE_CHARS:
                _collect_related([line], related)  # the teaser of another article
    while body:
        last = body[-1]
        source_match = _SOURCE_LINE.match(last)
        if source_match and not source and _words(last) <= 10 and last[-1:] not in _SENTENCE_END:
            source = source_match.group(1).strip()
            body.pop()
        elif _parse_meta(last) is not None:
            state.take(_parse_meta(last))
            body.pop()
        else:
            break

    paragraphs, captions, lead = _split_body(body, state)
    if not paragraphs and not lead:
        raise ParseError("không có nội dung bài: chỉ có tiêu đề, không có đoạn văn nào")
    if state.meta.date is None:
        if state.meta.date_without_year:
            warnings.append(f"publication date printed without a year ({state.meta.date_without_year}); left undated")
        else:
            warnings.append("no publication date found; left undated")
    if not byline:
        warnings.append("no byline found")
    return ParsedArticle(
        title=title,
        paragraphs=paragraphs,
        lead=lead,
        captions=captions,
        published_on=state.meta.date,
        published_time=state.meta.time if state.meta.date else None,
        view_count=state.meta.views,
        byline=byline,
        byline_affiliation=affiliation,
        source=source,
        source_url=source_url,
        banners=banners,
        related=list(related),
        removed=removed,
        warnings=warnings,
    )


# The signature block of a document quoted in full: its name is the signatory, not a byline.
_SIGNATURE = re.compile(
    r"^(?:tm\.|t/m|kt\.|q\.|tl\.|\(?da ky\)?|noi nhan|bi thu|pho bi thu|chu tich|pho chu tich|truong ban|pho truong ban|giam doc)"
)


def _find_end_byline(body: list[str]) -> int | None:
    """Index of the byline among the last lines, or None. It must follow some article text."""
    first = max(1, len(body) - BYLINE_WINDOW)
    for position in range(len(body) - 1, first - 1, -1):
        line = body[position]
        if _is_byline(line) and _CREDIT_ONLY.match(line) is None and not _SOURCE_LINE.match(line):
            if any(_SIGNATURE.match(_fold(above, 30)) for above in body[max(0, position - 3) : position]):
                return None
            return position
    return None


def _caption_credit(line: str) -> tuple[str, str] | None:
    """(caption, credit) when the line carries a photo credit: "… 15/7. Ảnh: Phương Hoa/TTXVN"."""
    only = _CREDIT_ONLY.match(line)
    if only:
        return "", only.group(1).strip()
    suffix = _CREDIT_SUFFIX.search(line) if _CREDIT_HINT.search(line) else None
    if suffix and suffix.start() > 0:
        return line[: suffix.start()].strip(), suffix.group(1).strip()
    return None


def _looks_like_caption(line: str, *, is_last: bool) -> bool:
    """Short lines between paragraphs that describe a picture."""
    words = _words(line)
    if words > 30 or len(line) > 220 or line.endswith(":"):
        return False
    if line[-1] in _SENTENCE_END or line.endswith(("”.", '".', ").")):
        # A caption may end with a full stop, but is then one short sentence inside the text.
        return words <= 22 and not is_last and not _INNER_SENTENCE.search(line)
    return True


def _paragraphs_follow(body: list[str], wanted: int) -> bool:
    """At least ``wanted`` paragraph-long lines after the first: the first is then a lead.

    Stops at the ``wanted``-th, so the cost does not grow with the body (asked once per file,
    never once per line: that made a file of many short lines take minutes).
    """
    found = 0
    for line in itertools.islice(body, 1, None):
        if len(line) > MAX_LEAD_CHARS or _words(line) > 30:
            found += 1
            if found >= wanted:
                return True
    return False


def _split_body(body: list[str], state: _State) -> tuple[list[str], list[Caption], str]:
    paragraphs: list[str] = []
    captions: list[Caption] = []
    lead = ""
    for position, line in enumerate(body):
        meta = _parse_meta(line)
        if meta is not None:
            state.take(meta)
            continue
        credited = _caption_credit(line)
        if credited is not None:
            text, credit = credited
            if not text and captions and not captions[-1].credit and captions[-1].after_paragraph == len(paragraphs):
                captions[-1] = Caption(captions[-1].text, credit, captions[-1].after_paragraph)
            else:
                captions.append(Caption(text, credit, len(paragraphs)))
            continue
        if position == 0 and len(line) <= MAX_LEAD_CHARS and line[-1] in _SENTENCE_END + '”"' and _paragraphs_follow(body, 2):
            lead = line
            continue
        if _looks_like_caption(line, is_last=position == len(body) - 1) and (paragraphs or lead):
            captions.append(Caption(line, "", len(paragraphs)))
            continue
        paragraphs.append(line)
    return paragraphs, captions, lead


# What the HTML format (``html.py``) reads its pages with: the same rules as the text format.
parse_meta = _parse_meta
drop_chrome = _drop_chrome
find_end_byline = _find_end_byline
is_name_like = _is_name_like
split_affiliation = _split_affiliation
caption_credit = _caption_credit
