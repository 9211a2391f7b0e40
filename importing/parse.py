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

from danvan.text import normalize

from .bylines import BULLETS, SIGNATURE, SOURCE_LINE, find_end_byline, is_caps, is_name_like, split_affiliation
from .captions import SENTENCE_END, caption_credit, looks_like_caption
from .dates import Meta, parse_meta, split_glued_date
from .folding import fold_keep_length, fold_line

__all__ = ["Caption", "ParseError", "ParsedArticle", "fold_keep_length", "parse", "parse_normalized"]

MAX_TITLE_CHARS = 250
MAX_LEAD_CHARS = 400


class ParseError(ValueError):
    """The text cannot be read as an article; ``str(error)`` is a one-line reason."""


@dataclass(frozen=True)
class Caption:
    text: str
    credit: str = ""
    after_paragraph: int = 0  # body paragraphs that stand before the photo
    image: str = ""  # a saved page's photo: the file found inside the mirror (absolute path), else ""
    src: str = ""  # and the page's ``src`` for it, for the report
    alt: str = ""  # the page's text alternative for it (``<img alt>``), for ``Photo.alt_text``


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
    # Undated pages whose address or text fixes the year (``years.year_hint``), and how.
    year_hint: int | None = None
    year_hint_source: str = ""

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


# --- line shapes ----------------------------------------------------------------------------

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
_PAREN_LINE = re.compile(r"^\((.{2,100})\)$")


def _words(line: str) -> int:
    return len(line.split())


def _marker(pattern: re.Pattern, line: str, folded: str | None = None) -> bool:
    """The line starts with a marker that ends at a word end — or where scraping glued the next
    word on without a space ("Video hoạt độngHình ảnh hoạt động").

    ``folded``: ``fold_keep_length`` of the line without its bullets, when the caller has it.
    """
    stripped = line.strip(BULLETS)
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


# --- the parser -----------------------------------------------------------------------------


@dataclass
class _State:
    meta: Meta = field(default_factory=Meta)

    def take(self, meta: Meta) -> None:
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
        kept_length = fold_keep_length(line.strip(BULLETS)) if len(line) <= 200 else None
        folded = " ".join(kept_length.split()) if kept_length is not None else fold_line(line[-40:])
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
        if line.isupper() and _words(line) <= 8 and is_caps(line):  # (isupper first: most lines are not, and it is cheap)
            run.append(line)
            continue
        if len(run) >= 2 and not any(SIGNATURE.match(fold_line(r, 30)) for r in run):  # (a signature block is no menu)
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
        folded = fold_line(line)
        if not line or _RELATIVE_ONLY.match(folded) or _is_chrome(folded) or _marker(_LIST_MARKERS, line):
            continue
        if _marker(_FOOTER_MARKERS, line):
            break
        title = line.strip(BULLETS)
        suffix = _RELATIVE_SUFFIX.search(fold_keep_length(title))
        if suffix:
            title = title[: suffix.start()].rstrip()
        if title and _words(title) >= 3 and title not in related and not is_caps(title):
            related[title] = None


def _is_paragraph(line: str) -> bool:
    """Too long, or a long sentence ending in a full stop: running text, not a heading."""
    return len(line) > MAX_TITLE_CHARS or (line[-1] in SENTENCE_END and _words(line) > 25)


def _is_banner(line: str) -> bool:
    return is_caps(line) or bool(_SLOGAN.match(fold_line(line, 60)))


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
        meta = parse_meta(line)
        if meta is not None:
            state.take(meta)
        elif not title and _is_banner(line) and len(line) <= MAX_TITLE_CHARS:
            banners.append(line)
        elif not title and not _is_paragraph(line):
            title = line
        elif title and ((len(line) == len(title) and fold_line(line) == fold_line(title)) or line.strip(BULLETS + "/\\") == ""):
            pass  # the page printed its title twice, or a lone separator ("• /")
        elif title and not byline and line[:1] in "•·●" and is_name_like(line):
            byline = line.strip(BULLETS)
        else:
            break
        index += 1
    if not title:
        # A page whose only heading is in capitals: that heading is the title.
        caps = [b for b in banners if is_caps(b) and not _SLOGAN.match(fold_line(b))]
        if caps:
            title = caps[-1]
            banners.remove(title)
    if not title:
        raise ParseError("không có tiêu đề: văn bản không bắt đầu bằng một dòng tiêu đề")
    body = lines[index:]

    # Tail: byline (maybe with an affiliation line), source line, teasers after the byline.
    source = ""
    end_byline = find_end_byline(body)
    if end_byline is not None:
        byline_line = body[end_byline]
        after = body[end_byline + 1 :]
        body = body[:end_byline]
        byline, affiliation = split_affiliation(byline_line)
        if after and _PAREN_LINE.match(after[0]) and not affiliation:
            affiliation = _PAREN_LINE.match(after[0]).group(1).strip()
            after = after[1:]
        for position, line in enumerate(after):
            source_match = SOURCE_LINE.match(line)
            if source_match and not source and _words(line) <= 10 and line[-1:] not in SENTENCE_END:
                source = source_match.group(1).strip()
                continue
            meta = parse_meta(line)
            if meta is not None:
                state.take(meta)
                continue
            removed.append(line)
            if position == 0 and len(line) <= MAX_TITLE_CHARS:
                _collect_related([line], related)  # the teaser of another article
    while body:
        last = body[-1]
        source_match = SOURCE_LINE.match(last)
        if source_match and not source and _words(last) <= 10 and last[-1:] not in SENTENCE_END:
            source = source_match.group(1).strip()
            body.pop()
        elif parse_meta(last) is not None:
            state.take(parse_meta(last))
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
        meta = parse_meta(line)
        if meta is not None:
            state.take(meta)
            continue
        credited = caption_credit(line)
        if credited is not None:
            text, credit = credited
            if not text and captions and not captions[-1].credit and captions[-1].after_paragraph == len(paragraphs):
                captions[-1] = Caption(captions[-1].text, credit, captions[-1].after_paragraph)
            else:
                captions.append(Caption(text, credit, len(paragraphs)))
            continue
        if position == 0 and len(line) <= MAX_LEAD_CHARS and line[-1] in SENTENCE_END + '”"' and _paragraphs_follow(body, 2):
            lead = line
            continue
        if looks_like_caption(line, is_last=position == len(body) - 1) and (paragraphs or lead):
            captions.append(Caption(line, "", len(paragraphs)))
            continue
        paragraphs.append(line)
    return paragraphs, captions, lead


# What the HTML format (``html.py``) reads its pages with: the same rules as the text format.
drop_chrome = _drop_chrome
