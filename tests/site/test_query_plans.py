"""The home page's ordered reads walk an index from the top and stop, at any archive size.

Checked with SQLite's EXPLAIN QUERY PLAN (the embedded default; the same indexes carry
NULLS LAST on PostgreSQL, see danvan/indexes.py): without the indexes each of these sorted
every published article into a temporary B-tree.
"""

from __future__ import annotations

import pytest
from django.db import connection

from articles.models import Article

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    return queryset.explain()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's EXPLAIN QUERY PLAN")
@pytest.mark.parametrize(
    ("shape", "index"),
    [
        (lambda: Article.objects.published().featured_first()[:1], "article_featured_idx"),
        (lambda: Article.objects.published().most_read()[:5], "article_most_read_idx"),
    ],
    ids=["featured", "most-read"],
)
def test_home_reads_use_their_index(shape, index):
    text = plan(shape())
    assert f"USING INDEX {index}" in text
    assert "TEMP B-TREE" not in text
