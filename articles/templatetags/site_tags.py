"""Template helpers for the public site: article body with photos and linked document
symbols, JSON-LD, absolute URLs and pagination links."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import urlencode

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from danvan.identity import site_name
from danvan.querystring import PAGE_PARAM
from danvan.siteurl import absolute_url, site_root
from organizations import filters
from organizations.models import Document, normalize_symbol

register = template.Library()

# A document symbol as printed: 25-NQ/TW, 290-QĐ/TW, 2765/QĐ-UBND, 30/2020/NĐ-CP, 99/QĐ-TTg.
SYMBOL_RE = re.compile(r"(?<![\w/\-])(\d{1,5}(?:/\d{4})?[-/‐‑–][A-ZĐ]{1,10}(?:[-/‐‑–][A-Za-zĐđ0-9]{1,12}){0,3})(?![\w/\-])")
_TAG_RE = re.compile(r"(<[^>]*>)")
_PARAGRAPH_END_RE = re.compile(r"(?<=</p>)", re.IGNORECASE)


def symbols_in(html: str) -> set[str]:
    """Canonical symbols that appear anywhere in ``html``."""
    return {normalize_symbol(m) for m in SYMBOL_RE.findall(html)}


def document_links(html: str, attached: Iterable[Document]) -> dict[str, Document]:
    """Which symbols in ``html`` name a known document, and which document.

    One query for the candidates found in the text. A symbol that recurs in another term
    links to the document the article is attached to; if it is not attached and several
    documents share the symbol, it stays plain text rather than risk the wrong link.
    """
    candidates = symbols_in(html)
    if not candidates:
        return {}
    links: dict[str, Document] = {d.symbol: d for d in attached if d.symbol in candidates}
    found: dict[str, list[Document]] = {}
    for document in Document.objects.filter(symbol__in=candidates - links.keys()).only("symbol", "slug", "kind"):
        found.setdefault(document.symbol, []).append(document)
    links.update({symbol: docs[0] for symbol, docs in found.items() if len(docs) == 1})
    return links


def link_symbols(html: str, links: dict[str, Document]) -> str:
    """Wrap each known symbol in a link to its document, outside tags and existing links."""
    if not links:
        return html
    out, inside_link = [], 0
    for part in _TAG_RE.split(html):
        if part.startswith("<"):
            lowered = part[:3].lower()
            if lowered.startswith("<a ") or lowered == "<a>":
                inside_link += 1
            elif lowered.startswith("</a"):
                inside_link = max(0, inside_link - 1)
            out.append(part)
        elif inside_link or not part:
            out.append(part)
        else:
            out.append(SYMBOL_RE.sub(lambda m: _symbol_link(m, links), part))
    return "".join(out)


def _symbol_link(match: re.Match, links: dict[str, Document]) -> str:
    document = links.get(normalize_symbol(match.group(1)))
    if document is None:
        return match.group(0)
    return format_html('<a class="doc-link" href="{}" title="{}">{}</a>', document.get_absolute_url(), str(document), match.group(1))


@register.simple_tag
def article_body(article, photos, links) -> SafeString:
    """The article's (sanitised-on-save) body with its photos placed after their paragraphs
    and known document symbols linked. Photos with no paragraph number follow the body."""
    # Article.body is sanitised when saved (the one trusted HTML field), hence mark_safe.
    html = link_symbols(article.body or "", links)
    paragraphs = [p for p in _PARAGRAPH_END_RE.split(html) if p.strip()]
    placed: dict[int, list] = {}
    trailing = []
    for photo in photos:
        if photo.after_paragraph is None or photo.after_paragraph > len(paragraphs):
            trailing.append(photo)
        else:
            placed.setdefault(photo.after_paragraph, []).append(photo)
    parts = [_figures(placed.get(0, []))]
    for number, paragraph in enumerate(paragraphs, start=1):
        parts.append(mark_safe(paragraph))  # sanitised on save
        parts.append(_figures(placed.get(number, [])))
    parts.append(_figures(trailing))
    return mark_safe("".join(parts))  # every part is safe: sanitised body, rendered figures


def _figures(photos) -> str:
    return "".join(render_to_string("articles/_figure.html", {"photo": photo}) for photo in photos)


@register.simple_tag(takes_context=True)
def absolute(context, path: str) -> str:
    """The address readers use + path (SITE_URL where set): danvan/siteurl.py."""
    return absolute_url(path, context.get("request"))


@register.simple_tag(takes_context=True)
def canonical(context) -> str:
    """This page's own address: the path, and ``?trang=N`` past the first page of a list
    (each page of a list is its own page to a search engine, not a copy of the first)."""
    request = context.get("request")
    page = context.get("page_obj")
    path = request.path if request is not None else "/"
    if page is not None and getattr(page, "number", 1) > 1:
        path += "?" + urlencode({PAGE_PARAM: page.number})
    return absolute_url(path, request)


# json.dumps output is safe inside <script> once these three are escaped (as json_script does).
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def news_article_jsonld(context, article, photos, tags) -> SafeString:
    """schema.org NewsArticle for the article page."""
    root = site_root(context.get("request"))
    url = root + article.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.lead,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "inLanguage": "vi",
        "publisher": {"@type": "Organization", "name": site_name(), "url": root + "/"},
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    data["dateModified"] = article.updated_at.isoformat() if article.updated_at else data.get("datePublished")
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    else:
        data["author"] = {"@type": "Organization", "name": site_name()}
    if article.section:
        data["articleSection"] = article.section.name
    keywords = [t.name for t in tags]
    if keywords:
        data["keywords"] = keywords
    if photos:
        data["image"] = [absolute_url(p.image.url, context.get("request")) for p in photos]
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # escaped above


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """Link to page ``number`` of the current list, keeping its filters."""
    query = context.get("filter_query", "")
    page = f"trang={number}" if number > 1 else ""
    joined = "&".join(q for q in (query, page) if q)
    return f"?{joined}" if joined else context["request"].path


@register.filter
def url_word(value: str) -> str:
    """A filter's stored code as its list URL writes it: ``nghi_quyet`` → ``nghi-quyet``."""
    return filters.url_word(value)


@register.filter
def truncate_meta(text: str, length: int = 160) -> str:
    """A meta description: one line, at most ``length`` characters, cut at a word."""
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    return (cut[: cut.rfind(" ")] if " " in cut else cut) + "…"


@register.filter
def cover_photo(article):
    """The first photo that has a file (imported photos may have only a caption)."""
    for photo in getattr(article, "ordered_photos", ()):
        if photo.image:
            return photo
    return None
