"""What every commission portal carries besides news: its identity, its own pages, its links.

``SiteSettings`` is one row (name, logo, the owning agency and the other lines a Vietnamese
state portal must print in its footer). ``Page`` is a page the editors write ("Giới thiệu",
"Liên hệ" …), placed in the menu, the footer, both or neither. ``LinkedSite`` is a linked
website or a banner, shown between two dates. Public pages read them through
``portal.chrome`` once per content generation, never per page.
"""

from __future__ import annotations

import datetime
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import photos
from danvan.html import sanitize_html
from danvan.text import normalize_line, slugify_vi, unique_slug


def portal_upload_to(instance: models.Model, filename: str) -> str:
    """portal/<model>/<year>/<ascii-name>.<ext>: no Vietnamese or odd characters in file names."""
    name = PurePosixPath(filename)
    stem = slugify_vi(name.stem, max_length=80) or "anh"
    return f"portal/{instance._meta.model_name}/{timezone.localdate():%Y}/{stem}{name.suffix.lower()}"


class CheckedImagesMixin:
    """Uploads go through the article photos' checks (``articles.photos``): read by content
    (JPEG, PNG, WebP only), bounded in bytes and pixels, stored upright without EXIF."""

    image_fields: tuple[str, ...] = ()

    def clean_images(self) -> None:
        errors = {}
        for name in self.image_fields:
            field = getattr(self, name)
            if field and not field._committed:
                try:
                    photos.inspect(field.file)
                except ValidationError as error:
                    errors[name] = error.messages
        if errors:
            raise ValidationError(errors)

    def store_images(self) -> None:
        for name in self.image_fields:
            field = getattr(self, name)
            if field and not field._committed:
                cleaned, _width, _height = photos.clean_original(field.file)
                field.save(cleaned.name, cleaned, save=False)

    def save(self, *args, **kwargs) -> None:
        using = kwargs.get("using") or self._state.db  # a migration or a restore may save to another database
        rows = type(self)._base_manager.db_manager(using)
        stored = rows.filter(pk=self.pk).values(*self.image_fields).first() if self.pk else None
        self.store_images()
        super().save(*args, **kwargs)
        # A replaced or cleared image leaves no file behind, once the new row is committed.
        for name, old in (stored or {}).items():
            if old and old != getattr(self, name).name:
                self._delete_file_on_commit(getattr(self, name).storage, old)

    def delete(self, *args, **kwargs):
        files = [(field.storage, field.name) for field in (getattr(self, name) for name in self.image_fields) if field]
        result = super().delete(*args, **kwargs)
        for storage, name in files:
            self._delete_file_on_commit(storage, name)
        return result

    @staticmethod
    def _delete_file_on_commit(storage, name: str) -> None:
        transaction.on_commit(lambda: storage.delete(name))


class SiteSettings(CheckedImagesMixin, models.Model):
    """The commission's identity: one row, edited in the admin."""

    SINGLETON_PK = 1
    image_fields = ("logo",)

    name = models.CharField(
        _("tên cơ quan"),
        max_length=200,
        help_text=_("Tên in trên đầu trang, trong tiêu đề trang và cuối trang, ví dụ: Ban Dân vận Tỉnh ủy Nghệ An."),
    )
    slogan = models.CharField(_("khẩu hiệu"), max_length=255, blank=True, help_text=_("Dòng chữ nhỏ dưới tên trên đầu trang."))
    logo = models.ImageField(
        _("biểu trưng (logo)"),
        upload_to=portal_upload_to,
        width_field="logo_width",
        height_field="logo_height",
        blank=True,
        help_text=_("Ảnh JPEG, PNG hoặc WebP, nên vuông, từ 96×96 điểm ảnh. Để trống thì đầu trang hiện ngôi sao."),
    )
    logo_width = models.PositiveIntegerField(_("rộng"), null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(_("cao"), null=True, blank=True, editable=False)
    owning_agency = models.CharField(
        _("cơ quan chủ quản"), max_length=255, blank=True, help_text=_("In ở cuối trang sau “Cơ quan chủ quản:”, ví dụ: Tỉnh ủy Nghệ An.")
    )
    responsible_person = models.CharField(
        _("chịu trách nhiệm nội dung"),
        max_length=255,
        blank=True,
        help_text=_("Họ tên và chức vụ người chịu trách nhiệm nội dung, ví dụ: Nguyễn Văn A, Phó Trưởng Ban."),
    )
    licence = models.CharField(
        _("giấy phép"),
        max_length=255,
        blank=True,
        help_text=_("Cả dòng như in ở cuối trang, ví dụ: Giấy phép số 12/GP-TTĐT do Sở Thông tin và Truyền thông cấp ngày 05/03/2024."),
    )
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True, help_text=_("Địa chỉ trụ sở, in ở cuối trang."))
    phone = models.CharField(_("điện thoại"), max_length=100, blank=True, help_text=_("Một hoặc vài số, ví dụ: 0238 3844 123."))
    email = models.EmailField(_("thư điện tử"), blank=True, help_text=_("Địa chỉ nhận thư góp ý của bạn đọc."))
    facebook_url = models.URLField(_("trang Facebook"), blank=True, help_text=_("Địa chỉ đầy đủ, bắt đầu bằng https://"))
    zalo_url = models.URLField(_("trang Zalo"), blank=True, help_text=_("Địa chỉ Zalo OA, ví dụ: https://zalo.me/…"))
    youtube_url = models.URLField(_("kênh YouTube"), blank=True, help_text=_("Địa chỉ đầy đủ, bắt đầu bằng https://"))
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        verbose_name = _("thông tin trang")
        verbose_name_plural = _("thông tin trang")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="portal_sitesettings_single_row")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def load(cls) -> SiteSettings:
        """The row, or (before the first migration ran its defaults) unsaved defaults."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK, name=settings.SITE_NAME)

    @property
    def social_links(self) -> list[tuple[str, str]]:
        named = (("Facebook", self.facebook_url), ("Zalo", self.zalo_url), ("YouTube", self.youtube_url))
        return [(label, url) for label, url in named if url]

    def clean(self) -> None:
        self.clean_images()

    def save(self, *args, **kwargs) -> None:
        self.pk = self.SINGLETON_PK
        for name in ("name", "slogan", "owning_agency", "responsible_person", "licence", "address", "phone"):
            setattr(self, name, normalize_line(getattr(self, name)))
        super().save(*args, **kwargs)


class PageQuerySet(models.QuerySet):
    def published(self) -> PageQuerySet:
        """Pages visible to the public: the one place that knows the rule."""
        return self.filter(status=Page.Status.PUBLISHED)


class Page(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã xuất bản")

    class Placement(models.TextChoices):
        MENU = "menu", _("Thanh điều hướng")
        FOOTER = "footer", _("Cuối trang")
        BOTH = "both", _("Thanh điều hướng và cuối trang")
        NONE = "none", _("Không đặt (chỉ mở qua đường dẫn)")

    IN_MENU = (Placement.MENU, Placement.BOTH)
    IN_FOOTER = (Placement.FOOTER, Placement.BOTH)

    title = models.CharField(_("tiêu đề"), max_length=255, help_text=_("Ví dụ: Chức năng, nhiệm vụ."))
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=140,
        unique=True,
        blank=True,
        help_text=_("Phần cuối địa chỉ /trang/…/. Tự tạo từ tiêu đề khi để trống (không dấu, “đ” thành “d”)."),
    )
    body = models.TextField(_("nội dung"), blank=True, help_text=_("Được làm sạch khi lưu như nội dung bài viết."))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("Bản nháp chỉ cán bộ tòa soạn xem được (có dấu “Bản xem trước”)."),
    )
    order = models.PositiveSmallIntegerField(
        _("thứ tự"), default=0, help_text=_("Số nhỏ đứng trước, trên thanh điều hướng, cuối trang và trong trang mục.")
    )
    placement = models.CharField(
        _("vị trí"), max_length=8, choices=Placement.choices, default=Placement.NONE, help_text=_("Nơi đặt liên kết tới trang.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc trang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text=_("Ví dụ: “Lãnh đạo Ban” thuộc trang “Giới thiệu”. Trang mục liệt kê các trang thuộc nó."),
    )
    # A page brought in by ``import_articles`` from a WordPress export: its guid, by which a
    # second import finds it again, and its old address (for the redirects).
    import_source = models.CharField(
        _("nguồn nhập"), max_length=1000, blank=True, editable=False, help_text=_("Mã (guid) của trang cũ đã nhập trang này.")
    )
    source_url = models.URLField(_("địa chỉ trang cũ"), max_length=1000, blank=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("trang thông tin")
        verbose_name_plural = _("trang thông tin")
        ordering = ["order", "title"]
        permissions = [("publish_page", _("Có thể xuất bản, gỡ trang thông tin"))]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        # One level only: a menu of pages under pages under pages is not what readers need.
        if self.parent_id and (self.parent_id == self.pk or self.parent.parent_id):
            raise ValidationError(
                {"parent": _("Chỉ chọn được trang mục (trang không thuộc trang nào khác), và không phải chính trang này.")}
            )
        if self.pk and self.parent_id and Page.objects.filter(parent=self).exists():
            raise ValidationError({"parent": _("Trang này đang có trang con nên không thể thuộc trang khác.")})

    def save(self, *args, **kwargs) -> None:
        self.title = normalize_line(self.title)
        self.body = sanitize_html(self.body)
        if not self.slug:
            self.slug = unique_slug(
                self.title, lambda s: Page.objects.filter(slug=s).exclude(pk=self.pk).exists(), max_length=140, fallback="trang"
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portal:page", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


class LinkedSiteQuerySet(models.QuerySet):
    def not_expired(self, today: datetime.date) -> LinkedSiteQuerySet:
        return self.filter(Q(shown_until__isnull=True) | Q(shown_until__gte=today))

    def shown(self, today: datetime.date | None = None) -> LinkedSiteQuerySet:
        """Links shown on ``today`` (Hà Nội date): the one rule for "between the editors' dates"."""
        today = today or timezone.localdate()
        return self.not_expired(today).filter(Q(shown_from__isnull=True) | Q(shown_from__lte=today))


class LinkedSite(CheckedImagesMixin, models.Model):
    """A linked website ("Website liên kết") or, with an image, a banner."""

    class Position(models.TextChoices):
        HOME = "home", _("Trang chủ (khối “Website liên kết” cuối trang chủ)")
        SIDEBAR = "sidebar", _("Cột bên (trang chủ, bài viết, trang thông tin)")

    image_fields = ("image",)

    title = models.CharField(_("tên"), max_length=255, help_text=_("Tên website hoặc nội dung banner; là chữ thay thế khi có ảnh."))
    url = models.URLField(_("địa chỉ"), max_length=1000, help_text=_("Địa chỉ đầy đủ, ví dụ: https://dangcongsan.vn"))
    image = models.ImageField(
        _("ảnh banner"),
        upload_to=portal_upload_to,
        width_field="image_width",
        height_field="image_height",
        blank=True,
        help_text=_("Không bắt buộc. Có ảnh thì hiện thành banner, không có thì hiện tên thành liên kết chữ. JPEG, PNG hoặc WebP."),
    )
    image_width = models.PositiveIntegerField(_("rộng"), null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(_("cao"), null=True, blank=True, editable=False)
    position = models.CharField(
        _("vị trí"), max_length=8, choices=Position.choices, default=Position.SIDEBAR, help_text=_("Nơi hiện liên kết.")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0, help_text=_("Số nhỏ đứng trước."))
    shown_from = models.DateField(
        _("hiện từ ngày"), null=True, blank=True, help_text=_("Để trống: hiện ngay. Nhập theo dạng ngày/tháng/năm.")
    )
    shown_until = models.DateField(
        _("hiện đến hết ngày"), null=True, blank=True, help_text=_("Để trống: hiện mãi. Sau ngày này liên kết tự ẩn.")
    )
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = LinkedSiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("website liên kết, banner")
        verbose_name_plural = _("website liên kết, banner")
        ordering = ["position", "order", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.shown_from and self.shown_until and self.shown_until < self.shown_from:
            raise ValidationError({"shown_until": _("Ngày kết thúc phải từ ngày bắt đầu trở đi.")})
        self.clean_images()

    def save(self, *args, **kwargs) -> None:
        self.title = normalize_line(self.title)
        super().save(*args, **kwargs)

    def is_shown_on(self, today: datetime.date) -> bool:
        """The row-level mirror of ``LinkedSiteQuerySet.shown``."""
        return (self.shown_from is None or self.shown_from <= today) and (self.shown_until is None or self.shown_until >= today)


from .gallery import Album, AlbumPhoto, Video  # noqa: E402, F401  (models of this app, in their own module)
