"""The speed tables from one command: our pages against Wagtail's, flat from the small
archive to the large one, cached pages against the static ceiling, the flood with and
without an editor publishing, and each worker's memory after it — on PostgreSQL and on
the embedded SQLite. Writes them into bench/RESULTS.md (between the speed-report marks,
replacing the last report) and prints them.

    .venv/bin/python bench/speed_report.py                  # 10,000 and 100,000 articles, both databases
    .venv/bin/python bench/speed_report.py --databases postgres --keep   # corpora kept for the next run
    .venv/bin/python bench/speed_report.py --quick          # 1,000 and 3,000 articles, short runs: a look, not figures

How each table is measured (every ratio is the median of per-pair ratios, the two sides
measured alternately, A B A B, in one run; the machine's load average is printed beside):

- **ours / Wagtail** — bench/vs_wagtail.py's `compare`: gunicorn 4 sync workers each, wrk
  16 connections, our page cache off; search is compared with our own article page.
- **flat** — our pages at the small and the large archive, both servers up at once, page
  cache off: p50 at large / p50 at small (target ≤ 1.2).
- **cached / static** — page cache on, every page in the cache: req/s of the page against a
  static file from the same server (target ≥ 0.7).
- **flood** — bench/flood.py: 64 connections on a mix of cached pages, quiet against an
  editor publishing or editing every 5 s; worker memory after it.

Needs the Wagtail anchor (see bench/vs_wagtail.py), wrk, and for PostgreSQL the server
and Redis. The large corpus takes the longest to build (about 15 minutes on PostgreSQL
on two cores); --keep leaves every corpus in place and uses what it finds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import flood
import vs_wagtail
from run_all import ROOT, Server, machine, sh, wrk

BEGIN, END = "<!-- speed-report:begin -->", "<!-- speed-report:end -->"
STATIC_PATH = "/static/admin/css/base.css"
PORTS = (vs_wagtail.OURS_PORT + 2, vs_wagtail.OURS_PORT + 3)


def with_redis(kind: str, env: dict) -> dict:
    """Production's cache beside PostgreSQL (vs_wagtail compares without it: pages uncached)."""
    return {**env, "REDIS_URL": flood.REDIS_URL} if kind == "postgres" else env


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def our_pages(env: dict) -> dict[str, list[str]]:
    paths = vs_wagtail.our_paths(env)
    del paths["every article"]  # (vs_wagtail's pages never shown twice)
    code = (
        "import django; django.setup()\n"
        "from organizations.models import Document\n"
        "print(' '.join(Document.objects.filter(articles__isnull=False).distinct().order_by('pk').values_list('slug', flat=True)[:20]))\n"
    )
    paths["document"] = [f"/van-ban/{slug}/" for slug in sh(vs_wagtail.PY, "-c", code, env=env).split()]
    return paths


def in_pairs(first: tuple[list[str], int], second: tuple[list[str], int], *, pairs: int, seconds: int, connections: int):
    """wrk on (paths, port) ``first`` then ``second``, ``pairs`` times: [(first, second), …]."""
    run = lambda paths, port: wrk(paths, seconds=seconds, connections=connections, port=port)  # noqa: E731
    return [(run(*first), run(*second)) for _ in range(pairs)]


def flat(kind: str, small: dict, large: dict, *, pairs: int, seconds: int, connections: int, workers: int) -> dict:
    """p50 of each of our pages at the large archive over its p50 at the small one."""
    pages_small, pages_large = our_pages(small), our_pages(large)
    figures = {}
    with Server(small, port=PORTS[0], workers=workers), Server(large, port=PORTS[1], workers=workers):
        for name in pages_small:
            try:
                vs_wagtail.check(pages_small[name], PORTS[0])
                vs_wagtail.check(pages_large[name], PORTS[1])
            except (OSError, SystemExit) as error:  # a page that fails (a worker timed out) is reported, not fatal
                nan = float("nan")
                figures[name] = {"ratio": nan, "small_p50": nan, "large_p50": nan, "load": load(), "error": str(error)}
                print(f"[{kind}] flat {name}: failed ({error})", flush=True)
                continue
            rows = in_pairs(
                (pages_small[name], PORTS[0]), (pages_large[name], PORTS[1]), pairs=pairs, seconds=seconds, connections=connections
            )
            figures[name] = {
                "ratio": statistics.median(b["p50"] / max(a["p50"], 0.001) for a, b in rows),
                "small_p50": statistics.median(a["p50"] for a, _ in rows),
                "large_p50": statistics.median(b["p50"] for _, b in rows),
                "load": load(),
            }
            print(f"[{kind}] flat {name}: {figures[name]['ratio']:.2f}× (load {figures[name]['load']})", flush=True)
    return figures


def cached(kind: str, env: dict, *, pairs: int, seconds: int, connections: int, workers: int) -> dict:
    """Each page served from the page cache against a static file, same server."""
    env = {**env, "PAGE_CACHE_SECONDS": "300"}
    pages = our_pages(env)
    figures = {}
    with Server(env, port=PORTS[0], workers=workers):
        for name, paths in pages.items():
            vs_wagtail.check(paths, PORTS[0])
            vs_wagtail.check(paths, PORTS[0])  # the second time from the cache
            rows = in_pairs((paths, PORTS[0]), ([STATIC_PATH], PORTS[0]), pairs=pairs, seconds=seconds, connections=connections)
            figures[name] = {
                "share": statistics.median(a["rps"] / max(b["rps"], 0.001) for a, b in rows),
                "rps": statistics.median(a["rps"] for a, _ in rows),
                "static": statistics.median(b["rps"] for _, b in rows),
                "load": load(),
            }
            print(f"[{kind}] cached {name}: {figures[name]['share']:.2f} of static (load {figures[name]['load']})", flush=True)
    return figures


def measure(kind: str, args, root: Path) -> dict:
    var_small, var_large = root / f"{kind}-{args.small}", root / f"{kind}-{args.large}"
    ours, theirs = vs_wagtail.build(kind, args.small, var_small, prefix="speed_", reuse=args.keep)
    versus = vs_wagtail.compare(
        kind, ours, theirs, pairs=args.pairs, seconds=args.seconds, connections=16, workers=4
    )  # the setting: 4 workers, 16 connections
    for figure in versus.values():
        figure["load"] = load()
    large, _ = vs_wagtail.build(kind, args.large, var_large, prefix="speed_", reuse=args.keep, wagtail_too=False)
    flatness = flat(kind, ours, large, pairs=args.pairs, seconds=args.seconds, connections=16, workers=4)
    ceiling = cached(kind, with_redis(kind, ours), pairs=args.pairs, seconds=args.seconds, connections=32, workers=5)
    flooding = flood.measure(
        kind, args.small, pairs=args.flood_pairs, seconds=args.flood_seconds, connections=64, workers=5, every=5.0, rebuild=False,
        prepared=(with_redis(kind, ours), var_small / "ours"),
    )  # fmt: skip
    return {"versus": versus, "flat": flatness, "cached": ceiling, "flood": flooding}


def write(figures: dict, args, started: dt.datetime) -> str:
    kinds = list(figures)
    label = {"postgres": "PostgreSQL + Redis", "sqlite": "SQLite, file cache"}
    lines = [
        BEGIN,
        f"## Speed report (bench/speed_report.py, {started:%Y-%m-%d %H:%M} UTC)",
        "",
        f"- machine: {machine()}",
        f"- archive: {args.small:,} articles (flat: against {args.large:,}); pairs: {args.pairs} × {args.seconds} s;"
        f" flood: {args.flood_pairs} pairs × {args.flood_seconds} s" + (" — **--quick: a look, not figures**" if args.quick else ""),
        "",
        "### Uncached, ours / Wagtail (req/s ratio; targets: article ≥ 2×, section ≥ 2×, home ≥ 1×, search ≥ our article page)",
        "",
        "| page | " + " | ".join(label[k] for k in kinds) + " |",
        "| --- |" + " ---: |" * len(kinds),
    ]
    for name in figures[kinds[0]]["versus"]:
        lines.append(
            f"| {name} | "
            + " | ".join(f"{figures[k]['versus'][name]['ratio']:.2f}× (load {figures[k]['versus'][name]['load']})" for k in kinds)
            + " |"
        )
    lines += [
        "",
        f"### Flat: p50 at {args.large:,} / p50 at {args.small:,}, uncached (target ≤ 1.2)",
        "",
        "| page | " + " | ".join(label[k] for k in kinds) + " |",
        "| --- |" + " ---: |" * len(kinds),
    ]
    for name in figures[kinds[0]]["flat"]:
        cells = []
        for k in kinds:
            f = figures[k]["flat"][name]
            cells.append(f"{f['ratio']:.2f}× ({f['small_p50']:.1f} → {f['large_p50']:.1f} ms)")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "### Cached pages / the static ceiling (target ≥ 0.7)",
        "",
        "| page | " + " | ".join(label[k] for k in kinds) + " |",
        "| --- |" + " ---: |" * len(kinds),
    ]
    for name in figures[kinds[0]]["cached"]:
        cells = [f"{figures[k]['cached'][name]['share']:.2f} ({figures[k]['cached'][name]['rps']:.0f} req/s)" for k in kinds]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "### Publishing during a flood (bench/flood.py), and worker memory after it", ""]
    for k in kinds:
        lines += [flood.report(figures[k]["flood"]), ""]
    lines.append(END)
    section = "\n".join(lines)
    results = ROOT / "bench" / "RESULTS.md"
    text = results.read_text()
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    results.write_text(text)
    return section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="postgres,sqlite")
    parser.add_argument("--small", type=int, default=10000)
    parser.add_argument("--large", type=int, default=100000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--flood-pairs", type=int, default=3)
    parser.add_argument("--flood-seconds", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the corpora, and use those already there")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.quick:
        args.small, args.large, args.pairs, args.seconds, args.flood_pairs, args.flood_seconds = 1000, 3000, 1, 3, 1, 12
    started = dt.datetime.now(dt.UTC)
    root = Path(tempfile.gettempdir()) / "danvan-speed" if args.keep else Path(tempfile.mkdtemp(prefix="danvan-speed-"))
    figures = {kind: measure(kind, args, root) for kind in args.databases.split(",")}
    print(write(figures, args, started))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
