"""Photo albums ("Hình ảnh hoạt động") and videos ("Video hoạt động").

An album's photos and a video's poster are images of the media library
(``articles.MediaImage``), each with its own caption, credit and alt text here. A video is
an uploaded MP4 or WebM file (checked by its first bytes, not its name) or a YouTube or
Facebook link, which the page shows as a poster and a button: the player's frame is made
only when the reader clicks (static/js/video_embed.js), from youtube-nocookie.com.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlparse

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.library import MediaImage
from articles.models import Article
from articles.photos import too_large
from danvan.text import normalize, normalize_line, unique_slug

VIDEO_MAX_BYTES = 200 * 1024 * 1024
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")


class Status(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đã xuất bản")


class GalleryQuerySet(models.QuerySet):
    def published(self):
        """Albums or videos visible to the public: the one place that knows the rule."""
        return self.filter(status=Status.PUBLISHED)


class GalleryItem(models.Model):
    """What albums and videos share: title, slug, description, date, status, related articles."""

    title = models.CharField(_("tiêu đề"), max_length=255)
    slug = models.SlugField(
        _("đường dẫn"), max_length=140, unique=True, blank=True, help_text=_("Tự tạo từ tiêu đề khi để trống (không dấu, “đ” thành “d”).")
    )
    description = models.TextField(_("giới thiệu"), blank=True)
    date = models.DateField(_("ngày"), default=timezone.localdate, help_text=_("Ngày diễn ra hoạt động. Nhập theo dạng ngày/tháng/năm."))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("Bản nháp chỉ cán bộ tòa soạn xem được."),
    )
    articles = models.ManyToManyField(
        Article, verbose_name=_("bài viết liên quan"), blank=True, help_text=_("Các bài này hiện liên kết tới đây ở cuối bài.")
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = GalleryQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.title = normalize_line(self.title)
        self.description = normalize(self.description)
        if not self.slug:
            taken = type(self).objects.exclude(pk=self.pk).filter
            self.slug = unique_slug(self.title, lambda s: taken(slug=s).exists(), max_length=140, fallback=self.slug_fallback)
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED


class Album(GalleryItem):
    slug_fallback = "album"

    cover = models.ForeignKey(
        MediaImage,
        verbose_name=_("ảnh bìa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="album_covers",
        help_text=_("Để trống: lấy ảnh đầu tiên của album."),
    )
    articles = models.ManyToManyField(
        Article, verbose_name=_("bài viết liên quan"), blank=True, related_name="albums", help_text=_("Các bài này hiện album ở cuối bài.")
    )

    class Meta(GalleryItem.Meta):
        verbose_name = _("album ảnh")
        verbose_name_plural = _("hình ảnh hoạt động")
        permissions = [("publish_album", _("Có thể xuất bản, gỡ album ảnh"))]

    def get_absolute_url(self) -> str:
        return reverse("portal:album", kwargs={"slug": self.slug})

    def set_cover_from_photos(self) -> None:
        """An album saved without a cover takes its first photo's image."""
        if self.cover_id is None:
            first = self.photos.order_by("order", "pk").values_list("image_id", flat=True).first()
            if first:
                Album.objects.filter(pk=self.pk).update(cover_id=first)
                self.cover_id = first


class AlbumPhoto(models.Model):
    album = models.ForeignKey(Album, verbose_name=_("album"), on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(MediaImage, verbose_name=_("ảnh trong thư viện"), on_delete=models.PROTECT, related_name="album_photos")
    caption = models.TextField(_("chú thích"), blank=True, help_text=_("Để trống: lấy chú thích của ảnh trong thư viện."))
    credit = models.CharField(_("nguồn ảnh"), max_length=255, blank=True)
    alt_text = models.CharField(_("mô tả cho người khiếm thị"), max_length=255, blank=True, help_text=_("Để trống: lấy của thư viện."))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("ảnh trong album")
        verbose_name_plural = _("ảnh trong album")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.caption[:80] or str(self.image_id)

    def save(self, *args, **kwargs) -> None:
        library = self.image
        self.caption = normalize(self.caption or library.caption)
        self.credit = normalize_line(self.credit or library.credit)
        self.alt_text = normalize_line(self.alt_text or library.alt_text)
        super().save(*args, **kwargs)


def video_upload_to(instance, filename: str) -> str:
    from articles.media import unguessable_name

    return unguessable_name(f"videos/{timezone.localdate():%Y/%m}/{filename}")


def video_kind(head: bytes) -> str | None:
    """ "mp4" or "webm" from a file's first bytes (ISO base media "ftyp" box; EBML header)."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in head[:64]:
        return "webm"
    return None


def embed_for(url: str) -> tuple[str, str] | None:
    """(provider, player address) for a YouTube or Facebook video link; None for anything else."""
    parsed = urlparse(url.strip())
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if parsed.scheme not in ("http", "https"):
        return None
    video_id = ""
    if host == "youtu.be":
        video_id = parsed.path.strip("/").split("/")[0]
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if parsed.path == "/watch":
            video_id = (parse_qs(parsed.query).get("v") or [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parsed.path.split("/")[2]
    if YOUTUBE_ID.fullmatch(video_id):
        return "youtube", f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1"
    if host in ("facebook.com", "fb.watch") and ("/videos/" in parsed.path or parsed.path.startswith("/watch") or host == "fb.watch"):
        clean = f"https://{parsed.hostname}{parsed.path}" + (f"?{parsed.query}" if parsed.path.startswith("/watch") else "")
        return "facebook", f"https://www.facebook.com/plugins/video.php?href={quote(clean, safe='')}&autoplay=1"
    return None


class Video(GalleryItem):
    slug_fallback = "video"

    file = models.FileField(
        _("tệp video"),
        upload_to=video_upload_to,
        blank=True,
        help_text=_("MP4 hoặc WebM, tối đa 200 MB. Hoặc để trống và dán đường dẫn YouTube, Facebook bên dưới."),
    )
    link = models.URLField(
        _("đường dẫn YouTube hoặc Facebook"),
        max_length=500,
        blank=True,
        help_text=_("Ví dụ: https://www.youtube.com/watch?v=… Trình phát chỉ tải khi bạn đọc bấm xem."),
    )
    poster = models.ForeignKey(
        MediaImage,
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="video_posters",
        help_text=_("Ảnh trong thư viện hiện trước khi bấm xem; nên có (bắt buộc khi xuất bản)."),
    )
    articles = models.ManyToManyField(
        Article, verbose_name=_("bài viết liên quan"), blank=True, related_name="videos", help_text=_("Các bài này hiện video ở cuối bài.")
    )

    class Meta(GalleryItem.Meta):
        verbose_name = _("video")
        verbose_name_plural = _("video hoạt động")
        permissions = [("publish_video", _("Có thể xuất bản, gỡ video"))]

    def get_absolute_url(self) -> str:
        return reverse("portal:video", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if bool(self.file) == bool(self.link):
            raise ValidationError(_("Tải lên một tệp video hoặc dán một đường dẫn YouTube, Facebook (chỉ một trong hai)."))
        if self.link and embed_for(self.link) is None:
            raise ValidationError({"link": _("Chỉ nhận đường dẫn video YouTube hoặc Facebook.")})
        if self.status == Status.PUBLISHED and self.poster_id is None:
            raise ValidationError({"poster": _("Video xuất bản cần ảnh đại diện.")})
        if self.file and not self.file._committed:
            upload = self.file.file
            if upload.size > VIDEO_MAX_BYTES:
                raise ValidationError({"file": too_large(upload.size, VIDEO_MAX_BYTES)})
            upload.seek(0)
            head = upload.read(64)
            upload.seek(0)
            kind = video_kind(head)
            if kind is None:
                raise ValidationError({"file": _("Tệp không phải video MP4 hoặc WebM (xét theo nội dung tệp, không theo tên).")})
            self._kind = kind

    def save(self, *args, **kwargs) -> None:
        kind = getattr(self, "_kind", None)
        if kind and self.file and not self.file._committed:
            self.file.name = f"video.{kind}"  # the extension its content says, for the type it is served with
        super().save(*args, **kwargs)

    @property
    def embed(self) -> tuple[str, str] | None:
        return embed_for(self.link) if self.link else None

    @property
    def mime_type(self) -> str:
        return "video/webm" if self.file.name.endswith(".webm") else "video/mp4"
