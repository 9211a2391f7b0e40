"""Article body HTML, sanitised with an allow-list (nh3, the Rust ammonia sanitiser).

Runs on every save of an article, whoever wrote it: the rich-text editor, a paste from a
newspaper site, or the importer. What an editor needs survives (headings, emphasis,
lists, links, quotes, tables, figures, inline images, video from the players in danvan/embeds.py, links opening in a new tab); scripts,
event handlers, javascript: URLs, styles and frames from unknown hosts do not.
"""

from __future__ import annotations

import html as stdlib_html
import re

import nh3

from .embeds import trusted_player
from .text import normalize, strip_invisible

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "mark",
    "ul", "ol", "li", "a", "blockquote", "cite", "q", "figure", "figcaption", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "iframe",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "target"},  # target only "_blank"; every link gets rel="noopener noreferrer"
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "ol": {"start", "reversed"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "blockquote": {"cite"},
    "iframe": {"src", "title", "width", "height", "allowfullscreen"},
    "p": {"style"},
    "h2": {"style"},
    "h3": {"style"},
    "h4": {"style"},
}
# The only style that survives is alignment: nothing can hide or overlay content.
ALLOWED_STYLE_PROPERTIES = {"text-align"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_EMPTY_STYLE = re.compile(r'\sstyle=""')
_EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.IGNORECASE | re.DOTALL)


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "iframe" and name == "src" and not trusted_player(value):
        return None
    if tag == "a" and name == "target" and value != "_blank":
        return None  # a new tab, or the same one: never a named frame or "_parent"
    if tag == "img" and name == "loading" and value not in {"lazy", "eager"}:
        return None
    return value


def sanitize_html(html: str | None) -> str:
    """Clean ``html`` to the allow-list; the text is normalised (NFC, Ð → Đ) first."""
    if not html:
        return ""
    cleaned = nh3.clean(
        normalize(html),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "object", "embed", "svg", "math"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=URL_SCHEMES,
        filter_style_properties=ALLOWED_STYLE_PROPERTIES,
        strip_comments=True,
        link_rel="noopener noreferrer",
    )
    # Character references ("&#x202E;") are decoded by the cleaner, after normalize ran.
    return strip_invisible(_EMPTY_STYLE.sub("", _EMPTY_IFRAME.sub("", cleaned))).strip()


class SanitizedHTML(str):
    """HTML that ``sanitize_html`` has already cleaned, so that saving it need not clean it again.

    Only ``sanitized()`` makes one; any other string (an editor's form, a paste, a fixture)
    is cleaned when the article is saved. Cleaning is stable (cleaning twice changes
    nothing), so skipping the second pass stores the same text.
    """

    __slots__ = ()


def sanitized(html: str | None) -> SanitizedHTML:
    """``sanitize_html``, marked as done (the importer cleans bodies in its worker processes)."""
    return html if isinstance(html, SanitizedHTML) else SanitizedHTML(sanitize_html(html))


def text_to_html(text: str) -> str:
    """Plain text with blank-line paragraphs → escaped ``<p>`` paragraphs."""
    paragraphs = [p.strip() for p in normalize(text).split("\n\n") if p.strip()]
    return "".join(f"<p>{stdlib_html.escape(p, quote=False).replace(chr(10), '<br>')}</p>" for p in paragraphs)
