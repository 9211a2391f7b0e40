"""What the article page shows beside the article: its photos, tags, documents, bodies and
models in one query (``attached_records``), and the related articles in two
(``related_articles``), whatever the size of the archive."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import OrderBy
from django.db.models.functions import Collate
from taggit.models import Tag, TaggedItem

from danvan.invalidation import LINK_KINDS, link_scope, section_scope
from organizations.models import Document, Exemplar, Organization

from .models import Article, Photo

# How many of the most recent articles sharing each kind of link are considered, and how
# many of the best scored are read back to pick the public ones from.
RELATED_CANDIDATES_PER_LINK = 100
RELATED_CANDIDATES_SAME_SECTION = 50
RELATED_SCORED = 40
RELATED_LINKS_PER_KIND = 10  # an article naming fifty bodies is scored on its first ten
# What sharing one thing is worth: a document or a model says more than a body or a tag.
RELATED_WEIGHTS = {"documents": 3, "exemplars": 3, "organizations": 2, "tags": 2}


@dataclass
class Attached:
    """What the article page shows beside the article itself, in display order."""

    photos: list[Photo]
    tags: list[Tag]
    documents: list[Document]
    organizations: list[Organization]
    exemplars: list[Exemplar]

    def ids(self) -> dict[str, list[int]]:
        return {name: [record.pk for record in getattr(self, name)] for name in ("documents", "organizations", "exemplars", "tags")}


# Each part: the list it fills, the model it reads and the columns the page uses. Rows are
# numbered in the model's own ordering (Meta.ordering; link order for tags), so one ORDER BY
# keeps every list in order.
_ATTACHED_PARTS = (
    ("photos", Photo, ("image", "caption", "credit", "alt_text", "width", "height", "order", "after_paragraph")),
    ("tags", Tag, ("name", "slug")),
    ("documents", Document, ("symbol", "slug", "kind", "subject")),
    ("organizations", Organization, ("name", "slug")),
    ("exemplars", Exemplar, ("name", "slug")),
)


@functools.cache
def _field_order(model, columns: tuple[str, ...]) -> tuple[tuple[str, ...], list[int]]:
    """``from_db`` takes values in the model's field order; the query has its own."""
    selected = ("id", *columns)
    names = tuple(f.attname for f in model._meta.concrete_fields if f.attname in selected)
    return names, [selected.index(name) for name in names]


def _meta_ordering(model, alias: str) -> str:
    """The model's ``Meta.ordering`` (field names, "-name", ``F(...).desc(nulls_last=True)``,
    ``Collate(F(...), …)`` for Vietnamese order) as an ORDER BY on ``alias``, so the lists
    keep the order the ORM would give them."""
    quote = connection.ops.quote_name
    terms = []
    for item in model._meta.ordering:
        collate = ""
        if isinstance(item, str):
            name, descending, nulls_last = item.lstrip("-"), item.startswith("-"), False
        else:
            expression = item.expression if isinstance(item, OrderBy) else item
            descending, nulls_last = isinstance(item, OrderBy) and item.descending, isinstance(item, OrderBy) and bool(item.nulls_last)
            if isinstance(expression, Collate):
                collate = f" COLLATE {quote(expression.collation)}"
                expression = expression.get_source_expressions()[0]
            name = expression.name
        column = model._meta.pk.column if name == "pk" else model._meta.get_field(name).column
        # SQLite puts NULLs last in descending order by itself.
        nulls = " NULLS LAST" if nulls_last and connection.vendor == "postgresql" else ""
        terms.append(f"{alias}.{quote(column)}{collate}{' DESC' if descending else ''}{nulls}")
    return ", ".join(terms)


def attached_records(article: Article) -> Attached:
    """The article's photos, tags, documents, bodies and models, in one query.

    Prefetching them is five ORM queries, each about a millisecond of Python on a small
    server before the database is even asked, on the most read page of the site. The page
    needs a few columns of each: one UNION ALL reads them all through the link tables'
    (article, target) keys, and each row becomes an instance of its model
    (``Model.from_db``; any other field is deferred and would load on access). Raw SQL: the
    ORM does not union rows of different models.
    """
    quote = connection.ops.quote_name
    width = max(len(columns) for _name, _model, columns in _ATTACHED_PARTS)

    def select(number, model, columns, alias, source, where, order):
        table = quote(model._meta.db_table)
        cells = [f"{alias}.{quote(model._meta.get_field(c).column)}" for c in columns]
        cells += ["NULL"] * (width - len(columns))  # the first part (photos) fills every column
        return (
            f"SELECT {number} AS part, ROW_NUMBER() OVER (ORDER BY {order}) AS rank, {alias}.id, {', '.join(cells)} "
            f"FROM {table} {alias} {source} WHERE {where}"
        )

    parts, params = [], []
    parts.append(select(0, Photo, _ATTACHED_PARTS[0][2], "p", "", "p.article_id = %s", _meta_ordering(Photo, "p")))
    params.append(article.pk)
    tagged = quote(TaggedItem._meta.db_table)
    tag_link = f"JOIN {tagged} ti ON ti.tag_id = t.id"
    parts.append(select(1, Tag, _ATTACHED_PARTS[1][2], "t", tag_link, "ti.object_id = %s AND ti.content_type_id = %s", "ti.id"))
    params += [article.pk, ContentType.objects.get_for_model(Article).pk]
    for number, (name, model, columns) in enumerate(_ATTACHED_PARTS[2:], start=2):
        field = Article._meta.get_field(name)
        link = f"JOIN {quote(field.remote_field.through._meta.db_table)} l ON l.{quote(field.m2m_reverse_name())} = x.id"
        where = f"l.{quote(field.m2m_column_name())} = %s"
        parts.append(select(number, model, columns, "x", link, where, _meta_ordering(model, "x")))
        params.append(article.pk)
    found: dict[str, list] = {name: [] for name, _model, _columns in _ATTACHED_PARTS}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts) + " ORDER BY part, rank", params)
        for row in cursor.fetchall():
            name, model, columns = _ATTACHED_PARTS[row[0]]
            names, order = _field_order(model, columns)
            values = row[2 : 3 + len(columns)]
            found[name].append(model.from_db(connection.alias, names, [values[i] for i in order]))
    for photo in found["photos"]:
        photo.article = article  # what Photo's own pages would fetch
    return Attached(**found)


def related_scores(article: Article, links: dict[str, list[int]]) -> list[tuple[int, int]]:
    """(id, score) of the articles sharing most with ``article``, best first, in one query.

    Scoring every published article costs time in proportion to the archive; a popular
    resolution is cited by thousands. Each linked record contributes only the link rows of
    its most recent RELATED_CANDIDATES_PER_LINK articles (newer articles have larger ids),
    read through the link tables' (target, article) indexes; the rows are weighted and summed per article,
    so the cost stays flat as the archive grows. The newest articles of the same section
    come in with no score of their own (``related_articles`` adds the section's point).
    Raw SQL: a UNION ALL of LIMITed parts is not something the ORM builds on SQLite.
    """
    parts, params = [], []

    def part(table: str, column: str, key: str, ids: list[int], weight: int, extra: str = "", extra_params=()):
        # One part per linked record, each read backwards from a (target, article) index;
        # an IN over several would make the database sort all their rows.
        for ident in ids[:RELATED_LINKS_PER_KIND]:
            parts.append(
                f"SELECT {column} AS id, {weight} AS w FROM (SELECT {column} FROM {table} WHERE {key} = %s{extra} "
                f"ORDER BY {column} DESC LIMIT {RELATED_CANDIDATES_PER_LINK}) AS part_{len(parts)}"
            )
            params.extend([ident, *extra_params])

    for name in ("documents", "exemplars", "organizations"):
        field = Article._meta.get_field(name)
        through = field.remote_field.through._meta.db_table
        part(through, "article_id", field.m2m_reverse_name(), links[name], RELATED_WEIGHTS[name])
    article_type = ContentType.objects.get_for_model(Article)  # cached after the first call
    tagged = TaggedItem._meta.db_table
    part(tagged, "object_id", "tag_id", links["tags"], RELATED_WEIGHTS["tags"], " AND content_type_id = %s", (article_type.pk,))
    if article.section_id:
        # Newest first as the section page lists them, so the section's index serves it
        # (SQLite puts NULLs last in DESC order by itself and takes no NULLS clause there).
        nulls_last = " NULLS LAST" if connection.vendor == "postgresql" else ""
        parts.append(
            f"SELECT id, 0 AS w FROM (SELECT id FROM {Article._meta.db_table} WHERE section_id = %s AND status = %s "
            f"ORDER BY published_at DESC{nulls_last}, id DESC LIMIT {RELATED_CANDIDATES_SAME_SECTION}) AS part_section"
        )
        params.extend([article.section_id, Article.Status.PUBLISHED])
    if not parts:
        return []
    sql = (
        f"SELECT id, SUM(w) AS score FROM ({' UNION ALL '.join(parts)}) AS candidates WHERE id <> %s "
        f"GROUP BY id ORDER BY score DESC, id DESC LIMIT {RELATED_SCORED}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, article.pk])
        return [(row[0], int(row[1])) for row in cursor.fetchall()]


def related_scopes(article: Article, attached: Attached, related: list[Article], limit: int = 5) -> list[str]:
    """The page-cache scopes (danvan/invalidation.py) that can change ``related``, the list
    ``related_articles`` gave: those of each record ``article`` is scored on, and its
    section's while an article sharing only the section could still enter the list (fewer
    than ``limit`` in it share a link: such an article scores 1, any sharing a link 2 or
    more). A publication or an edit that shares none of them cannot change the list; an
    article in the list that is edited or withdrawn moves the scope of a link it shares."""
    scopes = []
    for field, kind in LINK_KINDS.items():
        scopes += [link_scope(kind, record.slug) for record in getattr(attached, field)[:RELATED_LINKS_PER_KIND]]
    if article.section_id and sum(1 for other in related if other.related_score > 1) < limit:
        scopes.append(section_scope(article.section.slug))
    return scopes


def related_articles(article: Article, links: dict[str, list[int]], limit: int = 5) -> list[Article]:
    """Public articles sharing documents, bodies, models, tags or the section with ``article``.

    ``links``: the ids of its documents, organizations, exemplars and tags
    (``Attached.ids()``). Two queries, whatever the size of the archive: the scores
    (``related_scores``), then the best scored read back, keeping only public ones (never
    ``article`` itself). Most shared first, a point more for the same section, then newest.
    """
    scores = dict(related_scores(article, links))
    if not scores:
        return []
    found = (
        Article.objects.published()
        .filter(pk__in=list(scores))
        .only("pk", "title", "slug", "published_at", "section_id")  # what the sidebar shows
    )

    def score(other: Article) -> int:
        return scores[other.pk] + (1 if article.section_id and other.section_id == article.section_id else 0)

    newest = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    ranked = sorted(
        (other for other in found if score(other) > 0),
        key=lambda other: (-score(other), newest - other.published_at if other.published_at else datetime.timedelta.max, -other.pk),
    )
    for other in ranked[:limit]:
        other.related_score = score(other)  # what related_scopes judges the list by
    return ranked[:limit]
