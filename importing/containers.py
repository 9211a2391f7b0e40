"""Where the article is on a saved page: the body's container by the classes, ids and
``itemprop`` the CMSs use (else a lone ``<article>``, else readability-lxml's scoring), the
chrome elements dropped inside it, the title, the page's meta tags and its old URL.
No Django, no network."""

from __future__ import annotations

import re
from pathlib import Path

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


def find_title(root, container) -> tuple[str, object | None]:
    """The article's heading: an h1 in or before the container, else og:title, else <title>."""
    inside = container.xpath(".//h1") if container is not None else []
    headings = inside or [h for h in root.iter("h1") if text_of(h)]
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
