"""Search relevance: nDCG@5 and MRR of the relevance set (search/relevance/queries.toml).

    .venv/bin/python bench/search_relevance.py                 # SQLite (a throw-away database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench .venv/bin/python bench/search_relevance.py
    … --verbose                                                  # every query below 1.0

The corpus is built in a throw-away test database (Django's test-database machinery:
``test_`` + the configured name, dropped at the end): the reference data, the seed corpus,
the portal's default pages and the synthetic articles of search/relevance/corpus.toml.
Results are those of the public page's first page (``search.views.first_page``).
Takes about 15 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every query that is not perfect")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from search import relevance

    setup_test_environment()
    original = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        relevance.build_corpus()
        queries = relevance.load_queries()
        relevance.judge(queries[:3])  # warm: the vocabulary, the connection
        started = time.perf_counter()
        timings = []
        judged = []
        for item in queries:
            t0 = time.perf_counter()
            judged.extend(relevance.judge([item]))
            timings.append((time.perf_counter() - t0) * 1000)
        elapsed = time.perf_counter() - started
        mean_ndcg, mrr = relevance.summary(judged)
        if args.verbose:
            for j in judged:
                if j.ndcg < 0.999:
                    print(f"  {j.ndcg:.2f}  {j.reciprocal_rank:.2f}  {j.q!r}")
                    print(f"        found    {list(j.found)}\n        expected {list(j.expected)}")
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(
            f"{connection.vendor}: {len(judged)} queries, nDCG@5 {mean_ndcg:.3f}, MRR {mrr:.3f} "
            f"(floor {relevance.NDCG_FLOOR}); perfect {sum(j.ndcg >= 0.999 for j in judged)}, "
            f"first result wrong {sum(j.reciprocal_rank < 1 for j in judged)}; "
            f"per query p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms ({elapsed:.1f} s)"
        )
        return 0 if mean_ndcg >= relevance.NDCG_FLOOR else 1
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    sys.exit(main())
