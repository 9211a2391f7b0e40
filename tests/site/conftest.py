"""Small factories for the public-site tests: each makes one row with sensible defaults."""

from __future__ import annotations

import datetime
import itertools
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Article, Photo, Section
from organizations.models import Document, DocumentRelation, Exemplar, Organization

_seq = itertools.count(1)


def make_section(**kwargs) -> Section:
    n = next(_seq)
    kwargs.setdefault("name", f"Chuyên mục {n}")
    return Section.objects.create(**kwargs)


def make_article(*, tags: list[str] | None = None, days_ago: float = 1, **kwargs) -> Article:
    n = next(_seq)
    kwargs.setdefault("title", f"Bài viết số {n} về công tác dân vận")
    kwargs.setdefault("lead", f"Sapo của bài {n}.")
    kwargs.setdefault("body", f"<p>Đoạn một của bài {n}.</p><p>Đoạn hai.</p>")
    kwargs.setdefault("status", Article.Status.PUBLISHED)
    if "published_at" not in kwargs:
        kwargs["published_at"] = timezone.now() - datetime.timedelta(days=days_ago)
    article = Article.objects.create(**kwargs)
    if tags:
        article.tags.add(*tags)
    return article


def make_unpublished_set(**links) -> list[Article]:
    """One article in each state the public must never see, linked like ``links`` says."""
    now = timezone.now()
    rows = [
        make_article(title="Bản nháp bí mật", status=Article.Status.DRAFT, **links.get("fields", {})),
        make_article(title="Bài chờ duyệt bí mật", status=Article.Status.REVIEW, **links.get("fields", {})),
        make_article(title="Bài lưu trữ bí mật", status=Article.Status.ARCHIVED, **links.get("fields", {})),
        make_article(
            title="Bài hẹn giờ bí mật",
            status=Article.Status.PUBLISHED,
            published_at=now + datetime.timedelta(days=2),
            **links.get("fields", {}),
        ),
    ]
    for article in rows:
        for name in ("documents", "organizations", "exemplars"):
            if links.get(name):
                getattr(article, name).add(*links[name])
        if links.get("tags"):
            article.tags.add(*links["tags"])
    return rows


SECRET_TITLES = ["Bản nháp bí mật", "Bài chờ duyệt bí mật", "Bài lưu trữ bí mật", "Bài hẹn giờ bí mật"]


def make_organization(**kwargs) -> Organization:
    n = next(_seq)
    kwargs.setdefault("name", f"Ban Dân vận Tỉnh ủy số {n}")
    return Organization.objects.create(**kwargs)


def make_document(**kwargs) -> Document:
    n = next(_seq)
    kwargs.setdefault("kind", Document.Kind.RESOLUTION)
    kwargs.setdefault("symbol", f"{n}-NQ/TW")
    kwargs.setdefault("issued_on", datetime.date(2013, 6, 3))
    kwargs.setdefault("subject", f"về công tác dân vận số {n}")
    return Document.objects.create(**kwargs)


def make_exemplar(**kwargs) -> Exemplar:
    n = next(_seq)
    kwargs.setdefault("name", f"Mô hình dân vận khéo số {n}")
    kwargs.setdefault("kind", Exemplar.Kind.MODEL)
    kwargs.setdefault("year", 2021)
    return Exemplar.objects.create(**kwargs)


def make_relation(source: Document, target: Document, kind=DocumentRelation.Kind.IMPLEMENTS) -> DocumentRelation:
    return DocumentRelation.objects.create(source=source, target=target, kind=kind)


def _png() -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 6), (183, 28, 28)).save(buffer, format="PNG")
    return buffer.getvalue()


def make_photo(article: Article, *, with_file: bool = True, **kwargs) -> Photo:
    n = next(_seq)
    kwargs.setdefault("caption", f"Chú thích ảnh {n}")
    kwargs.setdefault("credit", "Phương Hoa")
    kwargs.setdefault("order", n)
    photo = Photo(article=article, **kwargs)
    if with_file:
        photo.image = SimpleUploadedFile(f"anh-{n}.png", _png(), content_type="image/png")
    photo.save()
    return photo


@pytest.fixture
def section(db) -> Section:
    return make_section(name="Dân vận khéo", description="Những cách làm hay.")
