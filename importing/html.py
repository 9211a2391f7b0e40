"""A saved HTML page (one file of a site mirror) → ``ParsedArticle``. No Django, no network.

``parse_html(data, path=…, mirror_root=…)`` is what the format detection calls for ``*.html``. Where the
article is on the page (its container, the title, the old URL) is ``containers.py``; this
module builds the body, the lead, the date and the byline from it.
How it reads a page:

- **Encoding**: a BOM, then ``<meta charset>`` / ``http-equiv``; undeclared pages are tried as
  UTF-8 first, then Windows-1258 or Windows-1252 (whichever gives Vietnamese letters), then
  charset-normalizer. Text is NFC (``danvan.text.normalize``).
- **The article** is found with our own rules first (the containers Vietnamese CMSs use:
  portal products, WordPress, Liferay, Joomla, DotNetNuke, Drupal), and only when none is on
  the page with readability-lxml's content scoring. Inside it, chrome (share bars, related
  lists, comments, tags, print buttons) is dropped by class and id, and the text rules of
  ``parse`` (related-list headers, footers, chrome lines, the end byline) run on its lines.
- **Dates and bylines** use the same functions as the text format (``parse_meta``,
  ``find_end_byline``, ``is_name_like``): a date only from a line that is nothing but a
  date (with labels, weekday, time, view count), a byline only from a byline.
- **Photos** come from files inside the mirror only. A ``src`` outside it is refused; a photo
  that is not there is kept as its caption; both are listed in the warnings.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from danvan.text import normalize

from .bylines import SIGNATURE, SOURCE_LINE, find_end_byline, is_agency_byline, is_name_like, split_affiliation, strip_byline_label
from .captions import caption_credit
from .containers import (
    AUTHOR_ATTR,
    BLOCKS,
    SAPO,
    attrs,
    drop_chrome_elements,
    find_container,
    find_title,
    images_in,
    is_chrome_image,
    is_layout_table,
    lead_before,
    meta_content,
    source_url_of,
    tail_lines,
    text_of,
)
from .dates import parse_meta, split_glued_date
from .folding import fold_keep_length
from .mirror import decode_html, photo_file
from .parse import (
    Caption,
    ParsedArticle,
    ParseError,
    drop_chrome,
)

__all__ = ["decode_html", "parse_html"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # lxml takes no control characters
# --- the page's structure --------------------------------------------------------------------
# --- the body ---------------------------------------------------------------------------------

_PLACEHOLDER = "\x00"
_CAPTION_ATTR = re.compile(r"(caption|desc|chuthich|chu-thich|note|expnote|image_desc)", re.I)


class _Body:
    """The container's blocks in order: text lines, tables (kept as HTML) and photos."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.tables: list[str] = []
        self.photos: list[dict] = []
        self.styled: set[str] = set()  # lines in italics or a caption's class: a photo's caption when one follows it

    def text(self, text: str, element=None) -> None:
        for line in normalize(text).split("\n"):
            line = line.strip()
            if line:
                if element is not None and (
                    _CAPTION_ATTR.search(attrs(element))
                    or element.tag in ("em", "i")
                    or element.find(".//em") is not None
                    or element.find(".//i") is not None
                ):
                    self.styled.add(line)
                self.lines.append(line)

    def photo(self, img, caption: str = "") -> None:
        self.photos.append(
            {
                "src": img.get("src") or img.get("data-src") or "",
                "caption": normalize(caption).replace("\n", " ").strip(),
                "alt": " ".join(normalize(img.get("alt") or "").split()),
            }
        )
        self.lines.append(f"{_PLACEHOLDER}photo{len(self.photos) - 1}")

    def table(self, element) -> None:
        self.tables.append(lxml.html.tostring(element, encoding="unicode"))
        self.lines.append(f"{_PLACEHOLDER}table{len(self.tables) - 1}")


def _block_text(element) -> str:
    """Text of a block, with <br> as a line break (a date line and a byline often share a <p>)."""
    parts = [element.text or ""]
    for node in element.iterdescendants():
        if node.tag == "br":
            parts.append("\n")
        elif isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        if node.tail:
            parts.append(node.tail)
    return "".join(parts)


def _walk(element, body: _Body) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in ("img", "amp-img"):
        if not is_chrome_image(element):
            body.photo(element)
        return
    if tag == "table" and is_layout_table(element):
        tag = "tbody"  # a page laid out in tables (old WebForms sites): read its cells, not one data table
    if tag == "figure" or (tag == "table" and images_in(element) and len(text_of(element)) < 400):
        img = next(iter(images_in(element)), None)
        caption = element.find(".//figcaption")
        text = text_of(caption) if caption is not None else text_of(element)
        data = element.find(".//table") if tag == "figure" else None
        if img is not None:
            body.photo(img, text)
        elif data is not None:  # a table in a figure (Gutenberg's wp-block-table): the table, then its caption
            body.table(data)
            if caption is not None and text:
                body.text(text, caption)
        elif text:
            body.text(text, element)
        return
    if tag == "table":
        body.table(element)
        return
    if tag in BLOCKS or tag == "h1":
        for img in images_in(element):
            body.photo(img)
        if tag != "h1":
            body.text(_block_text(element), element)
        return
    if tag and element.text and element.text.strip():
        body.text(element.text, element)
    for child in element:
        _walk(child, body)
        if child.tail and child.tail.strip():
            body.text(child.tail, element)


# --- the page ---------------------------------------------------------------------------------

_NO_ARTICLE = "trang HTML không có bài viết: không tìm thấy tiêu đề và nội dung bài (có thể là trang chuyên mục, trang chủ hoặc trang lỗi)"
_LABEL = re.compile(r"^(?:(?:tac gia|but danh|bai va anh|bai|tin|thuc hien|pv|phong vien)\s*[:\-–]|(?:viet boi|gui boi|boi|by)\s)\s*", re.I)


_POSTED = re.compile(r"^(?:gui|dang|viet)\s+boi\s*:?\s+(.{2,50}?)\s+(?:vao|luc)\s+(.*\d.*)$")


def _lines_of(element) -> list[str]:
    return [line.strip() for line in normalize(_block_text(element)).split("\n") if line.strip()]


def _date_candidates(scope, order: dict[int, int]):
    """(position, meta, byline) for every short line in ``scope`` that is only a date (or a byline part)."""
    for element in scope.iter():
        if not isinstance(element.tag, str) or element.tag in ("table", "figure") or len(text_of(element)) > 240:
            continue
        if any(
            isinstance(c.tag, str) and c.tag not in ("br", "span", "b", "strong", "i", "em", "a", "time", "small", "font") for c in element
        ):
            continue
        for line in _lines_of(element):
            parts = [line, *re.split(r"\s*\|\s*", line)]
            posted = _POSTED.match(fold_keep_length(line))
            if posted:  # "Gửi bởi Thu Hà vào Thứ Năm, 14/03/2019 - 10:15" (Drupal): a byline, then a date
                parts += [f"Bởi {line[posted.start(1) : posted.end(1)]}", line[posted.start(2) :]]
            for part in parts:
                meta = parse_meta(part)
                label = _LABEL.match(fold_keep_length(part))
                if meta is not None and meta.date is not None:
                    yield order[element], meta, ""
                elif label and is_name_like(part[label.end() :]):
                    yield order[element], None, part[label.end() :].strip()


def _publication_date(root, scope, order: dict, heading_pos: int, dates: list):
    """The date line nearest the title in the scope; else a microformat date in it (Blogger's
    ``abbr.published``, ``itemprop="datePublished"``); else a date line in the blocks around
    the scope (Blogger prints the day above the posts, outside the post); else the page's meta
    tags; else a ``<time datetime>`` in the scope."""
    if dates:
        return min(dates, key=lambda d: d[:2])[2]
    for element in scope.iter():
        if isinstance(element.tag, str) and (
            element.get("itemprop") == "datePublished" or "published" in (element.get("class") or "").split()
        ):
            meta = _iso_date(element.get("datetime") or element.get("content") or element.get("title") or "")
            if meta is not None:
                return meta
    for level, wider in enumerate(scope.iterancestors()):
        if level >= 3 or wider.tag in ("body", "html"):
            break
        around = [(abs(p - heading_pos), p, m) for p, m, _name in _date_candidates(wider, order) if m is not None]
        if around:
            return min(around, key=lambda d: d[:2])[2]
    meta = _iso_date(meta_content(root, "article:published_time", "datepublished", "pubdate", "date"))
    if meta is None:
        time_element = next((t for t in scope.iter("time") if t.get("datetime")), None)
        meta = _iso_date(time_element.get("datetime")) if time_element is not None else None
    return meta


def _iso_date(value: str):
    meta = parse_meta(value.replace("T", " ")[:19]) if value else None
    return meta if meta is not None and meta.date is not None else None


def parse_html(data: bytes, *, path: str | None = None, mirror_root: Path | None = None, base_url: str | None = None) -> ParsedArticle:
    """Read one saved page. Raises ``ParseError`` (one line, Vietnamese) when it holds no article.

    ``path``: the file (for its photos and its place in the mirror); ``mirror_root``: the
    mirror's folder (photos must lie inside it; default: the page's own folder); ``base_url``:
    the old site's address ("http://danvan.example.vn") for a mirror whose folder does not
    name its host, so that "tin-tuc/bai.html" becomes that site's URL.
    """
    text, encoding, warnings = decode_html(data)
    try:
        root = lxml.html.document_fromstring(_CONTROL.sub("", text))
    except (etree.ParserError, ValueError):
        raise ParseError(_NO_ARTICLE) from None
    page = Path(path) if path else None
    photo_root = mirror_root if mirror_root is not None else (page.parent if page else None)
    source_url = source_url_of(root, path, mirror_root, base_url)
    container = find_container(root)
    if container is None:
        raise ParseError(_NO_ARTICLE)
    removed = drop_chrome_elements(root, container)
    title, heading = find_title(root, container)
    if not title:
        raise ParseError(_NO_ARTICLE)

    order = {e: i for i, e in enumerate(root.iter())}  # (lxml elements, not their ids: proxies come and go)
    heading_pos = order.get(heading, order.get(container, 0))
    # The date and byline near the title: in the smallest block holding both it and the body
    # (never the site's top bar, which prints today's date).
    scope = container.getparent() if container.getparent() is not None else container
    inside = set(container.iter())
    if heading is not None and heading not in inside:
        ancestors = set(container.iterancestors())
        scope = next((a for a in heading.iterancestors() if a in ancestors), scope)
    dates, names = [], []
    for position, meta, name in _date_candidates(scope, order):
        (dates if meta is not None else names).append((abs(position - heading_pos), position, meta or name))
    meta = _publication_date(root, scope, order, heading_pos, dates)

    body = _Body()
    lead = ""
    around = {*container.iterancestors(), container}
    for element in scope.iter():
        if not isinstance(element.tag, str) or element in around or not SAPO.search(attrs(element)) or not text_of(element):
            continue
        # (an image's "description" is its caption, not the lead)
        if element.find(".//img") is None and not any(a.tag in ("figure", "table") for a in element.iterancestors()):
            lead = text_of(element)
            element.drop_tree()
            break
    before = lead_before(container, heading) if not lead else None
    if before is not None:
        lead = text_of(before)
        before.drop_tree()
    if heading is not None and heading.getparent() is not None and heading in inside:
        heading.drop_tree()
    _walk(container, body)
    tail = tail_lines(container)
    # (a date glued to the lead by a lost line break: "Thứ Hai, 11/03/2019Sáng 9/3, …")
    lines = [part for line in body.lines for part in (split_glued_date(line) if line[:1].isalnum() else [line])]
    lines = [line for line in lines if not (parse_meta(line) is not None or fold_keep_length(line) == fold_keep_length(title))]
    if lead:
        lines = [line for line in lines if line != lead]
    related: dict[str, None] = {}
    lines = drop_chrome(lines, removed, related)
    byline, lines, source = _byline(lines, scope, names, tail)
    if lines and not source and SOURCE_LINE.match(lines[-1]) and len(lines[-1].split()) <= 10 and lines[-1][-1:] not in ".!?…":
        source, lines = SOURCE_LINE.match(lines[-1]).group(1).strip(), lines[:-1]  # "Nguồn: Báo Bình Thuận"
    return _assemble(title, lead, lines, body, meta, byline, source, source_url, page, photo_root, encoding, warnings, removed, related)


def _strip_label(line: str) -> str:
    label = _LABEL.match(fold_keep_length(line))
    return strip_byline_label(line[label.end() :] if label else line)


def _source(lines: list[str]) -> str:
    return next((m.group(1).strip() for m in map(SOURCE_LINE.match, reversed(lines)) if m), "")


def _byline(lines: list[str], scope, names: list, tail: list[str]) -> tuple[str, list[str], str]:
    """(byline, the body lines without it, source). The byline under the article comes first
    (a CMS's author field is often the account that posted it), then one just after the body's
    container (a right-aligned name in its own block), then the page's author field, then a
    labelled part of the date line ("Tác giả: …")."""
    end = find_end_byline(lines)
    if end is not None and not any(line.startswith(_PLACEHOLDER) for line in lines[end:]):
        return _strip_label(lines[end]), lines[:end], _source(lines[end + 1 :] + tail)
    end = find_end_byline(lines + tail) if tail else None
    if end is not None and end >= len(lines):
        return _strip_label(tail[end - len(lines)]), lines, _source(tail[end - len(lines) + 1 :])
    last = (lines + tail)[-1:]
    signed = any(SIGNATURE.match(fold_keep_length(line[:30])) for line in (lines + tail)[-4:-1])
    if last and is_agency_byline(last[0]) and not signed and not last[0].startswith(_PLACEHOLDER):  # "Trung tâm Thông tin"
        return last[0].strip(), (lines[:-1] if not tail else lines), ""
    for element in scope.iter():
        if isinstance(element.tag, str) and (AUTHOR_ATTR.search(attrs(element)) or element.get("rel") == "author") and text_of(element):
            candidate = _strip_label(text_of(element))
            if is_name_like(candidate):
                return candidate, lines, ""
    return (min(names, key=lambda n: n[:2])[2] if names else ""), lines, _source(tail)


def _assemble(title, lead, lines, body, meta, byline, source, source_url, page, photo_root, encoding, warnings, removed, related):
    paragraphs, blocks, captions = [], [], []
    pending_photo = None
    for line in lines:
        if line.startswith(_PLACEHOLDER + "photo"):
            photo = body.photos[int(line[len(_PLACEHOLDER) + 5 :])]
            pending_photo = _caption(photo, len(paragraphs), page, photo_root, warnings, urlsplit(source_url).hostname)
            captions.append(pending_photo)
            continue
        if line.startswith(_PLACEHOLDER + "table"):
            blocks.append(body.tables[int(line[len(_PLACEHOLDER) + 5 :])])
            paragraphs.append(text_of(lxml.html.fragment_fromstring(blocks[-1])))
            pending_photo = None
            continue
        credited = caption_credit(line)
        if pending_photo is not None and not pending_photo.text and (credited is not None or line in body.styled) and len(line) <= 300:
            text, credit = credited if credited is not None else (line, "")
            captions[-1] = pending_photo = Caption(
                pending_photo.text or text,
                pending_photo.credit or credit,
                pending_photo.after_paragraph,
                pending_photo.image,
                pending_photo.src,
                pending_photo.alt,
            )
            continue
        pending_photo = None
        paragraphs.append(line)
        blocks.append(f"<p>{_escape(line)}</p>")
    if not paragraphs and not lead:
        raise ParseError(_NO_ARTICLE)
    if not lead and len(paragraphs) >= 3 and len(paragraphs[0]) <= 400 and paragraphs[0][-1:] in '.!?…”"':
        lead, paragraphs, blocks = paragraphs[0], paragraphs[1:], blocks[1:]
    if meta is None:
        warnings.append("no publication date found; left undated")
    if not byline:
        warnings.append("no byline found")
    byline, affiliation = split_affiliation(byline)
    return ParsedArticle(
        title=title,
        paragraphs=paragraphs,
        lead=lead,
        captions=captions,
        published_on=meta.date if meta else None,
        published_time=meta.time if meta else None,
        view_count=meta.views if meta else None,
        byline=byline,
        byline_affiliation=affiliation,
        source=source,
        source_url=source_url,
        related=list(related),
        removed=removed,
        warnings=warnings,
        body_html="\n".join(blocks),
        encoding=encoding,
    )


def _caption(photo: dict, after: int, page: Path | None, root: Path | None, warnings: list[str], host: str | None) -> Caption:
    file, warning = photo_file(photo["src"], page, root, site_host=host)
    if warning:
        warnings.append(warning)
    text, credit = caption_credit(photo["caption"]) or (photo["caption"], "")
    return Caption(text, credit, after, str(file) if file else "", photo["src"], photo["alt"])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
