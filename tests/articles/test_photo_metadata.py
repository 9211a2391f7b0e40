"""Every stored photo file (original and each rendition) carries pixels and nothing else."""

import io
import struct
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

from articles.models import Article, Photo

pytestmark = pytest.mark.django_db

COMMENT = "Liên hệ 0912 345 678, Thôn Đông Anh 21.0166,105.8500 <script>alert(1)</script>".encode()
XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>GPS 21.0166 Thôn Đông Anh</rdf:Description></x:xmpmeta>'.encode()
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
# Photoshop IRB with an IPTC record 2:90 (city), as news agencies' cameras write it.
IPTC_CITY = b"\x1c\x02\x5a" + struct.pack(">H", len("Thôn Đông Anh".encode())) + "Thôn Đông Anh".encode()
APP13 = b"Photoshop 3.0\x00" + b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(IPTC_CITY)) + IPTC_CITY
# What the uploads hide, in the bytes each format writes it as ("acsp" is every ICC profile's signature).
SECRETS = (b"0912 345 678", "Thôn Đông Anh".encode(), b"<script>", b"21.0166", b"Reporter-Cam", b"adobe:ns:meta", b"acsp")


def exif() -> Image.Exif:
    tags = Image.Exif()
    tags[0x010F] = "Reporter-Cam"
    tags.get_ifd(0x8825).update({1: "N", 2: (21.0166, 1.0, 0.0), 3: "E", 4: (105.85, 0.0, 0.0)})
    return tags


def polyglot_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), (200, 30, 30)).save(buffer, "JPEG", comment=COMMENT, exif=exif(), xmp=XMP, icc_profile=ICC)
    data = buffer.getvalue()
    app13 = b"\xff\xed" + struct.pack(">H", len(APP13) + 2) + APP13
    return data[:2] + app13 + data[2:] + b"<html><script>alert(1)</script></html>"


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", COMMENT.decode())
    info.add_itxt("Location", "Thôn Đông Anh 21.0166")
    info.add_text("Author", "0912 345 678", zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    buffer = io.BytesIO()
    image = Image.new("P", (900, 500), 3)
    image.putpalette([0, 0, 0, 255, 255, 255, 200, 30, 30, 10, 120, 10])
    image.save(buffer, "PNG", pnginfo=info, exif=exif(), icc_profile=ICC, transparency=3)
    return buffer.getvalue()


def webp_with_metadata() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (900, 500), (10, 120, 10, 200)).save(buffer, "WEBP", exif=exif(), xmp=XMP, icc_profile=ICC)
    return buffer.getvalue()


def jpeg_segments(data: bytes, trailing: bool = False) -> list[tuple[int, bytes]]:
    assert data[:2] == b"\xff\xd8"
    segments, pos = [], 2
    while data[pos + 1] != 0xDA:  # up to the start of scan: every header segment
        marker, length = data[pos + 1], struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        segments.append((marker, data[pos + 4 : pos + 2 + length]))
        pos += 2 + length
    assert trailing or data.endswith(b"\xff\xd9")  # nothing after the end of image
    return segments


def png_chunks(data: bytes) -> list[bytes]:
    chunks, pos = [], 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        chunks.append(data[pos + 4 : pos + 8])
        pos += 12 + length
    return chunks


def webp_chunks(data: bytes) -> list[bytes]:
    chunks, pos = [], 12
    while pos < len(data):
        fourcc, length = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        chunks.append(fourcc)
        if fourcc == b"VP8X":
            assert data[pos + 8] & 0b0010_1100 == 0, "VP8X announces an ICC, EXIF or XMP chunk"
        pos += 8 + length + (length & 1)
    return chunks


def assert_bare(path: Path) -> None:
    data = path.read_bytes()
    for secret in SECRETS:
        assert secret not in data, f"{path.name} still holds {secret!r}"
    if data[:2] == b"\xff\xd8":
        segments = jpeg_segments(data)
        assert not [m for m, _ in segments if m == 0xFE], f"{path.name}: comment segment"
        assert [(m, body[:5]) for m, body in segments if 0xE0 <= m <= 0xEF] == [(0xE0, b"JFIF\x00")], path.name
    elif data[:8] == b"\x89PNG\r\n\x1a\n":
        assert set(png_chunks(data)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}, path.name
    else:
        assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", path.name
        assert set(webp_chunks(data)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}, path.name


UPLOADS = [(polyglot_jpeg(), "anh.jpg"), (png_with_text(), "anh.png"), (webp_with_metadata(), "anh.webp")]


def test_the_polyglot_carries_every_secret_in_its_segments():
    data = polyglot_jpeg()
    assert all(secret in data for secret in SECRETS)
    assert {0xE1, 0xE2, 0xED, 0xFE} <= {marker for marker, _ in jpeg_segments(data, trailing=True)}  # EXIF/XMP, ICC, IPTC, comment


@pytest.mark.parametrize(("content", "name"), UPLOADS)
def test_no_metadata_segment_survives_in_any_stored_file(settings, content, name):
    article = Article.objects.create(title="Bài có ảnh")
    photo = Photo(article=article, image=SimpleUploadedFile(name, content), caption="Quang cảnh", alt_text="Hội trường")
    photo.full_clean()
    photo.save()
    stored = sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
    assert len(stored) == 1 + 2 * len(photo.srcset_jpeg.split(", "))  # the original, a WebP and a JPEG per width
    for path in stored:
        assert_bare(path)
    with photo.image.open("rb") as handle, Image.open(handle) as image:
        image.load()
        assert image.info.get("icc_profile") is None and not image.getexif()


def test_a_transparent_palette_png_keeps_its_transparency():
    article = Article.objects.create(title="Bài có ảnh")
    photo = Photo.objects.create(article=article, image=SimpleUploadedFile("anh.png", png_with_text()))
    with photo.image.open("rb") as handle, Image.open(handle) as image:
        assert image.convert("RGBA").getpixel((5, 5))[3] == 0


def test_files_stored_before_stripping_lose_their_metadata_when_moved(settings, capsys):
    """Photos uploaded before metadata was stripped are re-encoded when ``rename_photo_files``
    (and migration 0005) moves them to a random name; their renditions are made afresh."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from articles import photos

    article = Article.objects.create(title="Bài cũ", status="published")
    old = "photos/2019/03/hoi-nghi.jpg"
    default_storage.save(old, ContentFile(polyglot_jpeg()))
    for width in (400, 800, 1200):  # renditions as the old code wrote them: with the comment
        buffer = io.BytesIO()
        Image.new("RGB", (width, width // 2)).save(buffer, "JPEG", comment=COMMENT)
        default_storage.save(photos.rendition_name(old, width, "jpg"), ContentFile(buffer.getvalue()))
    photo = Photo.objects.create(article=article, caption="Quang cảnh", alt_text="Hội trường")
    Photo.objects.filter(pk=photo.pk).update(image=old, width=1600, height=900)

    call_command("rename_photo_files")

    assert "Đã đổi tên 1 tệp ảnh." in capsys.readouterr().out
    stored = sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
    moved = Photo.objects.get(pk=photo.pk).image.name
    assert [p.name for p in stored if p.stem.startswith(Path(moved).stem)] == [
        f"{Path(moved).stem}.jpg",
        *(f"{Path(moved).stem}-{w}.{e}" for w in (1200, 400, 800) for e in ("jpg", "webp")),
    ]
    for path in stored:
        assert_bare(path)
    assert not default_storage.exists(old) and not default_storage.exists(photos.rendition_name(old, 400, "jpg"))


def test_a_stored_file_that_is_no_image_is_moved_as_it_is_and_reported(capsys):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    article = Article.objects.create(title="Bài cũ")
    default_storage.save("photos/2019/03/hong.jpg", ContentFile(b"not an image"))
    damaged = Photo.objects.create(article=article, caption="Tệp hỏng")
    Photo.objects.filter(pk=damaged.pk).update(image="photos/2019/03/hong.jpg", width=800, height=600)

    call_command("rename_photo_files")

    out, err = capsys.readouterr()
    assert "Đã đổi tên 1 tệp ảnh." in out
    assert f"Ảnh #{damaged.pk}: tệp photos/2019/03/hong.jpg không đọc được như ảnh" in err
    moved = Photo.objects.get(pk=damaged.pk).image.name
    assert moved != "photos/2019/03/hong.jpg" and default_storage.open(moved).read() == b"not an image"
