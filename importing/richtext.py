"""Post HTML from WordPress and feeds → a sanitised body, its text, and its photos. Pure: no Django.

WordPress stores bodies as "autop" text (paragraphs separated by blank lines, no ``<p>``)
with shortcodes; feeds carry finished HTML. Either way:

- ``[caption]<img …> Chú thích[/caption]`` becomes a figure with its caption; other
  known shortcodes (gallery, embed, page builders' ``vc_``/``et_pb_``/``fusion_``/``su_``) are
  taken out, their inner text kept. Text in brackets that is no shortcode ("[1]") stays.
- The HTML is sanitised with the site's allow-list (``danvan.html``), as every body is.
- Images are taken out of the body and returned as photos (source, alt, caption, the number
  of blocks before them): the loader finds their files in the export's uploads folder, and a
  missing file leaves its caption. No body keeps a link to an image on the old host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from danvan.html import SanitizedHTML, sanitized
from danvan.text import normalize, normalize_line

__all__ = ["Converted", "FoundImage", "convert"]

_BLOCK = ("p", "h2", "h3", "h4", "ul", "ol", "table", "blockquote", "figure", "hr")
_BLOCK_START = re.compile(
    r"^\s*<(?:p|h[1-6]|ul|ol|li|table|thead|tbody|tr|td|th|blockquote|figure|div|pre|hr|section|article|iframe)\b", re.I
)
_HAS_BLOCKS = re.compile(r"<(?:p|div|h[1-6]|table|ul|ol|blockquote|figure)\b", re.I)
_CAPTION = re.compile(r"\[(?:caption|wp_caption)\b([^\]]*)\](.*?)\[/(?:caption|wp_caption)\]", re.I | re.S)
_CAPTION_ATTR = re.compile(r'\bcaption\s*=\s*"([^"]*)"', re.I)
_IMG_OR_LINKED = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.I | re.S)
_DROPPED_WITH_CONTENT = re.compile(r"\[(embed|video|audio|playlist)\b[^\]]*\].*?\[/\1\]", re.I | re.S)
_SHORTCODE = re.compile(r"\[/?(?:gallery|embed|video|audio|playlist|(?:vc|et_pb|fusion|su)_[a-z0-9_]+)\b[^\]]*\]", re.I)
_FIGURE = re.compile(r"<figure>.*?</figure>", re.S)
_IMG = re.compile(r"<img\b[^>]*>")
_EMPTY = re.compile(r"<(p|a|strong|em|b|i)>\s*(?:<br>\s*)*</\1>")


@dataclass(frozen=True)
class FoundImage:
    src: str
    alt: str = ""
    caption: str = ""
    after_paragraph: int = 0


@dataclass
class Converted:
    body: SanitizedHTML
    paragraphs: list[str]  # the text of each block, for entity extraction
    images: list[FoundImage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _figures(html: str) -> str:
    def figure(match: re.Match) -> str:
        attributes, inner = match.group(1), match.group(2)
        found = _IMG_OR_LINKED.match(inner)
        if not found:
            return inner
        caption = found.group(2).strip()
        named = _CAPTION_ATTR.search(attributes)
        if not caption and named:
            caption = named.group(1)
        return f"<figure>{found.group(1)}<figcaption>{caption}</figcaption></figure>"

    return _CAPTION.sub(figure, html)


def _autop(html: str) -> str:
    """WordPress's paragraphs: text between blank lines, single line breaks kept as ``<br>``."""
    html = html.replace("\r\n", "\n").replace("\r", "\n")
    if _HAS_BLOCKS.search(html) and "\n\n" not in html:
        return html
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", html) if chunk.strip()]
    return "\n".join(chunk if _BLOCK_START.match(chunk) else "<p>" + chunk.replace("\n", "<br>") + "</p>" for chunk in chunks)


class _Walker(HTMLParser):
    """Counts top-level blocks, collects their text and the images with where they stand."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.images: list[FoundImage] = []
        self._figure: dict | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag == "figure":
            self._figure = {"src": "", "alt": "", "caption": []}
        elif tag == "figcaption":
            self._in_caption = True
        elif tag == "img":
            if self._figure is not None and not self._figure["src"]:
                self._figure.update(src=values.get("src") or "", alt=values.get("alt") or "")
            else:
                self.images.append(FoundImage(values.get("src") or "", normalize_line(values.get("alt") or ""), "", self._before()))
        elif tag == "br":
            self.current.append(" ")
        if tag in _BLOCK and tag not in ("hr", "figure"):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "figcaption":
            self._in_caption = False
        elif tag == "figure" and self._figure is not None:
            figure, self._figure = self._figure, None
            caption = normalize_line(" ".join(figure["caption"]))
            self.images.append(FoundImage(figure["src"], normalize_line(figure["alt"]), caption, self._before()))
        if tag in _BLOCK and tag not in ("hr", "figure"):
            self.depth = max(0, self.depth - 1)
            if self.depth == 0:
                text = normalize_line(" ".join(self.current))
                if text:
                    self.blocks.append(text)
                self.current = []

    def handle_data(self, data: str) -> None:
        if self._in_caption and self._figure is not None:
            self._figure["caption"].append(data)
        else:
            self.current.append(data)

    def _before(self) -> int:
        return len(self.blocks)


def convert(html: str) -> Converted:
    """Sanitised body without images, its blocks' text, and the images it had."""
    warnings = []
    text = normalize(html or "")
    if re.search(r"\[gallery\b", text, re.I):
        warnings.append("bài có thư viện ảnh [gallery]: các ảnh của thư viện không được đưa vào nội dung")
    text = _DROPPED_WITH_CONTENT.sub("", _figures(text))
    text = _SHORTCODE.sub("", text)
    clean = sanitized(_autop(text))
    walker = _Walker()
    walker.feed(clean)
    walker.close()
    if walker.current:
        tail = normalize_line(" ".join(walker.current))
        if tail:
            walker.blocks.append(tail)
    without = _IMG.sub("", _FIGURE.sub("", clean))
    while True:  # an image alone in its paragraph leaves an empty one
        emptied = _EMPTY.sub("", without)
        if emptied == without:
            break
        without = emptied
    return Converted(sanitized(without.strip()), walker.blocks, [i for i in walker.images if i.src], warnings)
