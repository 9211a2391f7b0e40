"""No public page reads a table that grows with the archive from end to end.

Each page is requested once (its fragments empty, so every query it can run does), and
every SELECT it ran is EXPLAINed on PostgreSQL with sequential scans priced out
(``enable_seqscan = off``): a test database is too small for the planner to prefer an
index by itself, so a sequential scan that remains is one no index can replace, a cost
that grows with every article published. Tables that grow with the archive: articles,
their photos and links, search entries, taggit's tags and tagged items.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> .venv/bin/python -m pytest --create-db tests/site/test_query_plans.py
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from articles.models import Article, Photo
from search.models import SearchEntry

from .conftest import make_article, make_document, make_exemplar, make_organization, make_photo, make_section

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans are checked on PostgreSQL only: run with DATABASE_URL=postgres://… and --create-db",
    ),
]


def growing_tables() -> set[str]:
    tables = {model._meta.db_table for model in (Article, Photo, SearchEntry, Tag, TaggedItem)}
    for name in ("documents", "organizations", "exemplars"):
        tables.add(Article._meta.get_field(name).remote_field.through._meta.db_table)
    return tables


def whole_table_reads(plan: dict, tables: set[str], *, limited: bool = False) -> list[str]:
    """Reads of a growing table that are not bounded: a sequential scan, or an index
    walked without a condition on it (what the planner falls back to with sequential scans
    off) unless a LIMIT above stops the walk (the newest first, read off the top)."""
    found = []
    table = plan.get("Relation Name")
    if table in tables:
        kind = plan.get("Node Type")
        if kind == "Seq Scan":
            found.append(f"sequential scan of {table}")
        elif kind in {"Index Scan", "Index Only Scan"} and "Index Cond" not in plan and not limited:
            found.append(f"whole index {plan.get('Index Name')} of {table} walked")
    limited = limited or plan.get("Node Type") == "Limit"
    for child in plan.get("Plans", ()):
        found += whole_table_reads(child, tables, limited=limited)
    return found


@pytest.fixture
def site():
    section = make_section(name="Tin hoạt động")
    document, body, model = make_document(), make_organization(), make_exemplar()
    articles = []
    for n in range(6):
        article = make_article(section=section, tags=["cải cách hành chính", f"từ khóa {n}"])
        article.documents.add(document)
        article.organizations.add(body)
        article.exemplars.add(model)
        make_photo(article)
        articles.append(article)
    articles[0].featured = True
    articles[0].save()
    # An archive behind them, so the planner prices reads of the article table as it would
    # at size (the other tables are small; sequential scans are priced out below instead).
    filler = make_section(name="Lưu trữ cũ")
    Article.objects.bulk_create(
        Article(
            title=f"Bài lưu trữ {n}",
            slug=f"bai-luu-tru-{n}",
            section=filler,
            status=Article.Status.PUBLISHED,
            published_at=articles[0].published_at - datetime.timedelta(days=30 + n),
            body="<p>Đoạn.</p>",
        )
        for n in range(3000)
    )
    # Most of the archive cites the same resolution, body and model (as 25-NQ/TW is cited):
    # links enough that a count of them per request is priced as what it is.
    archive = Article.objects.filter(section=filler).values_list("pk", flat=True)
    links = []
    for name, record in (("documents", document), ("organizations", body), ("exemplars", model)):
        field = Article._meta.get_field(name)
        through, column = field.remote_field.through, field.m2m_reverse_field_name()
        through.objects.bulk_create(through(article_id=pk, **{column: record}) for pk in archive)
        links.append(through._meta.db_table)
    with connection.cursor() as cursor:
        for table in (Article._meta.db_table, *links):
            cursor.execute(f"ANALYZE {table}")
    tag = Tag.objects.get(name="cải cách hành chính")
    when = articles[1].published_at.astimezone()
    return {
        "home": "/",
        "section": section.get_absolute_url(),
        "article": articles[1].get_absolute_url(),
        "document": document.get_absolute_url(),
        "body": body.get_absolute_url(),
        "model": model.get_absolute_url(),
        "month archive": reverse("articles:archive_month", args=[when.year, when.month]),
        "document list": reverse("organizations:document_list"),
        "body list": reverse("organizations:organization_list"),
        "model list": reverse("organizations:exemplar_list"),
        "tag": reverse("articles:tag", args=[tag.slug]),
        "search": reverse("search:results") + "?q=c%E1%BA%A3i+c%C3%A1ch+h%C3%A0nh+ch%C3%ADnh",
        "search, words apart": reverse("search:results") + "?q=hanh+chinh+cai+cach",
        "search, a symbol": reverse("search:results") + "?q=25-NQ%2FTW",
    }


def test_no_page_scans_a_table_that_grows_with_the_archive(client, site):
    tables = growing_tables()
    problems = []
    for page, path in site.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, path
        assert captured.captured_queries, f"{page}: no query was seen"
        explained = 0
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith(("SELECT", "WITH", "(SELECT")):
                    continue
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
                explained += 1
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                for problem in whole_table_reads(plan[0]["Plan"], tables):
                    problems.append(f"{page} ({path}): {problem} in\n    {sql}")
        print(page, len(captured.captured_queries), "queries,", explained, "explained")
        assert explained, f"{page}: no SELECT was explained"
    assert not problems, "\n".join(problems)
