"""Every public page runs a fixed number of queries, however much it shows.

Each page is built with 1 and with 30 items attached (articles, tags, photos, documents,
bodies, models, relations) and must run the same number of queries, at most 12.
"""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from .conftest import (
    make_article,
    make_document,
    make_exemplar,
    make_organization,
    make_photo,
    make_relation,
    make_section,
)

pytestmark = pytest.mark.django_db

BUDGET = 12
_round = itertools.count(1)


def _article_with(n: int, **kwargs):
    r = next(_round)
    article = make_article(tags=[f"từ khóa {r}-{i}" for i in range(n)], **kwargs)
    for _ in range(n):
        make_photo(article)
    return article


def build_home(n):
    section = make_section()
    for _ in range(n):
        article = _article_with(n, section=section, view_count=5)
        article.documents.add(*[make_document() for _ in range(2)])
        article.exemplars.add(make_exemplar())
    make_article(featured=True, section=section)
    return "/"


def build_section(n):
    section = make_section()
    for _ in range(n):
        _article_with(n, section=section)
    return section.get_absolute_url()


def build_tag(n):
    r = next(_round)
    for _ in range(n):
        make_article(tags=[f"chung {r}"] + [f"riêng {r}-{i}" for i in range(n)])
    return reverse("articles:tag", args=[Tag.objects.get(name=f"chung {r}").slug])


def build_archive(n):
    import datetime

    year = 1950 + next(_round) % 50  # a past year of its own: future dates are not public
    for i in range(n):
        make_article(published_at=datetime.datetime(year, 3, 1 + i % 28, 3, tzinfo=datetime.UTC))
    return reverse("articles:archive_month", args=[year, 3])


def build_archive_index(n):
    import datetime

    for i in range(n):
        make_article(published_at=datetime.datetime(1990 + i, 1 + i % 12, 1, 3, tzinfo=datetime.UTC))
    return reverse("articles:archive_index")


def build_article(n):
    section = make_section()
    article = _article_with(n, section=section)
    docs = [make_document() for _ in range(n)]
    bodies = [make_organization() for _ in range(n)]
    models = [make_exemplar() for _ in range(n)]
    article.documents.add(*docs)
    article.organizations.add(*bodies)
    article.exemplars.add(*models)
    article.body = "<p>" + " ".join(d.symbol for d in docs) + "</p>"
    article.save()
    for _ in range(n):
        related = make_article(section=section, tags=[article.tags.first().name])
        related.documents.add(docs[0])
    return article.get_absolute_url()


def build_document_list(n):
    issuer = make_organization()
    for _ in range(n):
        make_article().documents.add(make_document(issuer=issuer, term=f"K{n}"))
    return reverse("organizations:document_list")


def build_document(n):
    document = make_document()
    for _ in range(n):
        make_article().documents.add(document)
        make_relation(make_document(), document)
        make_relation(document, make_document())
    return document.get_absolute_url()


def build_organization_list(n):
    root = make_organization()
    parent = root
    for i in range(n):
        child = make_organization(parent=parent if i < 4 else root)
        make_article().organizations.add(child)
        parent = child
    return reverse("organizations:organization_list")


def build_organization(n):
    top = make_organization()
    middle = make_organization(parent=top)
    body = make_organization(parent=middle)
    for _ in range(n):
        make_organization(parent=body)
        make_organization(successor=body)
        make_document(issuer=body)
        make_exemplar(organization=body)
        _article_with(n).organizations.add(body)
    return body.get_absolute_url()


def build_exemplar_list(n):
    body = make_organization()
    for _ in range(n):
        make_article().exemplars.add(make_exemplar(organization=body))
    return reverse("organizations:exemplar_list")


def build_exemplar(n):
    exemplar = make_exemplar(organization=make_organization())
    for _ in range(n):
        _article_with(n).exemplars.add(exemplar)
    return exemplar.get_absolute_url()


def build_rss(n):
    for _ in range(n):
        make_article(section=make_section())
    return reverse("articles:rss")


def build_sitemap(n):
    for _ in range(n):
        make_article()
        make_document()
        make_organization()
        make_exemplar()
    return "/sitemap.xml"


PAGES = {
    "home": build_home,
    "section": build_section,
    "tag": build_tag,
    "archive": build_archive,
    "archive_index": build_archive_index,
    "article": build_article,
    "document_list": build_document_list,
    "document": build_document,
    "organization_list": build_organization_list,
    "organization": build_organization,
    "exemplar_list": build_exemplar_list,
    "exemplar": build_exemplar,
    "rss": build_rss,
    "sitemap": build_sitemap,
}


def _count(client, url: str) -> int:
    client.get(url)  # warm process-level caches (content types) once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    if response.get("Content-Type", "").startswith("text/html"):
        assert "Chưa có bài viết" not in response.content.decode(), f"{url} shows nothing: the test measures nothing"
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_flat(client, page):
    build = PAGES[page]
    one = _count(client, build(1))
    thirty = _count(client, build(30))
    assert one == thirty, f"{page}: {one} queries with 1 item, {thirty} with 30"
    assert thirty <= BUDGET, f"{page}: {thirty} queries"
