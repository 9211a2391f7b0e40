"""Uploaded photos: checked by content, cleaned of metadata, served in several widths.

An upload is accepted only if Pillow reads it as JPEG, PNG or WebP (whatever its name
says), is at most ``MAX_BYTES`` and ``MAX_PIXELS``; anything larger is refused before its
pixels are decoded, so a decompression bomb costs nothing. The stored original is
re-encoded upright (EXIF orientation applied) from its pixels alone, converted to sRGB:
no EXIF, XMP, IPTC, comment, colour profile or PNG text chunk survives in the original or
in any rendition, so no GPS position, phone number or hidden HTML leaks. Renditions
``RENDITION_WIDTHS`` wide are written next to it in WebP and JPEG.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
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
            fmt, (width, height) = image.format, image.size
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
    return Inspected(fmt, width, height)


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


def clean_original(upload) -> tuple[ContentFile, int, int]:
    """Upright, metadata-free re-encoding of an inspected upload."""
    info = inspect(upload)
    with Image.open(upload) as image:
        image.load()
        upright = bare(ImageOps.exif_transpose(image))
        buffer = io.BytesIO()
        if info.format == "JPEG":
            upright = upright.convert("RGB")
            upright.save(buffer, "JPEG", quality=88, optimize=True, progressive=True)
        elif info.format == "PNG":
            upright.save(buffer, "PNG", optimize=True)
        else:
            upright.save(buffer, "WEBP", quality=85)
        width, height = upright.size
    name = PurePosixPath(getattr(upload, "name", "anh") or "anh")
    return ContentFile(buffer.getvalue(), name=f"{name.stem}.{ACCEPTED_FORMATS[info.format]}"), width, height


def rendition_name(original: str, width: int, ext: str) -> str:
    path = PurePosixPath(original)
    return str(path.parent / "renditions" / f"{path.stem}-{width}.{ext}")


def widths_for(original_width: int | None) -> list[int]:
    """Rendition widths worth making: never wider than the original."""
    if not original_width:
        return []
    return [w for w in RENDITION_WIDTHS if w < original_width] or [original_width]


def make_renditions(storage: Storage, original: str, original_width: int) -> list[str]:
    written = []
    with storage.open(original, "rb") as handle, Image.open(handle) as image:
        image.load()
        base = bare(image).convert("RGB")  # originals stored before metadata was stripped too
        for width in widths_for(original_width):
            height = round(base.height * width / base.width)
            resized = base if width == base.width else base.resize((width, height), Image.Resampling.LANCZOS)
            for ext, fmt, options in (("webp", "WEBP", {"quality": 80}), ("jpg", "JPEG", {"quality": 82, "progressive": True})):
                buffer = io.BytesIO()
                resized.save(buffer, fmt, **options)
                name = rendition_name(original, width, ext)
                if storage.exists(name):
                    storage.delete(name)
                written.append(storage.save(name, ContentFile(buffer.getvalue())))
    return written


def delete_renditions(storage: Storage, original: str, original_width: int | None) -> None:
    for width in widths_for(original_width):
        for ext in ("webp", "jpg"):
            name = rendition_name(original, width, ext)
            if storage.exists(name):
                storage.delete(name)
