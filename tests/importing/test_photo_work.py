"""A saved page's photos are processed where the page is read (a worker process for long
runs): the writer stores bytes made by the same code as an upload's, such articles join the
batch's insert, and the page cache's generation is bumped when the batch commits, not per photo."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from articles import photos
from articles.library import MediaImage
from articles.models import Article, Photo
from danvan import cache as page_cache
from importing.files import SourceFile
from importing.load import Importer, import_files, prepare

from .test_html import TEXT, content, page

pytestmark = pytest.mark.django_db


def jpeg(colour=(183, 28, 28), size=(900, 600), **options) -> bytes:
    image = Image.new("RGB", size, colour)
    image.paste((20, 90, 40), (100, 100, 400, 300))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, **options)
    return buffer.getvalue()


def exif_jpeg() -> bytes:
    tags = Image.Exif()
    tags[0x010E] = "bí mật: 0912 345 678"
    return jpeg(exif=tags)


def mirror(tmp_path: Path, pages: int, files: dict[str, bytes]) -> list[SourceFile]:
    """``pages`` saved pages, each showing every image of ``files`` (name → bytes), and one missing."""
    site = tmp_path / "site"
    (site / "images").mkdir(parents=True)
    for name, data in files.items():
        (site / "images" / name).write_bytes(data)
    sources = []
    for n in range(pages):
        figures = [
            f'<figure><img src="images/{name}" alt="Ảnh {name}"><figcaption>Ảnh {name} bài {n}</figcaption></figure>' for name in files
        ]
        figures.append(f'<figure><img src="images/khong-co-{n}.jpg" alt="Mất"><figcaption>Ảnh bị mất {n}</figcaption></figure>')
        path = site / f"bai-{n}.html"
        title = f"Hội nghị triển khai công tác dân vận số {n}"
        path.write_text(page(content(f"<p>{TEXT}</p>", *figures, f"<p>{TEXT} ({n})</p>"), title=title), encoding="utf-8")
        sources.append(SourceFile(path=path, key=f"site/{path.name}", format="html", root=site))
    return sources


def stored_bytes(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def files_of(image) -> list[bytes]:
    """The stored original of a library image or photo, then each rendition."""
    names = [photos.rendition_name(image.image.name, w, ext) for w in photos.widths_for(image.width) for ext in ("webp", "jpg")]
    return [stored_bytes(image.image.name), *(stored_bytes(n) for n in names)]


def test_a_worker_makes_the_same_files_as_an_upload_through_the_admin(tmp_path):
    """Forked workers process the photos; each stored file is byte for byte what an upload
    of the same file stores, the missing photo keeps its caption and is listed, the bad one too."""
    sources = mirror(tmp_path, 3, {"sach.jpg": jpeg(), "exif.jpg": exif_jpeg(), "hong.jpg": b"<html>not an image</html>"})
    run = import_files(sources, workers=1)
    assert [f.outcome for f in run.files] == ["created"] * 3, [f.reason for f in run.files]
    article = Article.objects.get(import_source="site/bai-0.html")
    kept = list(article.photos.order_by("order"))
    assert [(p.caption, bool(p.image)) for p in kept] == [
        ("Ảnh sach.jpg bài 0", True),
        ("Ảnh exif.jpg bài 0", True),
        ("Ảnh hong.jpg bài 0", False),
        ("Ảnh bị mất 0", False),
    ]
    warnings = article.import_report["warnings"]
    assert "ảnh không có trong bản sao, chỉ giữ chú thích: images/khong-co-0.jpg" in warnings
    assert any(w.startswith("ảnh images/hong.jpg không nhận được (Tệp không phải là ảnh") for w in warnings)
    for photo, data in zip(kept[:2], (jpeg(), exif_jpeg()), strict=True):
        upload = MediaImage.objects.create(image=SimpleUploadedFile(photo.original_name, data))
        assert (photo.width, photo.height) == (upload.width, upload.height) == (900, 600)
        assert files_of(photo) == files_of(upload)
        assert photo.library_image.original_name == upload.original_name
    assert b"0912 345 678" not in stored_bytes(kept[1].image.name)


def test_a_jpeg_with_only_its_pixels_is_kept_and_one_with_metadata_is_re_encoded():
    bare, commented = jpeg(), jpeg(comment=b"Lien he 0912 345 678")
    assert photos.is_bare_jpeg(bare)
    assert not photos.is_bare_jpeg(commented) and not photos.is_bare_jpeg(exif_jpeg())
    assert not photos.is_bare_jpeg(bare + b"<html><script>alert(1)</script></html>")  # bytes after the end
    assert not photos.is_bare_jpeg(bare[:-200])  # cut short
    kept = photos.process(SimpleUploadedFile("a.jpg", bare))
    assert kept.data == bare
    for data in (commented, exif_jpeg(), bare + b"<html></html>"):
        redone = photos.process(SimpleUploadedFile("b.jpg", data))
        assert redone.data != data
        assert b"0912 345 678" not in redone.data and b"<html>" not in redone.data


def test_a_truncated_jpeg_is_refused_not_stored():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        photos.process(SimpleUploadedFile("cut.jpg", jpeg()[:-2000]))


def test_the_photos_of_a_batch_are_written_with_its_insert(tmp_path, django_assert_max_num_queries):
    """Articles whose photos were processed ahead join the batch's bulk insert: the queries of
    a batch do not grow by a save (and an article re-read) per photo."""
    sources = mirror(tmp_path, 6, {"sach.jpg": jpeg()})
    prepared = [prepare(s, Importer().gazetteer) for s in sources]
    assert all(p.photo_files for p in prepared)
    importer = Importer()
    importer._prepared = lambda files, workers: (p for p in prepared)
    with django_assert_max_num_queries(70):  # 6 library images (and their savepoints), the batch's inserts
        run = importer.run(sources, workers=0)
    assert [f.outcome for f in run.files] == ["created"] * 6
    assert Photo.objects.exclude(image="").count() == 6 and MediaImage.objects.count() == 6
    from search.models import SearchEntry

    entry = SearchEntry.objects.get(article__import_source="site/bai-3.html")
    assert "Ảnh sach.jpg bài 3" in entry.text and "Ảnh bị mất 3" in entry.text  # the photos' captions, found by search


@pytest.mark.django_db(transaction=True)
def test_the_generation_is_bumped_when_the_batch_commits_not_per_photo(tmp_path, monkeypatch):
    sources = mirror(tmp_path, 5, {"mot.jpg": jpeg(), "hai.jpg": jpeg((10, 120, 10))})
    bumps: list[bool] = []
    real = page_cache._bump

    def bump() -> None:
        bumps.append(connection.in_atomic_block)
        real()

    monkeypatch.setattr(page_cache, "_bump", bump)
    run = import_files(sources, workers=0)
    assert [f.outcome for f in run.files] == ["created"] * 5
    assert Photo.objects.exclude(image="").count() == 10
    # One bump when the batch committed, one where the run ends; none inside the transaction.
    assert bumps == [False, False]


@pytest.mark.django_db(transaction=True)
def test_outside_an_import_a_photo_saved_in_a_transaction_still_bumps_at_once_and_at_commit(monkeypatch):
    from django.db import transaction

    bumps: list[bool] = []
    real = page_cache._bump
    monkeypatch.setattr(page_cache, "_bump", lambda: (bumps.append(connection.in_atomic_block), real()))
    article = Article.objects.create(title="Bài có ảnh", status="published")  # a draft's photo changes no public page
    bumps.clear()
    with transaction.atomic():
        Photo.objects.create(article=article, image=SimpleUploadedFile("a.jpg", jpeg()), alt_text="Hội trường")
        assert bumps == [True]
    assert bumps == [True, False]
