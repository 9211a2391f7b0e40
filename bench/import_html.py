"""Benchmark the saved-HTML importer on a generated site mirror.

    .venv/bin/python bench/import_html.py                       # 10,000 pages, 20,000 images
    .venv/bin/python bench/import_html.py --pages 500 --workdir /tmp/bench-html

Writes a mirror as ``wget --mirror`` lays it out (``www.danvan.example.vn/tin-tuc/<n>/…``):
pages in a provincial portal's layout (menu, breadcrumb, date line, lead, paragraphs citing
a document, two figures with captions and alt text, a byline, related list, footer), each
with two JPEG photos of its own (800×533, all different, so none is shared through the
media library). Imports it with ``import_articles`` into a fresh SQLite database in the
work folder (migrated, reference data loaded; never the project's) and prints the time and
the peak resident memory of the command and of its worker processes. Targets: 10,000 pages
with 20,000 images in under 10 minutes, peak under 500 MB.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS, TARGET_MB = 600, 500
HOST = "www.danvan.example.vn"

PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title} - Ban Dân vận Tỉnh ủy</title>
<link rel="stylesheet" href="/css/site.css"></head><body>
<div class="top-bar">Thứ Tư, 02/12/2026</div>
<ul class="main-menu"><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc/">Tin tức</a></li><li>Dân vận khéo</li></ul>
<div class="breadcrumb"><a href="/">Trang chủ</a> / <a href="/tin-tuc/">Tin tức</a></div>
<div class="news-detail">
<h1 class="title-news">{title}</h1>
<div class="date-news">Ngày đăng: {day:02}/{month:02}/{year} {hour:02}:{minute:02}</div>
<div class="sapo">{lead}</div>
<div class="content-detail">
<p>{first}</p>
<figure><img src="images/{n}-1.jpg" alt="Quang cảnh hội nghị số {n}"><figcaption>Quang cảnh hội nghị. Ảnh: Thu Hà</figcaption></figure>
<p>{second}</p>
<figure><img src="images/{n}-2.jpg" alt="Đại biểu phát biểu tại hội nghị số {n}"><figcaption>Đại biểu phát biểu ý kiến</figcaption></figure>
<p>{third}</p>
<p style="text-align:right"><strong>{author}</strong></p>
</div></div>
<div class="share-bar">Chia sẻ: Facebook | Zalo</div>
<div class="related"><h3>Tin liên quan</h3><ul><li>Hội nghị giao ban công tác dân vận quý III</li>
<li>Sơ kết phong trào thi đua “Dân vận khéo”</li></ul></div>
<div class="footer">Bản quyền thuộc Ban Dân vận Tỉnh ủy Quảng Ninh. Địa chỉ: Hạ Long, Quảng Ninh</div>
</body></html>
"""
AUTHORS = ["Thu Hà", "Minh Châu", "Nguyễn Thị Nga", "T.H", "Phạm Anh Thiện"]


def jpeg(rng: random.Random, n: int, k: int) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 533), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(700), rng.randrange(430)
        draw.rectangle([x, y, x + rng.randrange(40, 200), y + rng.randrange(30, 150)], fill=(rng.randrange(256), 90, 40))
    draw.text((20, 20), f"{n}-{k}", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def generate(root: Path, pages: int, *, seed: int = 11) -> int:
    """The mirror under ``root``; returns its size in bytes."""
    rng = random.Random(seed)
    size = 0
    for n in range(pages):
        folder = root / HOST / "tin-tuc" / f"{n // 500:03}"
        (folder / "images").mkdir(parents=True, exist_ok=True)
        place = rng.choice(["Tân Bình", "Quảng Tân", "Đầm Hà", "Quảng Lợi", "Dực Yên"])
        html = PAGE.format(
            n=n,
            title=f"Hội nghị triển khai công tác dân vận tại xã {place} (số {n})",
            day=rng.randint(1, 28), month=rng.randint(1, 12), year=rng.randint(2012, 2025),
            hour=rng.randint(6, 18), minute=rng.randint(0, 59),
            lead=f"Ban Dân vận Huyện ủy Đầm Hà phối hợp tổ chức hội nghị triển khai công tác dân vận năm tại xã {place}.",
            first=f"Sáng {rng.randint(1, 28)}/{rng.randint(1, 12)}, Ban Dân vận Tỉnh ủy Quảng Ninh tổ chức hội nghị triển khai "
            "Quyết định số 290-QĐ/TW của Bộ Chính trị về Quy chế công tác dân vận của hệ thống chính trị. " * rng.randint(1, 3),
            second="Hội nghị đã nghe báo cáo kết quả thực hiện phong trào thi đua “Dân vận khéo”, thảo luận các giải pháp "
            "nâng cao hiệu quả công tác dân vận chính quyền, nhất là ở cơ sở. " * rng.randint(1, 4),
            third="Kết thúc hội nghị, đồng chí Trưởng Ban Dân vận đề nghị các đơn vị tiếp tục bám sát cơ sở, lắng nghe ý kiến "
            "của Nhân dân và nhân rộng các mô hình hay.",
            author=rng.choice(AUTHORS),
        )  # fmt: skip
        page = folder / f"hoi-nghi-{n}.html"
        page.write_text(html, encoding="utf-8")
        size += len(html.encode())
        for k in (1, 2):
            data = jpeg(rng, n, k)
            (folder / "images" / f"{n}-{k}.jpg").write_bytes(data)
            size += len(data)
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, help="where the mirror and the database go (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    arguments = parser.parse_args()
    folder = arguments.workdir or Path(tempfile.mkdtemp(prefix="bench-html-"))
    folder.mkdir(parents=True, exist_ok=True)
    mirror = folder / "mirror"
    try:
        began = time.perf_counter()
        size = generate(mirror, arguments.pages)
        print(
            f"generated {arguments.pages} pages and {2 * arguments.pages} images ({size / 1e6:.0f} MB) "
            f"in {time.perf_counter() - began:.1f} s",
            flush=True,
        )
        import sys

        sys.path.insert(0, str(ROOT / "bench"))
        from io import StringIO

        from scratch_site import scratch_site

        scratch_site(folder)
        from django.core.management import call_command

        out = StringIO()
        began = time.perf_counter()
        try:
            call_command("import_articles", str(mirror / HOST), "--pattern", "*.html", "--format", "json", stdout=out, stderr=StringIO())
        finally:
            seconds = time.perf_counter() - began
        report = json.loads(out.getvalue())
        from articles.models import Article, Photo

        photos = Photo.objects.exclude(image="").count()
        published = Article.objects.filter(status=Article.Status.PUBLISHED).count()
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)
        worker_mb = workers.ru_maxrss / 1024
        count = 2 if arguments.pages >= 200 and (os.cpu_count() or 1) > 1 else 0
        total = own + count * worker_mb
        print(
            f"{arguments.pages} pages: {seconds:.1f} s ({seconds / 60:.1f} min), {arguments.pages / seconds:.1f} pages/s, "
            f"{photos} photos with their file, {published} published; peak {own:.0f} MB + {count} × {worker_mb:.0f} MB = {total:.0f} MB; "
            f"{report['summary']}"
        )
        scale = arguments.pages / 10_000
        verdict = "OK" if seconds < TARGET_SECONDS * scale and total < TARGET_MB else "OVER TARGET"
        print(f"target: 10000 pages + 20000 images < {TARGET_SECONDS} s and < {TARGET_MB} MB → {verdict}")
    finally:
        if not arguments.keep and arguments.workdir is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
