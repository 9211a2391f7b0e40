"""Search latency on an existing corpus: p50/p95 of what the results page runs, and its queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench_100000 .venv/bin/python bench/search_latency.py

Reads only (the corpus comes from bench/make_corpus.py). For each query: the steps of the
page (``search.views.first_page``: the candidates, and the fallbacks when needed, each with
its first page, counted in total and per kind by window counts) — what /tim-kiem/?q=… costs
in the database and the ORM, without the snippets and the template. Five rounds over the relevance set's queries; the first round
(cold caches, vocabulary built) is left out. Then the same for COMMON, queries whose words are
in most articles (what used to make SQLite rank every match), and the first, uncached,
search of each printed on its own.

Also printed, when the database runs on this machine (PostgreSQL on 127.0.0.1 or SQLite):
the CPU time of each search, this process's plus the PostgreSQL backend's (read from
/proc) — less swayed than wall time by a loaded machine, so two runs at different loads
can still be compared.
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


#: Words in most articles of a synthetic corpus (bench/make_corpus.py) and of a real archive.
COMMON = ["dan van", "dang", "nhan dan", "dan van kheo", "cong tac dan van", "to chuc", "can bo", "ban dan van tinh uy"]


def main() -> int:
    import django

    django.setup()
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from search import relevance
    from search.models import SearchEntry
    from search.params import SearchParams
    from search.query import parse
    from search.views import first_page

    every_kind = SearchParams.read(QueryDict(""))

    def results_page(q: str) -> int:
        _note, _tried, _paginator, page = first_page(SearchEntry.objects.visible(), parse(q), every_kind)
        return len(page) if page is not None else 0

    backend_cpu = _backend_cpu_reader(connection)
    entries = SearchEntry.objects.count()
    first_times = []
    for label, queries in (("relevance set", [item["q"] for item in relevance.load_queries()]), ("common words", COMMON)):
        samples: list[float] = []
        cpu: list[float] = []
        counts: list[int] = []
        for round_ in range(5):
            for q in queries:
                with CaptureQueriesContext(connection) as captured:
                    s0, c0 = backend_cpu(), time.process_time()
                    t0 = time.perf_counter()
                    results_page(q)
                    elapsed = (time.perf_counter() - t0) * 1000
                    used = (time.process_time() - c0) * 1000 + backend_cpu() - s0
                if round_:
                    samples.append(elapsed)
                    cpu.append(used)
                    counts.append(len(captured))
                elif label == "common words":
                    first_times.append(f"{q} {elapsed:.0f}")
        samples.sort()
        p95 = samples[int(len(samples) * 0.95) - 1]
        print(
            f"{connection.vendor}: {entries:,} entries, {label}, {len(queries)} queries × 4 rounds: "
            f"p50 {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms, max {samples[-1]:.1f} ms; "
            f"SQL queries per search {min(counts)}–{max(counts)}; load {os.getloadavg()[0]:.1f}"
        )
        cpu.sort()
        print(
            f"  CPU per search (this process + the database backend): p50 {statistics.median(cpu):.1f} ms, "
            f"p95 {cpu[int(len(cpu) * 0.95) - 1]:.1f} ms"
        )
    print(f"  common words, first search of each (ms): {', '.join(first_times)}")
    return 0


def _backend_cpu_reader(connection):
    """A function giving the CPU milliseconds used so far by the PostgreSQL backend serving
    ``connection`` (0 for SQLite, which runs in this process, or a server elsewhere)."""
    if connection.vendor != "postgresql" or connection.settings_dict.get("HOST") not in ("127.0.0.1", "localhost", ""):
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    if not stat.exists():
        return lambda: 0.0
    tick = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick * 1000

    return read


if __name__ == "__main__":
    sys.exit(main())
