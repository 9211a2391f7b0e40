"""Benchmark the WordPress-export importer on a synthetic WXR 1.2 file.

    .venv/bin/python bench/import_wxr.py                 # 10,000 posts
    .venv/bin/python bench/import_wxr.py --posts 1000

A fresh SQLite database in a temporary folder (migrated, reference data loaded), never the
project's. The export has the shape of tests/importing/wxr_samples.py: posts with
categories, tags, authors and a body citing a document, a page every hundred posts, an
unknown post type every thousand. Prints posts per second and the peak resident memory;
the target is 10,000 posts in under 3 minutes.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 180


def generate(path: Path, posts: int, *, seed: int = 7) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.importing.wxr_samples import HEAD, TAIL, item

    rng = random.Random(seed)
    categories = [("dan-van-kheo", "Dân vận khéo"), ("tin-hoat-dong", "Tin hoạt động"), ("tin-tuc", "Tin tức")]
    tags = [("quy-che-dan-chu", "Quy chế dân chủ"), ("binh-thuan", "Bình Thuận"), ("co-so", "Cơ sở")]
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEAD)
        for n in range(1, posts + 1):
            body = "\n\n".join(
                [
                    f"Ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}, Ban Dân vận Tỉnh ủy tổ chức hội nghị về công tác dân vận (bài {n}), "
                    "thực hiện Quyết định số 290-QĐ/TW của Bộ Chính trị.",
                    "<strong>Nhiều mô hình hay</strong> được nhân rộng ở cơ sở, nhất là ở các xã vùng biển. " * rng.randint(2, 6),
                    "Kết thúc hội nghị, đồng chí Trưởng Ban đề nghị các đơn vị tiếp tục bám sát cơ sở, lắng nghe ý kiến nhân dân.",
                ]
            )
            kind = "page" if n % 100 == 0 else "nav_menu_item" if n % 1000 == 1 else "post"
            date = f"{rng.randint(2012, 2024)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02} 08:30:00"
            handle.write(
                item(n, f"Hội nghị công tác dân vận số {n}", post_type=kind, date=date, content=body,
                     categories=(rng.choice(categories),), tags=tuple(rng.sample(tags, 2)),
                     status=rng.choice(["publish"] * 8 + ["draft", "private"]))
            )  # fmt: skip
        handle.write(TAIL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-wxr-"))
    export = folder / "export.xml"
    began = time.perf_counter()
    generate(export, arguments.posts)
    print(f"generated {arguments.posts} posts ({export.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - began:.1f} s")

    sys.path.insert(0, str(ROOT / "bench"))
    from io import StringIO

    from scratch_site import scratch_site

    scratch_site(folder)
    from django.core.management import call_command

    out = StringIO()
    began = time.perf_counter()
    try:
        call_command("import_articles", str(export), "--format", "json", stdout=out, stderr=StringIO())
    finally:
        seconds = time.perf_counter() - began
    import json

    summary = json.loads(out.getvalue())["summary"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    items = sum(summary.values())
    verdict = "OK" if seconds < TARGET_SECONDS * arguments.posts / 10_000 else "TOO SLOW"
    print(f"{arguments.posts} items: {seconds:.1f} s, {items / seconds:.1f} items/s, peak {peak:.0f} MB  {summary}")
    print(f"target: 10000 posts < {TARGET_SECONDS} s → {verdict}")


if __name__ == "__main__":
    main()
