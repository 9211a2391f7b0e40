"""Our pages against the Wagtail news anchor, side by side, uncached, in one run.

    .venv/bin/python bench/vs_wagtail.py                          # 10,000 articles, SQLite and PostgreSQL
    .venv/bin/python bench/vs_wagtail.py --articles 1000 --databases sqlite --pairs 1 --seconds 3
    .venv/bin/python bench/vs_wagtail.py --var-dir /tmp/vs --reuse    # build once, measure again later

The anchor is a copy of ../shared/anchors/wagtail_news (never changed; WAGTAIL_DIR, default
../wagtail_news, made by `cp -r` and its own `./setup.sh`). Both sites get a corpus of the
same size in the same kind of database: ours from bench/make_corpus.py, Wagtail's from its
own `load_corpus` over our seed files. Both are served at once by gunicorn with the same
number of sync workers (4) and production settings, our page cache off; wrk (16
connections) then measures each pair of pages A B A B A B, and each ratio printed is the
median of the per-pair ratios, ours / Wagtail:

- our article page against Wagtail's news page;
- our section page and our home page against Wagtail's news index;
- our search results page against our own article page, measured in the same pairs.

The figures go to stdout and, with --json, to a file; bench/RESULTS.md quotes them.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run_all import PG_URL, PY, ROOT, Server, get, psql, sh, wrk

WAGTAIL_DIR = Path(os.environ.get("WAGTAIL_DIR", ROOT.parent / "wagtail_news"))
WAGTAIL_VENV = Path(os.environ.get("WAGTAIL_VENV", Path.home() / ".cache" / "danvan-anchors" / "wagtail-venv"))
# BENCH_PORT_BASE lets two runs share a machine (ours at the base, Wagtail one above).
OURS_PORT = int(os.environ.get("BENCH_PORT_BASE", "8781"))
WAGTAIL_PORT = OURS_PORT + 1
# BENCH_DB_PREFIX keeps two runs' PostgreSQL databases apart: <prefix>danvan_vs_N and
# <prefix>wagtail_vs_N (build()'s ``prefix`` wins over it).
SEARCHES = ["dan+van+kheo", "nghi+quyet+25", "25-NQ%2FTW", "cai+cach+hanh+chinh", "binh+thuan"]
# Words of the corpus that readers search for, combined three at a time into searches that
# are never asked twice in a run: what the search costs when nothing it found is kept.
SEARCH_WORDS = (
    "dân vận", "khéo", "nghị quyết", "công tác", "mặt trận", "đoàn viên", "hội viên", "xã", "tỉnh", "huyện",
    "cải cách", "hành chính", "dân chủ", "cơ sở", "phong trào", "thi đua", "nông thôn", "giảm nghèo",
    "tôn giáo", "dân tộc", "cựu chiến binh", "phụ nữ", "thanh niên", "công đoàn", "chính quyền", "đảng viên",
    "kiểm tra", "giám sát", "tuyên truyền", "học tập", "tư tưởng", "đạo đức", "quy chế", "mô hình",
    "điển hình", "nhân dân", "đồng bào", "an sinh", "vận động", "đại đoàn kết",
)  # fmt: skip


def distinct_searches(count: int) -> list[str]:
    """``count`` different searches of three words each, in a fixed shuffled order."""
    import itertools
    import random
    from urllib.parse import quote_plus

    triples = list(itertools.permutations(SEARCH_WORDS, 3))
    random.Random(16).shuffle(triples)
    return [f"/tim-kiem/?q={quote_plus(' '.join(words))}" for words in triples[:count]]



def our_env(kind: str, database: str, var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="danvan.settings",
        DEBUG="0",
        SECRET_KEY="bench-" + "x9!Qz" * 12,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        DANVAN_VAR_DIR=str(var_dir),
        PAGE_CACHE_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    if kind == "postgres":
        env["DATABASE_URL"] = f"{PG_URL}/{database}"
    return env


def wagtail_env(kind: str, database: str, var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        PATH=f"{WAGTAIL_VENV / 'bin'}:{env.get('PATH', '')}",
        DJANGO_SETTINGS_MODULE="newssite.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-" + "w4!Rt" * 12,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"{PG_URL}/{database}" if kind == "postgres" else f"sqlite:///{var_dir / 'wagtail.sqlite3'}",
    )
    return env


def wagtail(env: dict, *args: str) -> str:
    result = subprocess.run(
        [str(WAGTAIL_VENV / "bin" / "python"), "manage.py", *args], cwd=WAGTAIL_DIR, env=env, text=True, capture_output=True
    )
    if result.returncode != 0:
        raise SystemExit(f"wagtail {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def build(kind: str, articles: int, var_dir: Path, *, prefix: str = "", reuse: bool = False, wagtail_too: bool = True) -> tuple[dict, dict]:
    """Both corpora of ``articles`` articles (ours only, without ``wagtail_too``). With
    ``reuse``, a corpus already there (database, or SQLite file under ``var_dir``) is kept."""
    prefix = prefix or os.environ.get("BENCH_DB_PREFIX", "")
    ours_db, wagtail_db = f"{prefix}danvan_vs_{articles}", f"{prefix}wagtail_vs_{articles}"
    ours, theirs = our_env(kind, ours_db, var_dir / "ours"), wagtail_env(kind, wagtail_db, var_dir)
    (var_dir / "ours").mkdir(parents=True, exist_ok=True)

    def fresh(database: str, sqlite_file: Path) -> bool:
        """Make an empty database for a corpus, unless one is kept."""
        if kind == "postgres":
            if reuse and psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'").strip() == "1":
                return False
            psql(f"DROP DATABASE IF EXISTS {database}")
            psql(f"CREATE DATABASE {database}")
            return True
        if reuse and sqlite_file.exists():
            return False
        sqlite_file.unlink(missing_ok=True)
        return True

    if fresh(ours_db, var_dir / "ours" / "danvan.sqlite3"):
        print(f"[{kind}] building our corpus of {articles:,} articles …", flush=True)
        sh(PY, "bench/make_corpus.py", "--articles", str(articles), env=ours)
    sh(PY, "manage.py", "migrate", "--noinput", "-v0", env=ours)  # a kept corpus, brought to this code's schema
    sh(PY, "manage.py", "collectstatic", "--noinput", "-v0", env=ours)
    if wagtail_too and fresh(wagtail_db, var_dir / "wagtail.sqlite3"):
        print(f"[{kind}] building Wagtail's corpus of {articles:,} pages …", flush=True)
        wagtail(theirs, "migrate", "--noinput", "-v0")
        seeds = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
        wagtail(theirs, "load_corpus", "--files", str(ROOT / "fixtures" / "seeds"), "--copies", str(max(1, articles // len(seeds))))
    if wagtail_too:
        wagtail(theirs, "collectstatic", "--noinput", "-v0")
    return ours, theirs


def our_paths(env: dict) -> dict[str, list[str]]:
    code = (
        "import django; django.setup()\n"
        "from articles.models import Article, Section\n"
        "import random\n"
        "every = list(Article.objects.published().values_list('slug', flat=True))\n"
        "random.Random(16).shuffle(every)\n"
        "secs = Section.objects.values_list('slug', flat=True)\n"
        "print('\\n'.join(['E /bai-viet/%s/' % s for s in every] + ['S /chuyen-muc/%s/' % s for s in secs]))\n"
    )
    out = sh(PY, "-c", code, env=env)
    paths: dict[str, list[str]] = {
        "article": [], "every article": [], "section": [], "home": ["/"], "search": [f"/tim-kiem/?q={q}" for q in SEARCHES],
    }  # fmt: skip
    for line in out.splitlines():
        kind, _, path = line.partition(" ")
        paths["every article" if kind == "E" else "section"].append(path)
    paths["article"] = paths["every article"][:200]  # 200 articles, asked again and again
    return paths


def wagtail_paths(env: dict) -> dict[str, list[str]]:
    code = (
        "from news.models import NewsIndexPage, NewsPage\n"
        "index = NewsIndexPage.objects.live().order_by('path').first()\n"
        "print('I', index.url)\n"
        "for page in NewsPage.objects.live().child_of(index).order_by('?')[:200]: print('P', page.url)\n"
    )
    out = wagtail(env, "shell", "-v0", "-c", code)
    paths: dict[str, list[str]] = {"index": [], "news": []}
    for line in out.splitlines():
        kind, _, path = line.partition(" ")
        paths["index" if kind == "I" else "news"].append(path)
    return paths


def check(paths: list[str], port: int) -> None:
    for path in paths:
        status, _body, _headers = get(path, timeout=120, port=port)
        if status != 200:
            raise SystemExit(f"http://127.0.0.1:{port}{path} answered {status}")


def compare(kind: str, ours: dict, theirs: dict, *, pairs: int, seconds: int, connections: int, workers: int, only: str = "") -> dict:
    with_wagtail = only_wagtail(only)
    mine, peer = our_paths(ours), (wagtail_paths(theirs) if with_wagtail else {"news": [], "index": []})
    # (name, our paths, their paths or None for "against our article page")
    matchups = [
        ("article page vs Wagtail's news page", mine["article"], peer["news"]),
        ("section page vs Wagtail's news index", mine["section"], peer["index"]),
        ("home page vs Wagtail's news index", mine["home"], peer["index"]),
        ("search vs our article page", mine["search"], None),
        ("search, never the same query twice, vs our article page", NEVER_TWICE, None),
        # Both sides alike: nothing either page keeps (the search's results, the article's
        # fragments) is ever used again.
        ("search, never the same query twice, vs our article page, never the same article twice", NEVER_TWICE, NEVER_TWICE),
    ]
    matchups = [m for m in matchups if only in m[0]]
    # What an earlier run over a kept corpus left in our cache (the file cache: the bench runs
    # without Redis) would answer its "never asked" searches, which every run takes from the
    # same shuffled list: the runs start from an empty cache (the servers' first requests,
    # ``check`` below, fill it again with what every page shares).
    shutil.rmtree(Path(ours["DANVAN_VAR_DIR"]) / "cache", ignore_errors=True)
    wagtail_argv = [str(WAGTAIL_VENV / "bin" / "gunicorn"), "newssite.wsgi:application", "--worker-class", "sync"]
    results = {}
    with contextlib.ExitStack() as servers:
        servers.enter_context(Server(ours, port=OURS_PORT, workers=workers))
        if with_wagtail:
            servers.enter_context(Server(theirs, port=WAGTAIL_PORT, workers=workers, argv=wagtail_argv, cwd=WAGTAIL_DIR))
        for _name, a, b in matchups:
            # Never-asked searches are warmed with the repeated ones (not in their list): the
            # vocabulary the suggestions read is then built before the first pair.
            check(a if a is not NEVER_TWICE else mine["search"], OURS_PORT)
            if b and b is not NEVER_TWICE:
                check(b, WAGTAIL_PORT)
        never_asked = iter(distinct_searches(DISTINCT_SEARCHES))
        never_shown = iter(mine["every article"][len(mine["article"]) :])
        for name, a, b in matchups:
            rows = []
            for _ in range(pairs):
                # Searches none of the earlier runs asked: each pair a fresh slice of them.
                paths = a if a is not NEVER_TWICE else [next(never_asked) for _ in range(DISTINCT_SEARCHES // (2 * pairs))]
                first = wrk(paths, seconds=seconds, connections=connections, port=OURS_PORT)
                if b is NEVER_TWICE:
                    # Articles none of the earlier runs showed: each pair a fresh slice (past
                    # the end of the archive, a run goes round its slice again).
                    fresh = list(itertools.islice(never_shown, (len(mine["every article"]) - len(mine["article"])) // pairs))
                    second = wrk(fresh, seconds=seconds, connections=connections, port=OURS_PORT)
                elif b is None:
                    second = wrk(mine["article"], seconds=seconds, connections=connections, port=OURS_PORT)
                else:
                    second = wrk(b, seconds=seconds, connections=connections, port=WAGTAIL_PORT)
                rows.append((first, second))
            ratios = [x["rps"] / y["rps"] for x, y in rows]
            results[name] = {
                "ratio": statistics.median(ratios),
                "ratios": ratios,
                "ours_rps": [x["rps"] for x, _ in rows],
                "other_rps": [y["rps"] for _, y in rows],
                "ours_p50": statistics.median(x["p50"] for x, _ in rows),
                "errors": sum(x["non2xx"] + x["socket_errors"] + y["non2xx"] + y["socket_errors"] for x, y in rows),
            }
            r = results[name]
            print(
                f"[{kind}] {name}: {r['ratio']:.2f}×  (ours {statistics.median(r['ours_rps']):.0f} req/s, "
                f"other {statistics.median(r['other_rps']):.0f} req/s, pairs {', '.join(f'{x:.2f}' for x in ratios)})",
                flush=True,
            )
    return results


WAGTAIL_MATCHUPS = ("article page vs Wagtail's news page", "section page vs Wagtail's news index", "home page vs Wagtail's news index")


NEVER_TWICE: list[str] = []  # marks the matchup whose searches are never repeated (see compare)
DISTINCT_SEARCHES = 40000  # more than any run at these speeds asks for


def only_wagtail(only: str) -> bool:
    """Whether the matchups chosen by ``--only`` need the Wagtail site at all."""
    return not only or any(only in name for name in WAGTAIL_MATCHUPS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--var-dir", type=Path, help="keep the corpora here instead of a temporary folder")
    parser.add_argument("--reuse", action="store_true", help="with --var-dir: reuse corpora built there by an earlier run")
    parser.add_argument("--only", default="", help='only the matchups whose name holds this ("search": no Wagtail site needed)')
    args = parser.parse_args()
    if not (WAGTAIL_VENV / "bin" / "gunicorn").exists() or not (WAGTAIL_DIR / "manage.py").exists():
        raise SystemExit(
            f"The Wagtail anchor is missing: cp -r ../shared/anchors/wagtail_news {WAGTAIL_DIR} && "
            f"(cd {WAGTAIL_DIR} && LOCKED=1 ./setup.sh)"
        )
    figures = {}
    with tempfile.TemporaryDirectory(prefix="vs-wagtail-") as tmp:
        for kind in args.databases.split(","):
            var_dir = (args.var_dir or Path(tmp)) / kind
            ours, theirs = build(
                kind, args.articles, var_dir, reuse=args.reuse and args.var_dir is not None, wagtail_too=only_wagtail(args.only)
            )
            figures[kind] = compare(
                kind,
                ours,
                theirs,
                pairs=args.pairs,
                seconds=args.seconds,
                connections=args.connections,
                workers=args.workers,
                only=args.only,
            )
    print("\n| page | " + " | ".join(figures) + " |\n| --- |" + " ---: |" * len(figures))
    for name in next(iter(figures.values())):
        print(f"| {name} | " + " | ".join(f"{figures[k][name]['ratio']:.2f}×" for k in figures) + " |")
    if args.json:
        args.json.write_text(json.dumps({"articles": args.articles, "figures": figures}, indent=2))


if __name__ == "__main__":
    main()
