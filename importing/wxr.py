"""A WordPress export (WXR 1.1 / 1.2) → ``Entry`` records, streamed. Pure Python: no Django.

Two passes over the file, each holding one item at a time: the first reads the XML through
to its end (so a file broken at byte 90 MB fails before anything is written) and keeps
what posts refer to — authors' display names, categories, attachments (id → file, caption);
the second yields the posts and pages. Channel elements use local names, so 1.1 and 1.2
read alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from danvan.text import normalize, normalize_line

from .xmlstream import iter_children, local

__all__ = ["Attachment", "Entry", "Export", "Term", "read_export", "sniff"]


@dataclass(frozen=True)
class Attachment:
    url: str
    file: str = ""  # _wp_attached_file: "2019/03/anh.jpg", relative to wp-content/uploads
    caption: str = ""
    alt: str = ""


@dataclass(frozen=True)
class Term:
    """A category or tag of the old site, as the export lists them (``wp:category``, ``wp:tag``)."""

    taxonomy: str  # "category" or "post_tag"
    term_id: str
    slug: str  # the nicename, as WordPress writes it in addresses (percent-encoded for Vietnamese)
    name: str
    parent: str = ""  # a category's parent's slug


@dataclass
class Entry:
    """One item of an export or a feed, as the loader needs it, whatever the format."""

    post_type: str  # post, page, attachment, nav_menu_item … ("post" for every feed item)
    title: str
    link: str = ""
    guid: str = ""
    wp_id: str = ""
    slug: str = ""
    content: str = ""
    excerpt: str = ""
    status: str = "publish"
    password: bool = False
    published: dt.datetime | None = None  # aware (UTC) when the export says, else naive local
    authors: list[str] = field(default_factory=list)
    categories: list[tuple[str, str]] = field(default_factory=list)  # (nicename or term, label)
    tags: list[str] = field(default_factory=list)
    thumbnail: Attachment | None = None


@dataclass
class Export:
    path: Path
    authors: dict[str, str] = field(default_factory=dict)  # login → display name
    attachments: dict[str, Attachment] = field(default_factory=dict)
    base_url: str = ""
    blog_url: str = ""  # where the posts, categories and tags live (``wp:base_blog_url``)
    terms: list[Term] = field(default_factory=list)

    def entries(self) -> Iterator[Entry]:
        for _root, element in iter_children(self.path):
            if local(element.tag) == "item":
                yield self._entry(element)

    def _entry(self, item: Element) -> Entry:
        values: dict[str, str] = {}
        categories, tags, meta = [], [], {}
        for child in item:
            name, text = local(child.tag), child.text or ""
            if name == "category":
                label, nicename = normalize_line(text), child.get("nicename") or ""
                if child.get("domain") == "post_tag":
                    tags.append(label)
                elif child.get("domain") in (None, "category"):
                    categories.append((nicename or label, label))
            elif name == "postmeta":
                key = value = ""
                for part in child:
                    if local(part.tag) == "meta_key":
                        key = part.text or ""
                    elif local(part.tag) == "meta_value":
                        value = part.text or ""
                meta[key] = value
            elif name == "encoded":
                values["excerpt" if "excerpt" in child.tag else "content"] = text
            else:
                values[name] = text
        login = normalize_line(values.get("creator", ""))
        author = self.authors.get(login, login)
        thumbnail = self.attachments.get(meta.get("_thumbnail_id", "").strip())
        return Entry(
            post_type=values.get("post_type", "post").strip() or "post",
            title=normalize_line(values.get("title", "")),
            link=values.get("link", "").strip(),
            guid=values.get("guid", "").strip(),
            wp_id=values.get("post_id", "").strip(),
            slug=values.get("post_name", "").strip(),
            content=values.get("content", ""),
            excerpt=normalize(values.get("excerpt", "")),
            status=values.get("status", "publish").strip() or "publish",
            password=bool(values.get("post_password", "").strip()),
            published=_wp_date(values.get("post_date_gmt", ""), values.get("post_date", "")),
            authors=[author] if author else [],
            categories=categories,
            tags=tags,
            thumbnail=thumbnail,
        )


def _wp_date(gmt: str, local_time: str) -> dt.datetime | None:
    """post_date_gmt (UTC) when set; drafts carry "0000-00-00 00:00:00" there, then post_date (local)."""
    for value, aware in ((gmt, True), (local_time, False)):
        try:
            parsed = dt.datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        return parsed.replace(tzinfo=dt.UTC) if aware else parsed
    return None


def _attachment(item: Element) -> tuple[str, Attachment]:
    values, meta = {}, {}
    for child in item:
        name = local(child.tag)
        if name == "postmeta":
            parts = {local(p.tag): p.text or "" for p in child}
            meta[parts.get("meta_key", "")] = parts.get("meta_value", "")
        elif name == "encoded" and "excerpt" in child.tag:
            values["caption"] = child.text or ""
        else:
            values[name] = child.text or ""
    return values.get("post_id", "").strip(), Attachment(
        url=values.get("attachment_url", "").strip() or values.get("guid", "").strip(),
        file=meta.get("_wp_attached_file", "").strip(),
        caption=normalize_line(values.get("caption", "")),
        alt=normalize_line(meta.get("_wp_attachment_image_alt", "")),
    )


def read_export(path: Path) -> Export:
    """The first pass: the whole file is read (``XMLError`` if it is broken anywhere)."""
    export = Export(path)
    for _root, element in iter_children(path):
        name = local(element.tag)
        if name == "author":
            parts = {local(p.tag): normalize_line(p.text or "") for p in element}
            if parts.get("author_login"):
                export.authors[parts["author_login"]] = parts.get("author_display_name") or parts["author_login"]
        elif name == "base_site_url":
            export.base_url = (element.text or "").strip()
        elif name == "base_blog_url":
            export.blog_url = (element.text or "").strip()
        elif name in ("category", "tag", "term"):
            term = _term(name, element)
            if term is not None:
                export.terms.append(term)
        elif name == "item" and any(local(c.tag) == "post_type" and (c.text or "").strip() == "attachment" for c in element):
            ident, attachment = _attachment(element)
            if ident:
                export.attachments[ident] = attachment
        element.clear()
    return export


def _term(name: str, element: Element) -> Term | None:
    """A channel's ``wp:category``, ``wp:tag`` or (WXR 1.2) ``wp:term`` of those taxonomies."""
    parts = {local(p.tag): (p.text or "").strip() for p in element}
    taxonomy = {"category": "category", "tag": "post_tag"}.get(name) or parts.get("term_taxonomy", "")
    slug = parts.get("category_nicename") or parts.get("tag_slug") or parts.get("term_slug", "")
    if taxonomy not in ("category", "post_tag") or not slug:
        return None
    label = parts.get("cat_name") or parts.get("tag_name") or parts.get("term_name", "")
    parent = parts.get("category_parent") or parts.get("term_parent", "")
    return Term(taxonomy, parts.get("term_id", ""), slug, normalize_line(label), parent)


def sniff(head: str) -> bool:
    """Whether the start of a file is a WordPress export (an RSS document in the WXR namespace)."""
    return "<rss" in head and "wordpress.org/export/" in head
