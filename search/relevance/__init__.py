"""The relevance set (queries.toml) over its corpus, and the figures it is judged by.

Used by bench/search_relevance.py (prints nDCG@5 and MRR on the current database) and by
tests/search/test_relevance.py (asserts the floor). The results are those of the public
page: the same steps (as typed, the site's correction, words apart, looser modes) and the
same order, read through ``search.views.first_page``.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOP = 5
#: What the set must reach (tests/search/test_relevance.py).
NDCG_FLOOR = 0.9


@dataclass(frozen=True)
class Judged:
    q: str
    expected: tuple[str, ...]
    found: tuple[str, ...]
    ndcg: float
    reciprocal_rank: float


def load_queries(path: Path = HERE / "queries.toml") -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["query"]


def build_corpus() -> None:
    """Reference data, the seed corpus and the synthetic articles, into the current database."""
    from django.core.management import call_command
    from django.utils import timezone

    from articles.models import Article

    call_command("load_reference", "--seeds", verbosity=0)
    now = timezone.now()
    for item in tomllib.loads((HERE / "corpus.toml").read_text(encoding="utf-8"))["article"]:
        Article.objects.create(
            slug=item["slug"],
            title=item["title"],
            lead=item["lead"],
            body=item["body"],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=item["days"]),
        )


def key_of(entry) -> str:
    target = entry.target
    if entry.kind == "document":
        return f"document:{target.symbol}"
    return f"{entry.kind}:{target.slug}"


def top_keys(q: str, n: int = TOP) -> list[str]:
    from django.http import QueryDict

    from .. import views
    from ..models import SearchEntry
    from ..params import SearchParams
    from ..query import parse

    _note, _tried, _paginator, page = views.first_page(SearchEntry.objects.visible(), parse(q), SearchParams.read(QueryDict("")))
    return [key_of(e) for e in page][:n] if page is not None else []


def ndcg(found: list[str], expected: list[str], n: int = TOP) -> float:
    grade = {key: (2 if i == 0 else 1) for i, key in enumerate(expected)}
    dcg = sum(grade.get(key, 0) / math.log2(i + 2) for i, key in enumerate(found[:n]))
    ideal = sorted(grade.values(), reverse=True)[:n]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(found: list[str], expected: list[str]) -> float:
    for i, key in enumerate(found):
        if key in expected:
            return 1 / (i + 1)
    return 0.0


def judge(queries: list[dict] | None = None) -> list[Judged]:
    out = []
    for item in queries if queries is not None else load_queries():
        found = top_keys(item["q"])
        expected = item["expected"]
        out.append(Judged(item["q"], tuple(expected), tuple(found), ndcg(found, expected), reciprocal_rank(found, expected)))
    return out


def summary(judged: list[Judged]) -> tuple[float, float]:
    """Mean nDCG@5 and MRR."""
    return (sum(j.ndcg for j in judged) / len(judged), sum(j.reciprocal_rank for j in judged) / len(judged))
