"""Run every benchmark and write bench/RESULTS.md.

    .venv/bin/python bench/run_all.py                 # 10,000 and 100,000 articles
    .venv/bin/python bench/run_all.py --sizes 10000   # quicker

Needs PostgreSQL (PG_URL, default postgres://postgres@127.0.0.1:5432), Redis (REDIS_URL,
default redis://127.0.0.1:6379/2) and wrk (Debian package). For each corpus size it builds
a fresh database with bench/make_corpus.py, serves it with gunicorn under production
settings, and measures with wrk: each page uncached (page cache off) and cached, and a
static file from the same server as the ceiling. Then search latency on the largest
corpus against a plain icontains scan, the importer's throughput (bench/import_archive.py),
a 60 s soak at 64 connections on mixed pages that checks view counts, and the site's
behaviour while PostgreSQL and Redis are stopped. All figures come from one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
DURATION = int(os.environ.get("BENCH_SECONDS", "15"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 2) + 1)))


def sh(*args: str, env: dict | None = None, check: bool = True, capture: bool = True) -> str:
    result = subprocess.run(list(args), env=env, text=True, capture_output=capture, cwd=ROOT)
    if check and result.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    return result.stdout if capture else ""


def psql(sql: str, database: str = "postgres") -> str:
    return sh("psql", f"{PG_URL}/{database}", "-Atqc", sql)


def base_env(database: str, var_dir: Path, *, page_cache: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="danvan.settings",
        DEBUG="0",
        SECRET_KEY="bench-" + "x9!Qz" * 12,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"{PG_URL}/{database}",
        REDIS_URL=REDIS_URL,
        DANVAN_VAR_DIR=str(var_dir),
        PAGE_CACHE_SECONDS=str(page_cache),
        LOG_LEVEL="WARNING",
    )
    return env


class Server:
    """gunicorn serving our site (or, given ``argv`` and ``cwd``, another one) on ``port``."""

    def __init__(
        self,
        env: dict,
        access_log: Path | None = None,
        *,
        port: int = PORT,
        workers: int | None = None,
        argv: list[str] | None = None,
        cwd: Path = ROOT,
    ):
        self.env = env
        self.access_log = access_log
        self.port = port
        self.workers = workers or WORKERS
        self.argv = argv or [GUNICORN, "danvan.wsgi:application"]
        self.cwd = cwd
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        logging = ["--access-logfile", str(self.access_log)] if self.access_log else []
        self.process = subprocess.Popen(
            [*self.argv, "-b", f"127.0.0.1:{self.port}", "-w", str(self.workers), "--log-level", "warning", *logging],
            cwd=self.cwd,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        return self

    def __exit__(self, *exc) -> None:
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


def get(path: str, timeout: float = 10, *, port: int = PORT) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


# Each wrk thread starts at its own place in the list (half of it further on for the second
# of two), so a list meant to be asked once in a run is not asked once per thread.
WRK_PATHS_LUA = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local counter = 0
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
function init(args)
  counter = (offset or 0) * math.floor(#paths / 2)
end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def wrk(paths: list[str], *, seconds: int = DURATION, connections: int = CONNECTIONS, port: int = PORT) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "paths.txt"
        listing.write_text("\n".join(paths) + "\n")
        script = Path(tmp) / "paths.lua"
        script.write_text(WRK_PATHS_LUA % listing)
        out = sh(
            "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
            "-s", str(script), f"http://127.0.0.1:{port}",
        )  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+\w+)", out, re.M))
    latency_line = re.search(r"^\s+Latency\s+([\d.]+\w+)\s+([\d.]+\w+)\s+([\d.]+\w+)", out, re.M)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "rps": rps,
        "p50": to_ms(latency.get("50", "0ms")),
        "p99": to_ms(latency.get("99", "0ms")),
        "max": to_ms(latency_line.group(3)) if latency_line else 0.0,
        "requests": total,
        "non2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
    }


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def sample_paths(database: str) -> dict[str, list[str]]:
    """URLs of public pages, chosen from the corpus (published articles only)."""
    articles = psql(
        "select slug from articles_article where status='published' and published_at <= now() order by random() limit 300",
        database,
    ).split()
    sections = psql("select slug from articles_section", database).split()
    documents = psql(
        "select d.slug from organizations_document d join articles_article_documents ad on ad.document_id = d.id "
        "group by d.slug order by count(*) desc limit 50",
        database,
    ).split()
    queries = ["dan+van+kheo", "D%C3%A2n+v%E1%BA%ADn+kh%C3%A9o", "nghi+quyet+25", "25-NQ%2FTW", "quy+che+dan+chu", "cai+cach+hanh+chinh"]
    return {
        "home": ["/"],
        "section": [f"/chuyen-muc/{s}/" for s in sections],
        "article": [f"/bai-viet/{s}/" for s in articles],
        "document": [f"/van-ban/{s}/" for s in documents],
        "search": [f"/tim-kiem/?q={q}" for q in queries],
    }


def page_benchmarks(database: str, var_dir: Path) -> dict:
    paths = sample_paths(database)
    results: dict = {"uncached": {}, "cached": {}}
    static_path = "/static/admin/css/base.css"
    for mode, page_cache in (("uncached", 0), ("cached", 300)):
        with Server(base_env(database, var_dir, page_cache=page_cache)):
            for name, urls in paths.items():
                # Every URL once before measuring: in the cached run each is then served from
                # the cache, in the uncached run the database and Python are warm.
                for url in urls:
                    status, _body, _headers = get(url, timeout=120)  # a cold page may be slow; wrk measures it
                    if status != 200:
                        raise SystemExit(f"{url} answered {status}")
                results[mode][name] = wrk(urls)
            if mode == "cached":
                results["static"] = wrk([static_path])
    return results


def search_benchmark(database: str, var_dir: Path) -> dict:
    """p95 of the site's search function in-process, and a plain icontains scan for scale."""
    code = r"""
import json, statistics, time, django
django.setup()
from articles.models import Article
from django.db.models import Q
from search.models import SearchEntry
from search.query import parse
from search.views import PER_PAGE, ResultsPaginator
def run_search(q):
    # What the results page does: a (capped) count and the first page.
    paginator = ResultsPaginator(SearchEntry.objects.visible().search(parse(q)).for_results(), PER_PAGE)
    page = paginator.page_with_count(1)
    return paginator.count, list(page)
queries = ["dan van kheo", "Dân vận khéo", "nghi quyet 25", "25-NQ/TW", "quy che dan chu",
           "cải cách hành chính", "dan chu co so", "hoc tap lam theo"]
def timed(fn):
    samples = []
    for _ in range(5):
        for q in queries:
            t = time.perf_counter(); fn(q); samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return {"p50": statistics.median(samples), "p95": samples[int(len(samples) * 0.95) - 1]}
site = timed(run_search)
def scan_query(q):
    match = Q(title__icontains=q) | Q(lead__icontains=q) | Q(body__icontains=q)
    hits = Article.objects.published().filter(match).order_by("-published_at")
    return hits.count(), list(hits[:20])
scan = timed(scan_query)
print(json.dumps({"site": site, "icontains": scan}))
"""
    env = base_env(database, var_dir, page_cache=0)
    out = subprocess.run([PY, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr else "failed"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def soak(database: str, var_dir: Path, seconds: int = 60, connections: int = 64) -> dict:
    """Mixed pages at 64 connections; view counts must grow by the article requests made."""
    paths = sample_paths(database)
    mixed = [p for name in ("home", "section", "document", "search") for p in paths[name][:10]] + paths["article"][:60]
    env = base_env(database, var_dir, page_cache=300)
    sh(PY, "manage.py", "flush_view_counts", env=env)  # views the page benchmarks left in Redis
    views_before = int(psql("select coalesce(sum(view_count),0) from articles_article", database))
    access_log = var_dir / "soak-access.log"
    with Server(env, access_log=access_log):
        result = wrk(mixed, seconds=seconds, connections=connections)
    sh(PY, "manage.py", "flush_view_counts", env=env)  # the views still buffered in Redis
    views_after = int(psql("select coalesce(sum(view_count),0) from articles_article", database))
    # The server's own log says exactly how many article pages it answered with 200.
    served = sum(1 for line in access_log.read_text().splitlines() if '"GET /bai-viet/' in line and '" 200 ' in line)
    return {**result, "views_counted": views_after - views_before, "article_requests": served}


def faults(database: str, var_dir: Path) -> dict:
    """Stop PostgreSQL, then Redis, while the server runs; see what readers get."""
    report: dict = {}
    cluster = sh("bash", "-c", "ls /etc/postgresql").strip()
    with Server(base_env(database, var_dir, page_cache=0)):
        report["before"] = get("/")[0]
        sh("pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "stop", check=False)
        try:
            t = time.perf_counter()
            status, body, _ = get("/bai-viet/khong-co-bai-nay/")
            report["db_down_status"] = status
            report["db_down_ms"] = round((time.perf_counter() - t) * 1000)
            report["db_down_styled"] = b"<html" in body.lower() and b"Traceback" not in body
        finally:
            sh("pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "start", check=False)
        deadline, recovered = time.time() + 30, None
        while time.time() < deadline:
            if get("/")[0] == 200:
                recovered = True
                break
            time.sleep(0.5)
        report["db_recovered"] = bool(recovered)
        sh("redis-cli", "shutdown", "nosave", check=False)
        try:
            report["redis_down_status"] = get("/")[0]
        finally:
            sh(
                "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379", "--save", "",
                "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log", check=False,
            )  # fmt: skip
    return report


def import_benchmark() -> str:
    script = ROOT / "bench" / "import_archive.py"
    if not script.exists():
        return "bench/import_archive.py missing"
    out = subprocess.run([PY, str(script)], cwd=ROOT, capture_output=True, text=True)
    return (out.stdout + out.stderr).strip()


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line), "?")
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0")
    system = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    return f"{os.cpu_count()} × {cpu}, {int(memory) // 1024 // 1024} GiB, {system}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--skip-faults", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    sizes = [int(s) for s in args.sizes.split(",")]
    started = dt.datetime.now(dt.UTC)
    var_dir = Path(tempfile.mkdtemp(prefix="danvan-bench-"))
    sh(PY, "manage.py", "collectstatic", "--noinput", env=base_env("postgres", var_dir, page_cache=0))
    pages: dict[int, dict] = {}
    for size in sizes:
        database = f"danvan_bench_{size}"
        psql(f"drop database if exists {database}")
        psql(f"create database {database}")
        t = time.perf_counter()
        sh(PY, "bench/make_corpus.py", "--articles", str(size), env=base_env(database, var_dir, page_cache=0))
        print(f"corpus {size}: {time.perf_counter() - t:.0f} s", flush=True)
        pages[size] = page_benchmarks(database, var_dir)
        print(json.dumps(pages[size]), flush=True)
    largest = f"danvan_bench_{sizes[-1]}"
    import floor  # bench/floor.py, beside this file

    floor_result = floor.measure(largest, var_dir)
    print(json.dumps(floor_result), flush=True)
    search = search_benchmark(largest, var_dir)
    soak_result = soak(largest, var_dir)
    fault_result = {} if args.skip_faults else faults(largest, var_dir)
    imports = import_benchmark()
    write_results(started, sizes, pages, floor_result, search, soak_result, fault_result, imports)


def write_results(started, sizes, pages, floor_result, search, soak_result, fault_result, imports) -> None:
    small, large = sizes[0], sizes[-1]
    lines = [
        "# Benchmark results",
        "",
        f"- date: {started:%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine()}",
        f"- server: gunicorn, {WORKERS} sync workers, DEBUG=0, PostgreSQL + Redis cache, WhiteNoise static",
        f"- load: wrk, 2 threads, {CONNECTIONS} connections, {DURATION} s per row, paths rotated per request",
        "",
        "## Pages",
        "",
        "| page | articles | uncached req/s | p50 ms | p99 ms | cached req/s | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in sizes:
        for name in pages[size]["uncached"]:
            u, c = pages[size]["uncached"][name], pages[size]["cached"][name]
            lines.append(
                f"| {name} | {size:,} | {u['rps']:.0f} | {u['p50']:.1f} | {u['p99']:.1f} "
                f"| {c['rps']:.0f} | {c['p50']:.1f} | {c['p99']:.1f} |"
            )
    static = pages[large]["static"]
    lines += ["", f"Static file from the same server (ceiling): **{static['rps']:.0f} req/s**, p50 {static['p50']:.1f} ms.", ""]
    lines += ["## Targets, from this run", "", "| target | measured | met |", "| --- | --- | --- |"]
    if len(sizes) > 1:
        for name in pages[large]["uncached"]:
            ratio = pages[large]["uncached"][name]["p50"] / max(pages[small]["uncached"][name]["p50"], 0.001)
            lines.append(f"| {name}: p50 at {large:,} ≤ 1.3 × p50 at {small:,} | {ratio:.2f}× | {'yes' if ratio <= 1.3 else 'no'} |")
    for name, c in pages[large]["cached"].items():
        share = c["rps"] / static["rps"]
        lines.append(f"| {name} cached ≥ ½ static ceiling | {share:.2f} of ceiling | {'yes' if share >= 0.5 else 'no'} |")
    article = pages[large]["uncached"]["article"]["rps"]
    lines.append(f"| uncached article ≥ 300 req/s | {article:.0f} req/s | {'yes' if article >= 300 else 'no'} |")
    if "site" in search:
        lines.append(
            f"| search p95 < 50 ms at {large:,} | {search['site']['p95']:.1f} ms | {'yes' if search['site']['p95'] < 50 else 'no'} |"
        )
        lines += [
            "",
            "## Search",
            "",
            f"Site search p50 {search['site']['p50']:.1f} ms, p95 {search['site']['p95']:.1f} ms; plain icontains scan "
            f"p50 {search['icontains']['p50']:.1f} ms, p95 {search['icontains']['p95']:.1f} ms "
            f"(icontains / site at p95: {search['icontains']['p95'] / max(search['site']['p95'], 0.001):.1f}×).",
        ]
    else:
        lines += ["", "## Search", "", f"Search benchmark failed: {search.get('error')}"]
    lines += [
        "",
        f"## The uncached floor, at {large:,} articles (bench/floor.py)",
        "",
        "What an uncached page costs before it shows anything of its own: the same server and",
        "load, page cache off; the last row is the article page again, measured in the same minute.",
        "",
        "| page | req/s | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, r in floor_result.items():
        lines.append(f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} |")
    lines += [
        "",
        "## Soak: 60 s, 64 connections, mixed pages, page cache on",
        "",
        f"{soak_result['requests']:,} requests, {soak_result['rps']:.0f} req/s, p99 {soak_result['p99']:.1f} ms, "
        f"non-2xx {soak_result['non2xx']}, socket errors {soak_result['socket_errors']}; "
        f"article pages served {soak_result['article_requests']:,}, views counted {soak_result['views_counted']:,} "
        f"({'equal' if soak_result['article_requests'] == soak_result['views_counted'] else 'NOT equal'}).",
    ]
    if fault_result:
        lines += [
            "",
            "## Faults",
            "",
            f"- PostgreSQL stopped: readers got HTTP {fault_result.get('db_down_status')} in {fault_result.get('db_down_ms')} ms, "
            f"styled page without traceback: {fault_result.get('db_down_styled')}; "
            f"recovered by itself: {fault_result.get('db_recovered')}.",
            f"- Redis stopped: home page answered HTTP {fault_result.get('redis_down_status')}.",
        ]
    lines += ["", "## Import", "", "```", imports, "```", ""]
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
