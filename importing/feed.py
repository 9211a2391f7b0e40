"""RSS 2.0 and Atom files → ``Entry`` records, streamed. Pure Python: no Django.

A feed item is an article that was public on its site: link kept as its old address,
``pubDate`` / ``published`` (else ``updated``) as its date, ``dc:creator`` / ``author`` as the
byline, categories for the section mapping, ``content:encoded`` / Atom ``content`` as the
body, else the description or summary.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from danvan.text import normalize_line

from .wxr import Entry
from .xmlstream import ATOM, iter_children, local

__all__ = ["read_feed", "sniff"]


def sniff(head: str) -> bool:
    return "<rss" in head or ("<feed" in head and "http://www.w3.org/2005/Atom" in head)


def read_feed(path: Path) -> Iterator[Entry]:
    """Each item or entry; ``XMLError`` when the file is broken (callers read it all before writing)."""
    for _root, element in iter_children(path):
        name = local(element.tag)
        if name == "item":
            yield _rss_item(element)
        elif element.tag == f"{ATOM}entry":
            yield _atom_entry(element)


def _rss_date(value: str) -> dt.datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _iso_date(value: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _rss_item(item: Element) -> Entry:
    values: dict[str, str] = {}
    categories, authors = [], []
    for child in item:
        name, text = local(child.tag), (child.text or "")
        if name == "category":
            label = normalize_line(text)
            if label:
                categories.append((label, label))
        elif name in ("creator", "author"):
            author = normalize_line(text)
            if "@" in author and "(" in author:  # RSS author is "email (Name)"
                author = author.split("(", 1)[1].rstrip(")").strip()
            if author and author not in authors:
                authors.append(author)
        elif name == "encoded":
            values["content"] = text
        else:
            values.setdefault(name, text)
    return Entry(
        post_type="post",
        title=normalize_line(values.get("title", "")),
        link=values.get("link", "").strip(),
        guid=values.get("guid", "").strip(),
        content=values.get("content") or values.get("description", ""),
        published=_rss_date(values.get("pubDate", "")) or _iso_date(values.get("date", "")),
        authors=authors,
        categories=categories,
    )


def _atom_text(element: Element) -> str:
    """Atom text constructs: html as it is, xhtml's inner markup, text escaped by the sanitiser."""
    if element.get("type") == "xhtml":
        from xml.etree.ElementTree import tostring

        return "".join(tostring(child, encoding="unicode") for child in element) or (element.text or "")
    if element.get("type", "text") == "text":
        return html.escape(element.text or "", quote=False)
    return element.text or ""


def _atom_entry(entry: Element) -> Entry:
    values: dict[str, str] = {}
    link, categories, authors = "", [], []
    for child in entry:
        name = local(child.tag)
        if name == "link" and child.get("rel", "alternate") == "alternate" and not link:
            link = (child.get("href") or "").strip()
        elif name == "category":
            term = normalize_line(child.get("term") or "")
            if term:
                categories.append((term, normalize_line(child.get("label") or term)))
        elif name == "author":
            for part in child:
                if local(part.tag) == "name" and normalize_line(part.text or ""):
                    authors.append(normalize_line(part.text or ""))
        elif name in ("content", "summary"):
            values[name] = _atom_text(child)
        else:
            values[name] = child.text or ""
    return Entry(
        post_type="post",
        title=normalize_line(values.get("title", "")),
        link=link,
        guid=values.get("id", "").strip(),
        content=values.get("content") or values.get("summary", ""),
        published=_iso_date(values.get("published", "")) or _iso_date(values.get("updated", "")),
        authors=authors,
        categories=categories,
    )
