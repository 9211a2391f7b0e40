"""Benchmark the article importer on a synthetic archive in the seeds' shapes.

    .venv/bin/python bench/import_archive.py                 # 10,000 files, plus 1,000 to compare
    .venv/bin/python bench/import_archive.py --files 2000 --small 200

Each size runs in a fresh process on a fresh SQLite database (migrated, reference data
loaded), so the peak memory is the importer's own. Prints files per second, peak resident
memory and database queries per file; the queries per file must be the same at both sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"

TOPICS = [
    "Hội nghị sơ kết công tác dân vận",
    "Đẩy mạnh phong trào thi đua “Dân vận khéo”",
    "Giám sát thực hiện quy chế dân chủ ở cơ sở",
    "Đối thoại giữa người đứng đầu cấp ủy với nhân dân",
    "Nâng cao hiệu quả công tác dân vận chính quyền",
    "Tập huấn nghiệp vụ công tác dân vận",
]
PLACES = ["xã Tân Bình", "huyện Đầm Hà", "phường Hồng Hải", "thị trấn Cái Rồng", "xã Quảng Long", "Khối các cơ quan tỉnh"]
NAMES = ["Minh Châu", "Thu Hà", "Phạm Hùng", "Thanh Nga", "Hoàng Long", "Bài và ảnh: Lê Thị Mai", "T.H", "Quốc Huy"]
DATE_LINES = ["{d:02}/{m:02}/{y} | {v}", "  • {name}\n  • /\n  • {d:02}/{m:02}/{y}", "Thứ 4, Ngày {d:02} / {m:02} / {y}", ""]


def _seed_parts() -> list[tuple[list[str], list[str]]]:
    """(paragraphs, chrome lines) of each seed, read with the importer's own parser."""
    sys.path.insert(0, str(ROOT))
    from importing.parse import parse

    parts = []
    for path in sorted(SEEDS.glob("*.txt")):
        parsed = parse(path.read_text(encoding="utf-8"))
        parts.append(([*([parsed.lead] if parsed.lead else []), *parsed.paragraphs], parsed.removed))
    return parts


def generate(folder: Path, count: int, *, seed: int = 7) -> None:
    """``count`` files in ``folder``: each one a seed's shape with its own title, date, text."""
    rng = random.Random(seed)
    parts = _seed_parts()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        paragraphs, chrome = parts[n % len(parts)]
        body = rng.sample(paragraphs, k=max(1, len(paragraphs) - rng.randint(0, 2)))
        if n % 10 == 0:  # a document no fixture knows: the importer creates it for review
            body.append(f"Ban Thường vụ ban hành Kế hoạch số {n + 1}-KH/TU ngày 12/3/2021 để triển khai thực hiện.")
        title = f"{rng.choice(TOPICS)} tại {rng.choice(PLACES)} (bài {n + 1})"
        date_line = rng.choice(DATE_LINES).format(
            d=rng.randint(1, 28), m=rng.randint(1, 12), y=rng.randint(2012, 2024), v=rng.randint(10, 9000), name=rng.choice(NAMES)
        )
        lines = [title, date_line, *body[:2], "Quang cảnh buổi làm việc", *body[2:], rng.choice(NAMES), *chrome]
        shard = folder / f"{n // 1000:02}"
        shard.mkdir(exist_ok=True)
        (shard / f"{n:05}.txt").write_text("\n\n".join(line for line in lines if line), encoding="utf-8")


def measure(archive: Path, database: Path) -> dict:
    """Runs in a child process: fresh database, import, and what it cost."""
    # The project's own SQLite settings (WAL, synchronous=NORMAL, IMMEDIATE), on a fresh file.
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"]["NAME"] = database
    # As in production: with DEBUG on, Django also keeps the text of every query in memory.
    settings.DEBUG = False
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    from importing.files import find_files
    from importing.load import Importer, import_files

    assert connection.settings_dict["NAME"] == database, "the benchmark must not touch the project database"
    call_command("migrate", verbosity=0)
    call_command("load_reference", stdout=StringIO())
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    from importing import load, reading

    # CPU time per stage, to tell the importer's own work from what saving triggers. Reading,
    # parsing and extracting run in a worker process for large runs: their time is in
    # "worker_cpu_seconds", not here.
    stages: dict[str, float] = {}

    def timed(stage: str, function):
        def wrapper(*args, **kwargs):
            began = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                stages[stage] = stages.get(stage, 0.0) + time.process_time() - began

        return wrapper

    # (each name is patched in the module that calls it)
    for stage, module, name in [
        ("read+decode", reading, "read_file"),
        ("normalize", reading, "normalize"),
        ("parse", reading, "parse_normalized"),
        ("extract", reading, "extract"),
        ("find existing (batch prefetch)", load, "Importer._prefetch"),
        ("create documents", load, "create_documents"),
        ("save article+photos+links", load, "save_article"),
    ]:
        owner, attribute = (module.Importer, name.split(".")[1]) if "." in name else (module, name)
        setattr(owner, attribute, timed(stage, getattr(owner, attribute)))

    # Inside "save": work other apps hang on saving an article (when those apps are present).
    import importlib

    for stage, module_name, attribute in [
        ("  of which search indexing", "search.signals", "index_instance"),
        ("search entries, in bulk per batch", "search.indexing", "DeferredIndex.flush"),
        ("  of which HTML sanitising", "articles.models", "sanitize_html"),
    ]:
        try:
            owner = importlib.import_module(module_name)
            if "." in attribute:
                owner_name, attribute = attribute.split(".")
                owner = getattr(owner, owner_name)
            setattr(owner, attribute, timed(stage, getattr(owner, attribute)))
        except (ImportError, AttributeError):
            pass

    files = find_files([str(archive)]).files
    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        result = import_files(files)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    # The worker processes that read, parse and extract ahead of the writer (joined by now).
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
    return {
        "database": f"sqlite, journal_mode={journal}",
        "files": len(files),
        "seconds": round(elapsed, 2),
        "files_per_second": round(len(files) / elapsed, 1),
        "cpu_seconds": round(cpu, 2),
        "worker_cpu_seconds": round(children.ru_utime + children.ru_stime, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_peak_mb": round(children.ru_maxrss / 1024, 1),
        "workers": Importer.default_workers(len(files)),
        "queries": queries,
        "queries_per_file": round(queries / len(files), 2),
        "counts": dict(result.counts),
        "cpu_ms_per_file": {stage: round(seconds * 1000 / len(files), 2) for stage, seconds in stages.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000, help="a second, smaller archive for the queries-per-file comparison")
    parser.add_argument("--workdir", type=Path, help="keep the archives and databases here (default: a temporary folder)")
    parser.add_argument("--measure", nargs=2, metavar=("ARCHIVE", "DATABASE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), Path(args.measure[1]))))
        return

    with tempfile.TemporaryDirectory(prefix="import-bench-") as temporary:
        work = args.workdir or Path(temporary)
        runs = {}
        for size in sorted({args.small, args.files}):
            archive = work / f"archive-{size}"
            started = time.perf_counter()
            generate(archive, size)
            print(f"generated {size} files in {time.perf_counter() - started:.1f} s", flush=True)
            database = work / f"bench-{size}.sqlite3"
            database.unlink(missing_ok=True)
            child = subprocess.run(
                [sys.executable, __file__, "--measure", str(archive), str(database)], capture_output=True, text=True, cwd=ROOT
            )
            if child.returncode:
                sys.exit(child.stderr)
            runs[size] = json.loads(child.stdout.strip().splitlines()[-1])
            run = runs[size]
            run["total_peak_mb"] = round(run["peak_mb"] + run["workers"] * run["worker_peak_mb"], 1)
            print(
                f"{size:>6} files: {run['seconds']:>6} s ({run['cpu_seconds']} s CPU + {run['worker_cpu_seconds']} s in "
                f"{run['workers']} workers), {run['files_per_second']:>7} files/s, peak {run['peak_mb']} MB "
                f"+ {run['workers']} × {run['worker_peak_mb']} MB = {run['total_peak_mb']} MB, "
                f"{run['queries_per_file']} queries/file  {run['counts']}",
                flush=True,
            )
            print(f"        CPU ms per file by stage: {run['cpu_ms_per_file']}", flush=True)
        per_file = {size: run["queries_per_file"] for size, run in runs.items()}
        big = runs[args.files]
        # Memory: the main process plus each worker's peak, counting the pages a forked worker
        # shares with the main process once per worker (an upper bound).
        verdict = "OK" if big["seconds"] < 60 and big["total_peak_mb"] < 300 else "OVER TARGET"
        print(f"target: {args.files} files < 60 s and < 300 MB → {verdict}; queries/file by size: {per_file}")
        if re.search(r"failed': [1-9]", str(big["counts"])):
            sys.exit("some synthetic files failed to import")


if __name__ == "__main__":
    main()
