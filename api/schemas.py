"""What the API says about each record: only public fields, named in English.

Import reports, editors' accounts (created_by, updated_by), review flags, relation notes
and audit records are never in these schemas, so no endpoint can leak them.
"""

from __future__ import annotations

import datetime

from ninja import Schema


class Ref(Schema):
    slug: str
    name: str
    url: str


class DocumentRef(Schema):
    slug: str
    symbol: str
    title: str
    url: str


class ArticleRef(Schema):
    slug: str
    title: str
    url: str


class Article(Schema):
    id: int
    slug: str
    title: str
    lead: str
    url: str
    section: Ref | None
    published_at: datetime.datetime | None
    updated_at: datetime.datetime
    byline: str
    source: str
    view_count: int
    tags: list[Ref]
    documents: list[DocumentRef]
    bodies: list[Ref]
    models: list[Ref]


class ArticleDetail(Article):
    body: str


class Section(Schema):
    slug: str
    name: str
    description: str
    url: str


class Relation(Schema):
    kind: str
    label: str
    document: DocumentRef


class Document(Schema):
    slug: str
    symbol: str
    kind: str
    kind_label: str
    title: str
    subject: str
    issuer: Ref | None
    issued_on: datetime.date | None
    issue_year: int | None
    term: str
    popular_names: list[str]
    validity: str
    validity_label: str
    url: str
    updated_at: datetime.datetime


class DocumentDetail(Document):
    summary: str
    signer: str
    effective_on: datetime.date | None
    expires_on: datetime.date | None
    source_url: str
    relations: list[Relation]
    related_from: list[Relation]


class Body(Schema):
    slug: str
    name: str
    short_name: str
    kind: str
    level: str
    locality: str
    parent: Ref | None
    successor: Ref | None
    active_from: datetime.date | None
    active_until: datetime.date | None
    url: str
    updated_at: datetime.datetime


class BodyDetail(Body):
    path: list[Ref]
    children: list[Ref]
    predecessors: list[Ref]
    description: str


class Model(Schema):
    slug: str
    name: str
    kind: str
    field: str
    level: str
    year: int | None
    body: Ref | None
    description: str
    url: str
    updated_at: datetime.datetime


class GalleryItem(Schema):
    slug: str
    title: str
    description: str
    date: datetime.date
    url: str
    articles: list[ArticleRef]
    updated_at: datetime.datetime


class Album(GalleryItem):
    photo_count: int


class Video(GalleryItem):
    link: str  # a YouTube or Facebook address, or empty
    file_url: str  # the uploaded MP4/WebM file, or empty


class Tag(Schema):
    slug: str
    name: str
    url: str


def page_of(item):
    """The envelope of a list: the rows and the cursor of the next page (null on the last)."""
    return type(f"{item.__name__}Page", (Schema,), {"__annotations__": {"items": list[item], "next_cursor": str | None}})


class Error(Schema):
    detail: str
