"""Publishing during a flood: the same mixed load of cached pages, quiet and with an editor.

    .venv/bin/python bench/flood.py                        # PostgreSQL + Redis, 10,000 articles
    .venv/bin/python bench/flood.py --database sqlite      # the embedded default: SQLite, file cache
    .venv/bin/python bench/flood.py --articles 1000 --pairs 1 --seconds 15   # a quick look

The corpus is bench/make_corpus.py's (built once per database and size, kept for the next
run; --rebuild makes it again). gunicorn serves it with the page cache on (5 sync workers);
wrk (64 connections) asks for a fixed mix of pages: the home page, every section, ten
documents, six searches and sixty articles, rotated per request. Runs alternate quiet,
editing, quiet, editing …, each of --seconds. In an editing run another process (as a
second admin worker would; started before the run, as that worker is already up) every
--every seconds either publishes a new article in a section on the home page or edits one
of the sixty articles being read, saving through the ORM in one transaction as the admin
does; after each publication it asks for the home page until the new title is there and
records how long that took.

Printed: each run's req/s, p50, p99, max and errors; the median over pairs of editing /
quiet throughput and p99 (targets: ≥ 0.90 and ≤ 2.00); the slowest time to the home page
(target ≤ 2 s); the article pages answered against the views counted (must be equal); each
worker's resident memory after the last run (target < 150 MB). --json writes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run_all import PY, ROOT, Server, get, psql, sh, wrk
from vs_wagtail import our_env

REDIS_URL = os.environ.get("FLOOD_REDIS_URL", "redis://127.0.0.1:6379/3")
PORT = int(os.environ.get("BENCH_PORT", "8766"))

EDITOR = r"""
import json, random, sys, time, urllib.request
import django
django.setup()
from django.db import transaction
from articles.models import Article, Section

port, every, slugs, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3].split(","), sys.argv[4]
sections = list(Section.objects.filter(in_menu=True))
Article.objects.filter(slug__in=slugs).count()  # connected, models loaded: as an admin worker that is up
rng = random.Random(7)
delays, saves, number = [], 0, 0
print("ready", flush=True)
sys.stdin.readline()  # the load has started
stop_at = time.time() + float(sys.argv[5])
while time.time() + every < stop_at:
    time.sleep(every)
    number += 1
    if number % 2:  # publish a new article
        title = f"Tin mới trong đợt kiểm tra tải số {number} lúc {time.time():.3f}"
        with transaction.atomic():
            Article.objects.create(title=title, section=rng.choice(sections), status="published",
                                   lead="Bài đăng trong lúc bạn đọc truy cập đông.", body="<p>Nội dung bài mới.</p>")
        saves += 1
        published, seen = time.time(), None
        while time.time() - published < 10:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
                if title.encode() in response.read():
                    seen = time.time() - published
                    break
            time.sleep(0.02)
        delays.append(seen)
    else:  # edit an article being read
        with transaction.atomic():
            article = Article.objects.get(slug=rng.choice(slugs))
            article.lead = f"Sapo được biên tập lại lần {number}."
            article.save()
        saves += 1
with open(out, "w") as handle:
    json.dump({"saves": saves, "home_delays": delays}, handle)
"""


def environment(kind: str, database: str, var_dir: Path) -> dict:
    """Production settings with the page cache on; Redis beside PostgreSQL, files beside SQLite."""
    env = {**our_env(kind, database, var_dir), "PAGE_CACHE_SECONDS": "300"}
    if kind == "postgres":
        env["REDIS_URL"] = REDIS_URL
    return env


def corpus(kind: str, articles: int, rebuild: bool) -> tuple[dict, Path]:
    """The environment of a kept corpus of ``articles`` articles, made if missing."""
    database = f"danvan_flood_{articles}"
    var_dir = Path(tempfile.gettempdir()) / f"danvan-flood-{kind}-{articles}"
    env = environment(kind, database, var_dir)
    if kind == "postgres":
        exists = psql(f"select 1 from pg_database where datname = '{database}'").strip() == "1"
        if rebuild and exists:
            psql(f"drop database {database}")
        if rebuild or not exists:
            psql(f"create database {database}")
            sh(PY, "bench/make_corpus.py", "--articles", str(articles), env=env, capture=False)
    elif rebuild or not (var_dir / "danvan.sqlite3").exists():
        sh("rm", "-rf", str(var_dir))
        var_dir.mkdir(parents=True)
        sh(PY, "bench/make_corpus.py", "--articles", str(articles), env=env, capture=False)
    sh(PY, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    return env, var_dir


def mixed_paths(env: dict) -> tuple[list[str], list[str]]:
    code = (
        "import django; django.setup()\n"
        "from articles.models import Article, Section\n"
        "from organizations.models import Document\n"
        "arts = list(Article.objects.published().order_by('pk').values_list('slug', flat=True)[::97][:60])\n"
        "secs = list(Section.objects.values_list('slug', flat=True))\n"
        "docs = list(Document.objects.filter(articles__isnull=False).distinct().order_by('pk').values_list('slug', flat=True)[:10])\n"
        "print(' '.join(arts)); print(' '.join(secs)); print(' '.join(docs))\n"
    )
    arts, secs, docs = (line.split() for line in sh(PY, "-c", code, env=env).strip().splitlines())
    searches = ["dan+van+kheo", "nghi+quyet+25", "25-NQ%2FTW", "quy+che+dan+chu", "cai+cach+hanh+chinh", "binh+thuan"]
    paths = (
        ["/"] + [f"/chuyen-muc/{s}/" for s in secs] + [f"/van-ban/{d}/" for d in docs]
        + [f"/tim-kiem/?q={q}" for q in searches] + [f"/bai-viet/{a}/" for a in arts]
    )  # fmt: skip
    return paths, arts


def views_in_database(env: dict) -> int:
    sh(PY, "manage.py", "flush_view_counts", env=env)  # what Redis still buffers
    code = "import django; django.setup()\nfrom django.db.models import Sum\nfrom articles.models import Article\n"
    code += "print(Article.objects.aggregate(n=Sum('view_count'))['n'] or 0)\n"
    return int(sh(PY, "-c", code, env=env).strip())


def worker_memory(master_pid: int) -> list[float]:
    """Resident memory (MB) of each gunicorn worker, the master's children."""
    sizes = []
    for child in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def one_run(env: dict, paths: list[str], arts: list[str], *, editing: bool, seconds: int, connections: int, every: float) -> dict:
    editor = None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "editor.json"
        if editing:
            # Started before the run, as the admin worker it stands for is already up: its
            # Python and Django starting (1.5 s of CPU) is not the cost of publishing.
            editor = subprocess.Popen(
                [PY, "-c", EDITOR, str(PORT), str(every), ",".join(arts), str(out), str(seconds)],
                cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
            if editor.stdout.readline().strip() != "ready":
                raise SystemExit("the editor did not start")
            editor.stdin.write("go\n")
            editor.stdin.flush()
        result = wrk(paths, seconds=seconds, connections=connections, port=PORT)
        if editor:
            editor.wait(timeout=60)
            result.update(json.loads(out.read_text()))
    return result


def measure(
    kind: str,
    articles: int,
    *,
    pairs: int,
    seconds: int,
    connections: int,
    workers: int,
    every: float,
    rebuild: bool,
    prepared: tuple[dict, Path] | None = None,
) -> dict:
    """The flood on this script's own corpus, or on ``prepared`` (an environment serving a
    corpus of ``articles``, and its var folder)."""
    env, var_dir = prepared or corpus(kind, articles, rebuild)
    env = {**env, "PAGE_CACHE_SECONDS": "300"}
    paths, arts = mixed_paths(env)
    access_log = var_dir / "flood-access.log"
    access_log.unlink(missing_ok=True)
    views_before = views_in_database(env)
    runs: list[dict] = []
    with Server(env, access_log=access_log, port=PORT, workers=workers) as server:
        for path in paths:  # every page in the cache, one by one
            status, _body, _headers = get(path, timeout=120, port=PORT)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
        wrk(paths, seconds=5, connections=connections, port=PORT)  # the workers warm
        for _pair in range(pairs):
            for editing in (False, True):
                result = one_run(env, paths, arts, editing=editing, seconds=seconds, connections=connections, every=every)
                result.update(editing=editing, load=os.getloadavg()[0])
                runs.append(result)
                print(json.dumps(result), flush=True)
        memory = worker_memory(server.process.pid)
    served = sum(1 for line in access_log.read_text().splitlines() if '"GET /bai-viet/' in line and '" 200 ' in line)
    counted = views_in_database(env) - views_before
    quiet = [r for r in runs if not r["editing"]]
    busy = [r for r in runs if r["editing"]]
    delays = [d for r in busy for d in r.get("home_delays", [])]
    return {
        "database": kind,
        "articles": articles,
        "runs": runs,
        "throughput_ratio": statistics.median(b["rps"] / q["rps"] for q, b in zip(quiet, busy, strict=True)),
        "p99_ratio": statistics.median(b["p99"] / max(q["p99"], 0.001) for q, b in zip(quiet, busy, strict=True)),
        "home_delay_max": None if not delays or None in delays else max(delays),
        "home_delays": delays,
        "article_pages_served": served,
        "views_counted": counted,
        "worker_rss_mb": memory,
    }


def report(figures: dict) -> str:
    lines = [
        f"### {figures['database']}, {figures['articles']:,} articles",
        "",
        "| run | req/s | p50 ms | p99 ms | max ms | errors | saves | load |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in figures["runs"]:
        errors = r["non2xx"] + r["socket_errors"]
        lines.append(
            f"| {'editing' if r['editing'] else 'quiet'} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['max']:.1f} "
            f"| {errors} | {r.get('saves', 0)} | {r['load']:.1f} |"
        )
    delay = figures["home_delay_max"]
    memory = figures["worker_rss_mb"]
    errors = sum(r["non2xx"] + r["socket_errors"] for r in figures["runs"])
    seen = "never seen" if delay is None else f"{delay:.2f} s (slowest of {len(figures['home_delays'])})"
    rows = [
        ("throughput editing / quiet ≥ 0.90", f"{figures['throughput_ratio']:.2f}×", figures["throughput_ratio"] >= 0.9),
        ("p99 editing / quiet ≤ 2.00", f"{figures['p99_ratio']:.2f}×", figures["p99_ratio"] <= 2),
        ("new article on the home page ≤ 2 s", seen, delay is not None and delay <= 2),
        ("zero errors", str(errors), errors == 0),
        (
            "views counted = article pages served",
            f"{figures['views_counted']:,} / {figures['article_pages_served']:,}",
            figures["views_counted"] == figures["article_pages_served"],
        ),
        ("each worker < 150 MB after the flood", ", ".join(f"{m:.0f}" for m in memory) + " MB", bool(memory) and max(memory) < 150),
    ]
    lines += ["", "| target | measured | met |", "| --- | --- | --- |"]
    lines += [f"| {name} | {value} | {'yes' if met else 'no'} |" for name, value, met in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--every", type=float, default=5.0)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures = measure(
        args.database, args.articles, pairs=args.pairs, seconds=args.seconds, connections=args.connections,
        workers=args.workers, every=args.every, rebuild=args.rebuild,
    )  # fmt: skip
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
