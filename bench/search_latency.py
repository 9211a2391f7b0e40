"""Search latency on an existing corpus: p50/p95 of what the results page runs, and its queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench_100000 .venv/bin/python bench/search_latency.py

Reads only (the corpus comes from bench/make_corpus.py). For each query: the steps of the
page (``search.views.first_finding``: counts per kind, and the fallbacks when needed), then
the first page with its window count — what /tim-kiem/?q=… costs in the database and the
ORM, without the template. Five rounds over the relevance set's queries; the first round
(cold caches, vocabulary built) is left out.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")


def main() -> int:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search import relevance
    from search.models import SearchEntry
    from search.query import parse
    from search.views import PER_PAGE, ResultsPaginator, first_finding, kinds_of

    def results_page(q: str) -> int:
        query = parse(q)
        _note, tried, matched, counts = first_finding(SearchEntry.objects.visible(), query)
        if not counts:
            return 0
        page = ResultsPaginator(matched.ranked(tried).for_results(kinds_of(counts)), PER_PAGE).page_with_count(1)
        return len(page)

    queries = [item["q"] for item in relevance.load_queries()]
    samples: list[float] = []
    counts: list[int] = []
    for round_ in range(5):
        for q in queries:
            with CaptureQueriesContext(connection) as captured:
                t0 = time.perf_counter()
                results_page(q)
                elapsed = (time.perf_counter() - t0) * 1000
            if round_:
                samples.append(elapsed)
                counts.append(len(captured))
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    entries = SearchEntry.objects.count()
    print(
        f"{connection.vendor}: {entries:,} entries, {len(queries)} queries × 4 rounds: "
        f"p50 {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms, max {samples[-1]:.1f} ms; "
        f"SQL queries per search {min(counts)}–{max(counts)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
