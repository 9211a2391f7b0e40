"""The media library: an image uploaded once and reused in any article, album or page.

A ``MediaImage`` owns its file (cleaned and renditioned by ``articles.photos`` on upload,
stored under a random token by ``articles.media``) and the caption, credit and alt text
that go with it; whatever uses it (an article's ``Photo``, an album's photo, a video's
poster, an image inserted in a body) keeps its own words and points at it. Its file is
removed only with it, and it cannot be deleted while something uses it.

Apps above this one (portal) say how they use images with ``register_use``, so the media
view can tell whether a file is public and the admin can list where an image is used,
without this app importing theirs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.text import fold, normalize, normalize_line


def library_upload_to(instance, filename: str) -> str:
    """A random token under photos/<year>/<month>/, as article photos always were."""
    from .media import unguessable_name

    return unguessable_name(f"photos/{timezone.localdate():%Y/%m}/{filename}")


class Renditions:
    """srcset helpers for a model with ``image`` and ``width`` (library images, article photos)."""

    def rendition_url(self, width: int, ext: str) -> str:
        from . import photos

        return self.image.storage.url(photos.rendition_name(self.image.name, width, ext))

    def srcset(self, ext: str) -> str:
        """ "…-400.webp 400w, …-800.webp 800w" for the widths made for this image."""
        from . import photos

        if not self.image:
            return ""
        return ", ".join(f"{self.rendition_url(w, ext)} {w}w" for w in photos.widths_for(self.width))

    @property
    def srcset_webp(self) -> str:
        return self.srcset("webp")

    @property
    def srcset_jpeg(self) -> str:
        return self.srcset("jpg")

    @property
    def thumbnail_url(self) -> str:
        """The smallest rendition (400 px WebP, or the original's width if narrower)."""
        from . import photos

        widths = photos.widths_for(self.width)
        return self.rendition_url(widths[0], "webp") if widths else (self.image.url if self.image else "")


def check_new_image(field, name: str = "image") -> None:
    """A file just uploaded to ``field`` goes through the photo checks; refused with the reason."""
    from . import photos

    if field and not field._committed:
        try:
            photos.inspect(field.file)
        except ValidationError as error:
            raise ValidationError({name: error.messages}) from error


class MediaImageQuerySet(models.QuerySet):
    def matching(self, query: str) -> MediaImageQuerySet:
        """Images whose caption, credit, alt text or file name contain every word of ``query``,
        with or without diacritics, in any case ("dong thap" finds "Đồng Tháp")."""
        images = self
        for word in fold(query).split():
            images = images.filter(search_text__contains=word)
        return images


class MediaImage(Renditions, models.Model):
    image = models.ImageField(
        _("tệp ảnh"),
        upload_to=library_upload_to,
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG hoặc WebP, tối đa 25 MB. Ảnh được xoay đúng chiều và xóa thông tin ẩn (EXIF, vị trí) khi lưu."),
    )
    width = models.PositiveIntegerField(_("rộng"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("cao"), null=True, blank=True, editable=False)
    original_name = models.CharField(
        _("tên tệp tải lên"), max_length=255, blank=True, editable=False, help_text=_("Chỉ để tòa soạn nhận ra ảnh; không hiện ra ngoài.")
    )
    caption = models.TextField(_("chú thích"), blank=True, help_text=_("Chú thích mặc định; mỗi bài, album có thể viết lại."))
    credit = models.CharField(_("nguồn ảnh"), max_length=255, blank=True, help_text=_("Ví dụ: Phương Hoa/TTXVN."))
    alt_text = models.CharField(
        _("mô tả cho người khiếm thị"), max_length=255, blank=True, help_text=_("Tả ngắn những gì thấy trong ảnh; cần có để xuất bản.")
    )
    search_text = models.TextField(editable=False, blank=True)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Images inserted in an article's body (kept by ``sync_body_images`` on every save).
    in_bodies = models.ManyToManyField("articles.Article", blank=True, editable=False, related_name="body_images")

    objects = MediaImageQuerySet.as_manager()

    class Meta:
        verbose_name = _("ảnh trong thư viện")
        verbose_name_plural = _("thư viện ảnh")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["image"], name="mediaimage_image_idx")]

    def __str__(self) -> str:
        return self.caption[:80] or self.alt_text or self.original_name or self.image.name

    def clean(self) -> None:
        check_new_image(self.image)

    def save(self, *args, **kwargs) -> None:
        from . import photos

        self.caption = normalize(self.caption)
        self.credit = normalize_line(self.credit)
        self.alt_text = normalize_line(self.alt_text)
        new_upload = bool(self.image) and not self.image._committed
        if new_upload:
            self.original_name = PurePosixPath(self.image.name or "").name[:255]
            # Checked, cleaned and renditioned now, or ahead by an import's worker (the same code).
            done = photos.processed(self.image.file)
            self.image.save(done.name, ContentFile(done.data, name=done.name), save=False)  # sets width and height too
        self.search_text = fold(" ".join((self.caption, self.credit, self.alt_text, self.original_name)))
        super().save(*args, **kwargs)
        if new_upload:
            photos.store_renditions(self.image.storage, self.image.name, done)

    def delete(self, *args, **kwargs):
        from . import photos

        storage, name, width = self.image.storage, self.image.name, self.width
        result = super().delete(*args, **kwargs)
        if name and not type(self).objects.filter(image=name).exists():
            photos.delete_renditions(storage, name, width)
            storage.delete(name)
        return result

    def usages(self) -> list[Use]:
        """Everything that shows this image, public or not, for its admin page."""
        return [use for kind in USE_KINDS for use in kind.list(self)]

    @property
    def in_use(self) -> bool:
        return any(kind.exists(self) for kind in USE_KINDS)


@dataclass(frozen=True)
class Use:
    kind: str  # "Bài viết", "Album" …
    title: str
    admin_url: str
    public: bool


@dataclass(frozen=True)
class UseKind:
    """How one kind of thing uses library images.

    ``public_names(names)`` says whether a public one uses a file among ``names``;
    ``any_names(names)`` whether any does (staff see those); ``list(image)`` the uses of one image."""

    public_names: Callable[[list[str]], bool]
    any_names: Callable[[list[str]], bool]
    list: Callable[[MediaImage], Iterable[Use]]
    exists: Callable[[MediaImage], bool]


USE_KINDS: list[UseKind] = []


def register_use(kind: UseKind) -> None:
    if kind not in USE_KINDS:
        USE_KINDS.append(kind)


MEDIA_SRC = re.compile(r"""<img\b[^>]*\ssrc=["'](?:https?://[^/"']+)?/?[^"']*?(photos/[^"'?#]+)""", re.IGNORECASE)


def names_in_body(body: str) -> set[str]:
    """The library file names an HTML body shows (its <img src="/media/photos/…">)."""
    return {match.group(1) for match in MEDIA_SRC.finditer(body or "")}


def sync_body_images(article) -> None:
    """Record which library images ``article``'s body shows, for the media view and "where used"."""
    names = names_in_body(article.body)
    images = list(MediaImage.objects.filter(image__in=names).values_list("pk", flat=True)) if names else []
    article.body_images.set(images)
