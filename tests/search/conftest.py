"""Small factories for search tests; every record is indexed by the save signal."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from organizations.models import Document, Exemplar, Organization
from search.models import SearchEntry
from search.query import parse

_counter = itertools.count(1)


def make_article(title: str, *, body: str = "", lead: str = "", status: str = "published", published_at=..., **extra) -> Article:
    if published_at is ...:
        published_at = timezone.now() - timedelta(days=1) if status == Article.Status.PUBLISHED else None
    return Article.objects.create(title=title, lead=lead, body=body, status=status, published_at=published_at, **extra)


def make_document(
    symbol: str, *, kind: str = Document.Kind.RESOLUTION, subject: str = "", popular_names: str = "", **extra
) -> Document:
    return Document.objects.create(symbol=symbol, kind=kind, subject=subject, popular_names=popular_names, **extra)


def make_organization(name: str, *, short_name: str = "", aliases: str = "", **extra) -> Organization:
    return Organization.objects.create(name=name, short_name=short_name, aliases=aliases, **extra)


def make_exemplar(name: str, *, aliases: str = "", description: str = "", kind: str = Exemplar.Kind.MODEL, **extra) -> Exemplar:
    return Exemplar.objects.create(name=name, aliases=aliases, description=description, kind=kind, **extra)


def search(q: str, *, fuzzy: bool = False):
    """Visible entries for ``q``, best first, as the results page gets them."""
    return SearchEntry.objects.visible().search(parse(q), fuzzy=fuzzy).for_results()


def found(q: str, *, fuzzy: bool = False) -> list:
    """The records found for ``q``, best first."""
    return [entry.target for entry in search(q, fuzzy=fuzzy)]


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(f"needs PostgreSQL (pg_trgm, unaccent); this run uses {connection.vendor} — set DATABASE_URL=postgres://…")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("postgres") and "postgres_only" not in item.fixturenames:
            item.fixturenames.append("postgres_only")


@pytest.fixture(autouse=True)
def own_corpus(request, db):
    """Each test searches only the records it makes: the pages the portal starts with
    (migration portal 0002, indexed by search 0003) are taken away first, unless the test
    is marked ``default_pages`` (the relevance set searches them)."""
    from portal.models import Page

    if not request.node.get_closest_marker("default_pages"):
        Page.objects.all().delete()
