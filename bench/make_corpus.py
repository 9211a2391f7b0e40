"""Generate a realistic corpus: N published articles with sections, tags, photos and links.

    .venv/bin/python bench/make_corpus.py --articles 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench .venv/bin/python bench/make_corpus.py --articles 100000

Sentences come from the seed corpus (fixtures/seeds/), so the text has the vocabulary,
diacritics and length of real articles. Rows go in with bulk inserts in batches; the
search index is rebuilt at the end. Reference data is loaded first. Prints its timings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")


def seed_sentences() -> list[str]:
    from danvan.text import normalize

    sentences = []
    for path in sorted((ROOT / "fixtures" / "seeds").glob("*.txt")):
        text = normalize(path.read_text(encoding="utf-8"))
        for part in re.split(r"(?<=[.;:])\s+", text):
            part = part.strip()
            if 40 <= len(part) <= 400 and not part.isupper():
                sentences.append(part)
    return sentences


def tiny_jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (183, 28, 28)).save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--no-search-index", action="store_true", help="skip rebuilding the search index")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.core.management import call_command, get_commands
    from django.db import connection, transaction
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem

    from articles import photos as photo_tools
    from articles.models import Article, Photo, Section
    from danvan.html import text_to_html
    from danvan.text import slugify_vi
    from organizations.models import Document, Exemplar, Organization

    rng = random.Random(args.seed)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    sentences = seed_sentences()

    # Reference records to link to, grown to a size a real portal reaches.
    with transaction.atomic():
        kinds = [k for k, _ in Document.Kind.choices]
        existing = set(Document.objects.values_list("symbol", flat=True))
        Document.objects.bulk_create(
            [
                Document(
                    kind=kinds[i % len(kinds)],
                    symbol=f"{i + 1}-BENCH/{2000 + i % 25}",
                    number=str(i + 1),
                    slug=f"bench-{i + 1}",
                    issue_year=2000 + i % 25,
                    subject=rng.choice(sentences)[:300],
                )
                for i in range(300)
                if f"{i + 1}-BENCH/{2000 + i % 25}" not in existing
            ]
        )
        Organization.objects.bulk_create(
            [Organization(name=f"Chi bộ cơ sở số {i}", slug=f"chi-bo-co-so-so-{i}", tree_path=f"chi bo co so so {i}") for i in range(200)],
            ignore_conflicts=True,
        )
        Exemplar.objects.bulk_create(
            [
                Exemplar(name=f"Mô hình dân vận khéo số {i}", slug=f"mo-hinh-dan-van-kheo-so-{i}", kind="model", year=2015 + i % 10)
                for i in range(100)
            ],
            ignore_conflicts=True,
        )
        Tag.objects.bulk_create([Tag(name=f"chủ đề {i}", slug=f"chu-de-{i}") for i in range(500)], ignore_conflicts=True)
    documents = list(Document.objects.values_list("pk", flat=True))
    bodies = list(Organization.objects.values_list("pk", flat=True))
    models = list(Exemplar.objects.values_list("pk", flat=True))
    tags = list(Tag.objects.values_list("pk", flat=True))
    sections = list(Section.objects.values_list("pk", flat=True))
    article_type = ContentType.objects.get_for_model(Article)

    # One real photo file (with its renditions) shared by every generated photo row.
    storage = Photo._meta.get_field("image").storage
    image_name = storage.save("photos/bench/quang-canh.jpg", ContentFile(tiny_jpeg()))
    photo_tools.make_renditions(storage, image_name, 1200)

    base_slug_count = Article.objects.count()
    now = timezone.now()
    made = 0
    through = (Article.documents.through, Article.organizations.through, Article.exemplars.through)
    while made < args.articles:
        size = min(args.batch, args.articles - made)
        with transaction.atomic():
            batch = []
            for i in range(made, made + size):
                title = rng.choice(sentences)[:180].rstrip(" ,;:.")
                paragraphs = "\n\n".join(rng.choice(sentences) for _ in range(rng.randint(4, 12)))
                status = "published" if rng.random() < 0.92 else rng.choice(["draft", "review", "archived"])
                batch.append(
                    Article(
                        title=title,
                        slug=f"{slugify_vi(title, max_length=200)}-{base_slug_count + i + 1}",
                        lead=rng.choice(sentences),
                        body=text_to_html(paragraphs),
                        section_id=rng.choice(sections),
                        status=status,
                        published_at=now - dt.timedelta(minutes=37 * i + rng.randint(0, 30)),
                        byline=rng.choice(["Phạm Anh Thiện", "Thanh Nga", "Hương Thủy", "Nguyễn Thị Nga", "T.H"]),
                        view_count=rng.randint(0, 5000),
                        featured=rng.random() < 0.01,
                    )
                )
            created = Article.objects.bulk_create(batch, batch_size=500)
            links = ([], [], [])
            tagged, photos = [], []
            for article in created:
                for pk in rng.sample(documents, rng.randint(0, 3)):
                    links[0].append(through[0](article_id=article.pk, document_id=pk))
                for pk in rng.sample(bodies, rng.randint(1, 3)):
                    links[1].append(through[1](article_id=article.pk, organization_id=pk))
                for pk in rng.sample(models, rng.choice([0, 0, 0, 1])):
                    links[2].append(through[2](article_id=article.pk, exemplar_id=pk))
                for pk in rng.sample(tags, rng.randint(1, 4)):
                    tagged.append(TaggedItem(content_type=article_type, object_id=article.pk, tag_id=pk))
                for order in range(rng.randint(0, 3)):
                    photos.append(
                        Photo(
                            article_id=article.pk,
                            image=image_name,
                            width=1200,
                            height=800,
                            caption=rng.choice(sentences)[:200],
                            credit="Ban Dân vận",
                            alt_text="Quang cảnh buổi làm việc",
                            order=order,
                        )
                    )
            for model, rows in zip(through, links, strict=True):
                model.objects.bulk_create(rows, batch_size=2000)
            TaggedItem.objects.bulk_create(tagged, batch_size=2000)
            Photo.objects.bulk_create(photos, batch_size=2000)
        made += size
        print(f"  {made:>7} articles  {time.perf_counter() - started:7.1f} s", flush=True)

    # The links went in without signals: the kept counts of citing articles are counted once
    # here, so the lists show (and the benchmarks read) what the site would keep.
    from articles.counts import recount_all

    t = time.perf_counter()
    recount_all()
    print(f"article counts kept in {time.perf_counter() - t:.1f} s")
    if not args.no_search_index and "rebuild_search_index" in get_commands():
        t = time.perf_counter()
        call_command("rebuild_search_index", verbosity=0)
        print(f"search index rebuilt in {time.perf_counter() - t:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    from danvan.cache import bump_generation

    bump_generation()
    total = Article.objects.count()
    print(f"corpus: {total} articles on {connection.vendor} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
