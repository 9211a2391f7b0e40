"""Where the article is on a saved page: the body's container by the classes, ids and
``itemprop`` the CMSs use (else a lone ``<article>``, else readability-lxml's scoring), the
chrome elements dropped inside it, the title, the page's meta tags and its old URL.
No Django, no network."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from danvan.text import normalize

from .mirror import mirror_url

# Containers of the article body in the CMSs we know, by class, id or itemprop (best first).
CONTAINERS = [
    "articlebody",
    "article-body",
    "entry-content",
    "td-post-content",
    "jeg_post_content",
    "content-detail",
    "detail-content",
    "news-content",
    "newsdetail",
    "journal-content-article",
    "field-name-body",
    "field--name-body",
    "item-page",
    "article-content",
    "post-content",
    "noidung",
    "noi-dung",
    "chitiet",
    "articlecontent",
    "ms-rtestate-field",  # SharePoint publishing pages: the page's rich-text field
    "content",
]
CHROME_ATTR = re.compile(
    r"(?:^|[\s_-])(menu|nav|navbar|breadcrumbs?|share|sharing|social|related|lienquan|lien-quan|tinlienquan|tin-lien-quan|other|tinkhac"
    r"|tin-khac|comments?|binhluan|binh-luan|footer|sidebar|widget|banner|ads?|advert|quangcao|tags?|keywords?|tu-khoa|toolbar"
    r"|print-button|pagination|pager|hot|hotnews|tin-hot|most|popular|login|search|rating|vote|author-box|newsletter)(?:$|[\s_-])",
    re.I,
)
DROP_TAGS = ("script", "style", "noscript", "form", "iframe", "button", "select", "input", "svg", "template")
BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre", "dd", "dt"}
SAPO = re.compile(r"(?:^|[\s_-])(sapo|lead|summary|chapeau|intro|description|mota|tomtat|tom-tat|excerpt)(?:$|[\s_-])", re.I)
AUTHOR_ATTR = re.compile(r"(?:^|[\s_-])(author|byline|tacgia|tac-gia|author-name|writer)(?:$|[\s_-])", re.I)
TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+")


def attrs(element) -> str:
    return " ".join(filter(None, (element.get("class"), element.get("id"), element.get("itemprop"))))


def text_of(element) -> str:
    return normalize(" ".join(element.itertext())).replace("\n", " ").strip()


def find_container(root):
    keys = {key: index for index, key in enumerate(CONTAINERS)}
    best, rank = None, len(keys)
    for element in root.iter("div", "article", "section", "td", "main"):
        for token in re.split(r"\s+", attrs(element).lower()):
            index = keys.get(token)
            if index is not None and index < rank and paragraph_chars(element) >= 80:
                best, rank = element, index
    if best is not None:
        return best
    articles = [a for a in root.iter("article") if paragraph_chars(a) >= 80]
    if len(articles) == 1:
        return articles[0]
    from readability import Document  # only for pages in no layout we know

    try:
        summary = Document(lxml.html.tostring(root, encoding="unicode")).summary(html_partial=True)
    except Exception:  # readability raises its own errors on pages with no content
        return None
    # readability returns a cleaned copy: find its longest paragraph on the page, and take the
    # smallest block around it that holds most of the copy's text.
    summary_root = lxml.html.fragment_fromstring(summary, create_parent="div")
    wanted = len(text_of(summary_root))
    longest = max((text_of(p) for p in summary_root.iter("p", "div")), key=len, default="")
    if wanted < 80 or len(longest) < 40:
        return None
    for element in root.iter("p", "div", "td"):
        if longest[:60] in text_of(element) and len(text_of(element)) < 2 * len(longest):
            for block in (element, *element.iterancestors()):
                if len(text_of(block)) >= 0.8 * wanted:
                    return block
    return None


def paragraph_chars(element) -> int:
    return sum(len(" ".join(p.itertext()).strip()) for p in element.iter("p", "td", "div") if p.text and len(p.text.strip()) > 40)


def drop_chrome_elements(root, keep) -> list[str]:
    """Remove scripts, forms and elements whose class/id says menu, share, related … (never ``keep``'s ancestors)."""
    removed = []
    protected = {*keep.iterancestors(), keep}
    for element in list(root.iter(*DROP_TAGS, "nav", "aside", "footer", etree.Comment)):
        if element not in protected and element.getparent() is not None:
            element.drop_tree() if not isinstance(element, etree._Comment) else element.getparent().remove(element)
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element in protected or element.getparent() is None:
            continue
        if CHROME_ATTR.search(attrs(element)) and not AUTHOR_ATTR.search(attrs(element)):
            text = text_of(element)
            if text:
                removed.append(text[:200])
            element.drop_tree()
    return removed


_LOGO_ATTR = re.compile(r"(?:^|[\s_-])(logo|brand|site-title|site-name|sitename|blog-title)(?:$|[\s_-])", re.I)
_HOME_PATH = re.compile(r"^/?(?:(?:index|default|home|trang-?chu)\.\w+)?$", re.I)
# A title by class or id where the page has no heading for it: "lblTitle" (ASP.NET), "tieude".
_TITLE_ATTR = re.compile(r"(?:^|[\s_-])(?:lbl)?(title|tieude|tieu-de|headline)(?:$|[\s_-])", re.I)


def _is_logo(heading) -> bool:
    """The site's name in an h1 (Blogger, many themes): a logo class, or one link to the home page."""
    if _LOGO_ATTR.search(attrs(heading)):
        return True
    links = heading.xpath(".//a[@href]")
    return len(links) == 1 and text_of(links[0]) == text_of(heading) and bool(_HOME_PATH.match(urlsplit(links[0].get("href")).path))


def _title_element(root, container):
    """An element with a title's class or id and a title's length, with no blocks in it: the
    first inside the container, else the last before it near it (in the container's
    grandparent, never a sidebar's box title)."""
    if container is None:
        return None
    order = {e: i for i, e in enumerate(root.iter())}
    start = order.get(container, len(order))
    inside = set(container.iter())
    near = container.getparent().getparent() if container.getparent() is not None else None
    near = set(near.iter()) if near is not None else inside
    found = [
        e
        for e in root.iter("span", "td", "div", "p", "strong", "b", "h4", "h5")
        if _TITLE_ATTR.search(attrs(e))
        and 10 <= len(text_of(e)) <= 300
        and e.find(".//p") is None
        and e.find(".//div") is None
        and e.find(".//table") is None
    ]
    within = [e for e in found if e in inside]
    before = [e for e in found if e not in inside and e in near and order[e] < start]
    return within[0] if within else (before[-1] if before else None)


def find_title(root, container) -> tuple[str, object | None]:
    """The article's heading: an h1 in or before the container (not the site's name), else an
    h2/h3 or other element with a title's class, else og:title, else <title>."""
    inside = [h for h in container.xpath(".//h1") if not _is_logo(h)] if container is not None else []
    headings = inside or [h for h in root.iter("h1") if text_of(h) and not _is_logo(h)]
    if not headings and container is not None:
        headings = [
            h
            for h in root.iter("h2", "h3")
            if ("title" in (h.get("class") or "").lower() or h.get("itemprop") == "headline") and text_of(h)
        ]
    if headings:
        # A logo in an h1 comes before the article's own: take the last h1 before the body.
        heading = headings[0] if inside else headings[-1]
        return text_of(heading), heading
    element = _title_element(root, container)
    if element is not None:
        return text_of(element), element
    for meta in root.iter("meta"):
        if meta.get("property") == "og:title" and meta.get("content"):
            return normalize(meta.get("content")), None
    title = root.find(".//title")
    if title is not None and text_of(title):
        return max(TITLE_SPLIT.split(text_of(title)), key=len), None
    return "", None


def meta_content(root, *names: str) -> str:
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower() in names and meta.get("content"):
            return meta.get("content").strip()
    return ""


def source_url_of(root, path: str | None, mirror_root: Path | None, base_url: str | None) -> str:
    """The page's own address: canonical, og:url, else where it lies in the mirror (a URL
    only when the host is known: wget's host folder, or ``base_url``), else ""."""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower() and (link.get("href") or "").startswith("http"):
            return link.get("href").strip()
    og = meta_content(root, "og:url")
    if og.startswith("http"):
        return og
    return mirror_url(path, mirror_root, base_url)


_CHROME_IMAGE = re.compile(r"(?:^|[\s_./-])(logo|banner|icon|icons|avatar|bullet|spacer|pixel|blank|emoji|btn)(?:$|[\s_./-]|\d)", re.I)


def images_in(element) -> list:
    """The photos inside an element: ``img`` and AMP's ``amp-img``."""
    return [e for e in element.iter("img", "amp-img") if not is_chrome_image(e)]


def is_chrome_image(img) -> bool:
    """A logo, icon, bullet or spacer (by its file name, class or id), never an article's photo."""
    src = urlsplit(img.get("src") or img.get("data-src") or "").path.rsplit("/", 1)[-1]
    return bool(_CHROME_IMAGE.search(src) or _CHROME_IMAGE.search(attrs(img)))


def is_layout_table(table) -> bool:
    """A table that lays out a page rather than holding data: a table inside it, a cell with a
    ``div``, a heading or a form field in it, or one column of rows holding long text (a title
    row, a date row, a body row). (A ``<p>`` in a cell is not a sign: tables pasted from Word
    have one in every cell.)"""
    if table.find(".//table") is not None:
        return True
    cells = list(table.iter("td", "th"))
    if any(cell.find(f".//{tag}") is not None for cell in cells for tag in ("div", "h1", "h2", "h3", "input")):
        return True
    rows = [row for row in table.iter("tr")]
    single_column = bool(rows) and all(len([c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]) <= 1 for row in rows)
    return single_column and len(text_of(table)) > 400


_TAIL_STOP = ("ul", "ol", "table", "h1", "h2", "h3", "h4", "nav", "form")


def tail_lines(container, limit: int = 4) -> list[str]:
    """Short lines in the blocks right after the container (before any list or heading): where
    many portals print the byline and the source, right-aligned in a block of their own."""
    lines: list[str] = []
    for sibling in container.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        if sibling.tag in _TAIL_STOP or sibling.find(".//li") is not None or len(text_of(sibling)) > 200:
            break
        lines += [" ".join(part.split()) for part in normalize("\n".join(sibling.itertext())).split("\n") if part.strip()][:limit]
        if len(lines) >= limit:
            break
    return lines[:limit]


def lead_before(container, heading):
    """A lead in an unnamed block between the title and the body's container (portal products
    print the sapo in a block of its own there): the nearest such block of paragraph length,
    only when the title is among the container's earlier siblings (or inside one of them)."""
    if heading is None:
        return None
    candidate = None
    for sibling in container.itersiblings(preceding=True):
        if not isinstance(sibling.tag, str):
            continue
        if sibling is heading or any(e is heading for e in sibling.iter()):
            return candidate
        text = text_of(sibling)
        if (
            candidate is None
            and sibling.tag not in ("ul", "ol", "nav", "table", "figure")
            and len(text) >= 60
            and len(text.split()) >= 12
            and text[-1:] in ".!?…”\")"
            and len(sibling.findall(".//a")) <= 2
            and not images_in(sibling)
            and sibling.find(".//table") is None
        ):
            candidate = sibling  # (a sentence: never a toolbar "Cỡ chữ A A A | In bài | Chia sẻ")
    return None
