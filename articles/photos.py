"""Uploaded photos: checked by content, cleaned of metadata, served in several widths.

An upload is accepted only if Pillow reads it as JPEG, PNG or WebP (whatever its name
says), is at most ``MAX_BYTES`` and ``MAX_PIXELS``; anything larger is refused before its
pixels are decoded, so a decompression bomb costs nothing. The stored original is
re-encoded upright (EXIF orientation applied) from its pixels alone, converted to sRGB:
no EXIF, XMP, IPTC, comment, colour profile or PNG text chunk survives in the original or
in any rendition, so no GPS position, phone number or hidden HTML leaks; a JPEG that holds
nothing but its pixels already (``is_bare_jpeg``) is kept as it is. Renditions
``RENDITION_WIDTHS`` wide are written next to it in WebP and JPEG.

``process`` does all of it from one read of the file and hands back bytes (``Processed``):
``MediaImage.save`` calls it for an upload through the admin, an import's worker processes
call it for a mirror's photos and the writer only stores what they made (``ProcessedUpload``).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 40_000_000
RENDITION_WIDTHS = (400, 800, 1200)
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITION_FORMATS = (("webp", "WEBP", {"quality": 80}), ("jpg", "JPEG", {"quality": 82, "progressive": True}))

# Pillow's own guard, for any path that opens images outside ``inspect``.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# What Pillow keeps in ``info`` that says how to read the pixels rather than where, when or
# by whom they were taken; everything else (comment, exif, xmp, icc_profile, text) is dropped.
PIXEL_INFO = ("transparency",)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class Inspected:
    format: str
    width: int
    height: int
    mode: str = ""


def megabytes(tenths: int) -> str:
    """ "31,4": tenths of a megabyte with the decimal comma Vietnamese writes."""
    return f"{tenths // 10},{tenths % 10}"


def too_large(size: int, limit: int) -> str:
    """ "Tệp nặng 31,4 MB, vượt giới hạn 25 MB." — never "25,0 MB" for a file just over 25 MB."""
    tenths = max(round(size * 10 / (1024 * 1024)), limit * 10 // (1024 * 1024) + 1)
    return _("Tệp nặng %(size)s MB, vượt giới hạn %(limit)d MB.") % {"size": megabytes(tenths), "limit": limit // 1024 // 1024}


def inspect(upload) -> Inspected:
    """Check an uploaded file by its content; raise ValidationError with a clear message."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(too_large(size, MAX_BYTES))
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # The size is checked below with a message for the editor; Pillow's warning adds nothing.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload)  # reads the header only
        with image:
            fmt, (width, height), mode = image.format, image.size, image.mode
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("Ảnh %(w)d×%(h)d có %(mp).0f triệu điểm ảnh, vượt giới hạn %(limit)d triệu.")
                    % {"w": width, "h": height, "mp": width * height / 1e6, "limit": MAX_PIXELS // 1_000_000}
                )
            if fmt not in ACCEPTED_FORMATS:
                raise ValidationError(_("Chỉ nhận ảnh JPEG, PNG hoặc WebP (tệp này là %(fmt)s).") % {"fmt": fmt or "?"})
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("Tệp không phải là ảnh đọc được (JPEG, PNG hoặc WebP).")) from error
    finally:
        upload.seek(0)
    return Inspected(fmt, width, height, mode)


def _to_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    try:
        return ImageCms.profileToProfile(
            image, ImageCms.ImageCmsProfile(io.BytesIO(icc)), SRGB, outputMode="RGBA" if image.mode == "RGBA" else "RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a profile that cannot be read is dropped and the pixels taken as sRGB


def bare(image: Image.Image) -> Image.Image:
    """The pixels alone, in sRGB: Pillow writes back comments and profiles it read unless told not to."""
    image = _to_srgb(image)
    pixels = image.copy()
    pixels.info = {key: value for key, value in image.info.items() if key in PIXEL_INFO}
    return pixels


@dataclass(frozen=True)
class Processed:
    """An upload checked, cleaned and given its renditions (``process``): bytes ready to store.

    Made where the work is cheapest (an import's worker process, or the saving process for
    an upload through the admin) and stored as it is by ``MediaImage.save``."""

    name: str  # "<the upload's stem>.<its format's extension>"
    data: bytes = field(repr=False)  # the original as it is stored
    width: int
    height: int
    renditions: tuple[tuple[int, str, bytes], ...] = field(default=(), repr=False)  # (width, ext, bytes)


class ProcessedUpload(ContentFile):
    """A file whose ``Processed`` form is made already: ``MediaImage.save`` stores it as it is.
    Only code makes one (an import's worker); what a form uploads is always processed on save."""

    def __init__(self, processed: Processed, name: str) -> None:
        super().__init__(processed.data, name=name)
        self.processed = processed


def processed(upload) -> Processed:
    """The upload's ``Processed`` form: made ahead (``ProcessedUpload``), else made now."""
    return upload.processed if isinstance(upload, ProcessedUpload) else process(upload)


# The JPEG segments that carry nothing but how to decode the pixels: quantisation and
# Huffman tables, frame (baseline, extended, progressive), restart interval, scan.
_PIXEL_SEGMENTS = {0xDB, 0xC4, 0xC0, 0xC1, 0xC2, 0xDD}
_JFIF = b"JFIF\x00"


def is_bare_jpeg(data: bytes) -> bool:
    """Whether a JPEG holds pixels and nothing else, so that re-encoding it would remove nothing:
    besides the pixel segments only a JFIF header without thumbnail, no EXIF (so no orientation
    to apply), XMP, IPTC, colour profile, Adobe marker or comment, and not one byte after the
    end of the image. Anything else, or anything unusual, answers False (the file is re-encoded)."""
    if data[:2] != b"\xff\xd8":
        return False
    pos, end = 2, len(data)
    while pos + 4 <= end:
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2 or pos + 2 + length > end:
            return False
        if marker == 0xE0:
            # JFIF 1.0x header: identifier, version, units, densities, and a 0×0 thumbnail.
            if length != 16 or data[pos + 4 : pos + 9] != _JFIF or data[pos + 16 : pos + 18] != b"\x00\x00":
                return False
        elif marker == 0xDA:
            return _scans_end_the_file(data, pos + 2 + length)
        elif marker not in _PIXEL_SEGMENTS:
            return False
        pos += 2 + length
    return False


def _scans_end_the_file(data: bytes, pos: int) -> bool:
    """After a start of scan: entropy-coded data (stuffed 0xFF00, restart markers), more tables
    and scans (a progressive JPEG), and the end-of-image marker as the file's last two bytes."""
    end = len(data)
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= end:
            return False
        marker = data[pos + 1]
        if marker == 0x00 or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            pos += 1 if marker == 0xFF else 2  # (0xFF fill bytes before a marker)
            continue
        if marker == 0xD9:
            return pos + 2 == end
        if marker not in (0xDA, *_PIXEL_SEGMENTS) or pos + 4 > end:
            return False
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2:
            return False
        pos += 2 + length


def _not_readable() -> ValidationError:
    return ValidationError(_("Tệp không phải là ảnh đọc được (JPEG, PNG hoặc WebP)."))


def process(upload, *, renditions: bool = True) -> Processed:
    """Check an upload (``inspect``), clean it and make its renditions, from one read of its bytes.

    The original is re-encoded upright, without metadata (``bare``), unless it is a JPEG
    that already holds pixels and nothing else (``is_bare_jpeg``): then it is kept as it
    is, which also keeps it from losing quality to a second encoding. Renditions are
    decoded from the stored original's bytes, a JPEG at the smallest scale its decoder
    offers that is still at least as wide as the largest rendition (``Image.draft``).
    """
    info = inspect(upload)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if info.format == "JPEG" and info.mode in ("RGB", "L") and is_bare_jpeg(data):
        stored, width, height = data, info.width, info.height
    else:
        stored, width, height = _reencoded(data, info.format)
    made = _renditions(stored, width, height) if renditions else ()
    name = PurePosixPath(getattr(upload, "name", "anh") or "anh")
    return Processed(f"{name.stem}.{ACCEPTED_FORMATS[info.format]}", stored, width, height, made)


def _reencoded(data: bytes, fmt: str) -> tuple[bytes, int, int]:
    """Upright, metadata-free re-encoding of an inspected upload."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = bare(ImageOps.exif_transpose(image))
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise _not_readable() from error
    buffer = io.BytesIO()
    if fmt == "JPEG":
        upright = upright.convert("RGB")
        upright.save(buffer, "JPEG", quality=88, optimize=True, progressive=True)
    elif fmt == "PNG":
        upright.save(buffer, "PNG", optimize=True)
    else:
        upright.save(buffer, "WEBP", quality=85)
    return buffer.getvalue(), *upright.size


def _renditions(stored: bytes, width: int, height: int) -> tuple[tuple[int, str, bytes], ...]:
    """Each rendition of a stored original, in WebP and JPEG, from one decoding of it."""
    sizes = widths_for(width)
    made = []
    try:
        with Image.open(io.BytesIO(stored)) as image:
            if image.format == "JPEG":
                image.draft("RGB", (max(sizes), 1))  # (the height does not limit the scale)
            image.load()
            base = bare(image).convert("RGB")  # originals stored before metadata was stripped too
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise _not_readable() from error
    for size in sizes:
        target = (size, round(height * size / width))
        resized = base if base.size == target else base.resize(target, Image.Resampling.LANCZOS)
        for ext, fmt, options in RENDITION_FORMATS:
            buffer = io.BytesIO()
            resized.save(buffer, fmt, **options)
            made.append((size, ext, buffer.getvalue()))
    return tuple(made)


def clean_original(upload) -> tuple[ContentFile, int, int]:
    """Upright, metadata-free original of an inspected upload (no renditions)."""
    done = process(upload, renditions=False)
    return ContentFile(done.data, name=done.name), done.width, done.height


def rendition_name(original: str, width: int, ext: str) -> str:
    path = PurePosixPath(original)
    return str(path.parent / "renditions" / f"{path.stem}-{width}.{ext}")


def widths_for(original_width: int | None) -> list[int]:
    """Rendition widths worth making: never wider than the original."""
    if not original_width:
        return []
    return [w for w in RENDITION_WIDTHS if w < original_width] or [original_width]


def store_renditions(storage: Storage, original: str, done: Processed) -> list[str]:
    """Write a processed upload's renditions beside its stored original."""
    written = []
    for width, ext, data in done.renditions:
        name = rendition_name(original, width, ext)
        if storage.exists(name):
            storage.delete(name)
        written.append(storage.save(name, ContentFile(data)))
    return written


def make_renditions(storage: Storage, original: str, original_width: int) -> list[str]:
    """Renditions for a file already stored (moved files, older originals)."""
    with storage.open(original, "rb") as handle:
        data = handle.read()
    with Image.open(io.BytesIO(data)) as image:
        height = round(image.height * original_width / image.width) if image.width != original_width else image.height
    return store_renditions(storage, original, Processed(original, data, original_width, height, _renditions(data, original_width, height)))


def delete_renditions(storage: Storage, original: str, original_width: int | None) -> None:
    for width in widths_for(original_width):
        for ext in ("webp", "jpg"):
            name = rendition_name(original, width, ext)
            if storage.exists(name):
                storage.delete(name)
