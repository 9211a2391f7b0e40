"""Old addresses of the portals merged into this site, and the old addresses readers asked
for that lead nowhere yet."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models import Article, Section
from danvan.text import fold, normalize_line

from .addresses import normalize_host, split_old_url


class OldAddress(models.Model):
    """An old URL and where it leads now: an article, a section, a tag or any path of this site."""

    class Origin(models.TextChoices):
        IMPORT = "import", _("Từ địa chỉ bài gốc")
        EDITOR = "editor", _("Biên tập viên nhập")

    old_url = models.CharField(
        _("địa chỉ cũ"),
        max_length=1000,
        help_text=_(
            "Địa chỉ đầy đủ (http://ten-mien-cu.vn/…) hoặc chỉ đường dẫn (/tin-tuc/…). Không cần khớp dấu / cuối, "
            "“index.html”, “.html”, chữ hoa chữ thường, mã %… hay tham số theo dõi."
        ),
    )
    host = models.CharField(
        _("tên miền cũ"),
        max_length=255,
        blank=True,
        help_text=_("Lấy từ địa chỉ cũ khi địa chỉ có tên miền. Để trống: khớp với đường dẫn này ở mọi tên miền."),
    )
    key = models.CharField(_("đường dẫn chuẩn hóa"), max_length=1000, editable=False, db_index=True)
    article = models.ForeignKey(
        Article, verbose_name=_("bài viết"), null=True, blank=True, on_delete=models.CASCADE, related_name="old_addresses"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("chuyên mục"), null=True, blank=True, on_delete=models.CASCADE, related_name="old_addresses"
    )
    tag = models.ForeignKey(Tag, verbose_name=_("từ khóa"), null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_path = models.CharField(
        _("đường dẫn mới"),
        max_length=500,
        blank=True,
        help_text=_(
            "Trang bất kỳ của trang này, bắt đầu bằng /, ví dụ /trang/gioi-thieu/. Chỉ dùng khi không chọn bài, chuyên mục hay từ khóa."
        ),
    )
    origin = models.CharField(_("nguồn gốc"), max_length=16, choices=Origin.choices, default=Origin.EDITOR, editable=False)
    search_key = models.CharField(max_length=2000, editable=False, blank=True)  # folded, for searching without diacritics
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        verbose_name = _("địa chỉ cũ")
        verbose_name_plural = _("địa chỉ cũ (chuyển hướng)")
        ordering = ["key", "host"]
        constraints = [
            models.UniqueConstraint(fields=["host", "key"], name="old_address_host_key_unique"),
            models.CheckConstraint(
                condition=Q(article__isnull=False) | Q(section__isnull=False) | Q(tag__isnull=False) | ~Q(target_path=""),
                name="old_address_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.old_url

    TARGETS = ("article", "section", "tag", "target_path")

    def clean(self) -> None:
        self.normalize()
        chosen = [name for name in self.TARGETS if getattr(self, name if name == "target_path" else f"{name}_id")]
        if len(chosen) != 1:
            raise ValidationError(_("Chọn đúng một đích: một bài viết, một chuyên mục, một từ khóa hoặc một đường dẫn mới."))
        if self.target_path and (not self.target_path.startswith("/") or self.target_path.startswith("//")):
            raise ValidationError({"target_path": _("Đường dẫn mới phải là một trang của trang này, bắt đầu bằng một dấu /.")})
        if self.key == "/" and not self.host:
            raise ValidationError({"old_url": _("Địa chỉ cũ phải có đường dẫn (không chỉ là trang chủ) hoặc có tên miền.")})
        clash = OldAddress.objects.filter(host=self.host, key=self.key).exclude(pk=self.pk).first()
        if clash is not None:
            raise ValidationError({"old_url": _("Địa chỉ này đã có chuyển hướng: %(url)s.") % {"url": clash.old_url}})

    def normalize(self) -> None:
        self.old_url = normalize_line(self.old_url)
        self.target_path = self.target_path.strip()
        url_host, self.key = split_old_url(self.old_url)
        self.host = normalize_host(self.host) or url_host

    def save(self, *args, **kwargs) -> None:
        self.normalize()
        self.search_key = fold(f"{self.old_url} {self.key} {self.target_label()}")[:2000]
        super().save(*args, **kwargs)

    def target_label(self) -> str:
        for name in ("article", "section", "tag"):
            if getattr(self, f"{name}_id"):
                return str(getattr(self, name))
        return self.target_path

    def target_url(self) -> str:
        if self.article_id:
            return self.article.get_absolute_url()
        if self.section_id:
            return self.section.get_absolute_url()
        if self.tag_id:
            return reverse("articles:tag", args=[self.tag.slug])
        return self.target_path


class MissedAddress(models.Model):
    """An old-looking address readers asked for that leads nowhere: the report editors map from.
    Only the most asked-for are kept (``OLD_ADDRESS_MISSES_KEPT``)."""

    host = models.CharField(_("tên miền"), max_length=255, blank=True)
    key = models.CharField(_("đường dẫn chuẩn hóa"), max_length=1000)
    example = models.CharField(_("địa chỉ được hỏi"), max_length=1000, help_text=_("Địa chỉ như lần gần nhất được hỏi."))
    hits = models.PositiveIntegerField(_("số lần hỏi"), default=1)
    first_seen = models.DateTimeField(_("lần đầu"), auto_now_add=True)
    last_seen = models.DateTimeField(_("lần gần nhất"), auto_now=True)

    class Meta:
        verbose_name = _("địa chỉ cũ chưa có đích")
        verbose_name_plural = _("địa chỉ cũ chưa có đích")
        ordering = ["-hits", "-last_seen"]
        constraints = [models.UniqueConstraint(fields=["host", "key"], name="missed_address_host_key_unique")]
        indexes = [models.Index(fields=["hits", "last_seen"], name="missed_address_rank_idx")]

    def __str__(self) -> str:
        return self.example


def remember_source_url(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    """post_save of an article: the address it had on its old portal leads to it from now on."""
    if raw or not instance.source_url:
        return
    host, key = split_old_url(instance.source_url)
    if key == "/":
        return  # the old portal's home page is not this article's address
    OldAddress.objects.get_or_create(
        host=host,
        key=key,
        defaults={"old_url": instance.source_url, "article": instance, "origin": OldAddress.Origin.IMPORT},
    )


def forget_missed(sender, instance: OldAddress, raw: bool = False, **kwargs) -> None:
    """Once an editor maps an address, it leaves the report of unmapped ones."""
    if not raw:
        MissedAddress.objects.filter(key=instance.key).delete()
