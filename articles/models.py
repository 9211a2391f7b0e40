"""What is published: sections, articles and their photos."""

from __future__ import annotations

import datetime
import html
import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from danvan.html import SanitizedHTML, sanitize_html
from danvan.indexes import NullsLastIndex
from danvan.text import normalize, normalize_line, unique_slug
from organizations.models import Document, Exemplar, Organization

from .library import MediaImage, Renditions, check_new_image


class Section(models.Model):
    name = models.CharField(_("tên chuyên mục"), max_length=120, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=140, unique=True, blank=True)
    description = models.TextField(_("giới thiệu"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0, help_text=_("Số nhỏ đứng trước trên thanh điều hướng."))
    in_menu = models.BooleanField(_("hiện trên thanh điều hướng"), default=True)

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = normalize_line(self.name)
        self.description = normalize(self.description)
        if not self.slug:
            taken = Section.objects.exclude(pk=self.pk).filter
            self.slug = unique_slug(self.name, lambda s: taken(slug=s).exists(), max_length=140, fallback="chuyen-muc")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})


BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|div|blockquote|figcaption|td|th)\s*>|<br\s*/?>", re.IGNORECASE)
# The importer stamps imported_at just before it saves; a later updated_at is an edit.
IMPORT_SAVE_MARGIN = datetime.timedelta(minutes=1)


def published_q(prefix: str = "") -> Q:
    """The one definition of "visible to the public", as a condition.

    Status published, and published_at passed — or empty for an imported article whose
    source printed no date. A future published_at is a scheduled article: it appears by
    itself when the time comes, with no job to run. ``prefix`` applies the rule through a
    relation ("article__" from a model that points at articles), as a join rather than an
    ``IN`` over every published article.
    """
    now = timezone.now()
    return Q(**{f"{prefix}status": Article.Status.PUBLISHED}) & (
        Q(**{f"{prefix}published_at__lte": now}) | Q(**{f"{prefix}published_at__isnull": True, f"{prefix}import_source__gt": ""})
    )


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """Articles visible to the public (see ``published_q``)."""
        return self.filter(published_q())

    def newest_first(self) -> ArticleQuerySet:
        """Dated articles newest first, undated ones after them."""
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-pk")

    def featured_first(self) -> ArticleQuerySet:
        """Articles editors marked featured first, each group newest first (the home page's
        lead article is the first row; ``article_featured_idx`` serves the order)."""
        return self.order_by("-featured", models.F("published_at").desc(nulls_last=True), "-pk")

    def most_read(self) -> ArticleQuerySet:
        """Articles read at least once, most read first (``article_most_read_idx``)."""
        return self.filter(view_count__gt=0).order_by("-view_count", "-pk")

    def for_listing(self, *, body: bool = False) -> ArticleQuerySet:
        """What a card shows: section, cover photo, tags; the body only if asked for (a lead
        card with no lead shows the start of the body), as it is the largest column."""
        listing = self if body else self.defer("body", "import_report")
        return listing.select_related("section").prefetch_related(
            "tags", Prefetch("photos", queryset=Photo.objects.order_by("order", "pk"), to_attr="ordered_photos")
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        REVIEW = "review", _("Chờ duyệt")
        PUBLISHED = "published", _("Đã xuất bản")
        ARCHIVED = "archived", _("Lưu trữ")

    title = models.CharField(_("tiêu đề"), max_length=500)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=255,
        unique=True,
        blank=True,
        help_text=_("Tự tạo từ tiêu đề khi để trống (không dấu, “đ” thành “d”)."),
    )
    lead = models.TextField(_("sapo"), blank=True, help_text=_("Đoạn mở đầu in đậm dưới tiêu đề."))
    body = models.TextField(_("nội dung"), blank=True)
    section = models.ForeignKey(
        Section, verbose_name=_("chuyên mục"), null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    tags = TaggableManager(verbose_name=_("từ khóa"), blank=True, help_text=_("Các từ khóa cách nhau bằng dấu phẩy."))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        _("thời điểm xuất bản"),
        null=True,
        blank=True,
        help_text=_("Để thời điểm trong tương lai để hẹn giờ xuất bản. Nhập ngày theo dạng ngày/tháng/năm."),
    )
    # An undated import whose year is known (from its address, a dated event it names…): the
    # importer records the year and how it found it, for an editor to confirm. While
    # published_at is empty the article page shows this year and the year's archive lists it.
    year_hint = models.PositiveSmallIntegerField(
        _("năm đăng (ước định)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1945), MaxValueValidator(2100)],
        help_text=_("Chỉ dùng cho bài không rõ ngày đăng: năm hiện trên bài và trong lưu trữ theo năm."),
    )
    year_hint_source = models.CharField(
        _("căn cứ xác định năm"),
        max_length=255,
        blank=True,
        help_text=_("Công cụ nhập ghi năm được suy ra từ đâu, để biên tập viên kiểm tra."),
    )
    byline = models.CharField(_("tác giả"), max_length=255, blank=True, help_text=_("Như in trên bài, ví dụ: Bài và ảnh: Nguyễn Thị Nga."))
    source = models.CharField(_("nguồn"), max_length=255, blank=True, help_text=_("Tên báo, trang tin gốc."))
    source_url = models.URLField(_("địa chỉ bài gốc"), max_length=1000, blank=True)
    # The body whose portal the article first appeared on (import_articles --publisher); the
    # page names it as the source, marked "(cũ)" or with its successor once it is gone.
    publisher = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan đăng bài gốc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="published_articles",
        help_text=_("Cơ quan có cổng thông tin cũ đã đăng bài này; hiện thành dòng “Nguồn:” trên trang bài."),
    )
    view_count = models.PositiveIntegerField(_("lượt xem"), default=0)
    featured = models.BooleanField(_("bài nổi bật"), default=False, help_text=_("Hiện ở vị trí nổi bật trên trang chủ."))
    documents = models.ManyToManyField(Document, verbose_name=_("văn bản"), blank=True, related_name="articles")
    organizations = models.ManyToManyField(Organization, verbose_name=_("tổ chức, cơ quan"), blank=True, related_name="articles")
    exemplars = models.ManyToManyField(Exemplar, verbose_name=_("mô hình “Dân vận khéo”"), blank=True, related_name="articles")

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The desk (articles/workflow.py keeps them): an editor's note when they send a submitted
    # article back to its reporter, kept until the reporter submits it again.
    return_note = models.TextField(
        _("ghi chú của biên tập viên"),
        blank=True,
        help_text=_("Lý do trả bài về cho phóng viên sửa; phóng viên thấy ghi chú này trên bài."),
    )
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người trả lại"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Import provenance: where the text came from and what the importer made of it.
    import_source = models.CharField(
        _("nguồn nhập"), max_length=1000, blank=True, help_text=_("Đường dẫn tệp hoặc địa chỉ trang đã nhập bài này.")
    )
    import_hash = models.CharField(_("mã băm nội dung nhập"), max_length=64, blank=True)
    imported_at = models.DateTimeField(_("nhập lúc"), null=True, blank=True)
    import_report = models.JSONField(
        _("báo cáo nhập"), default=dict, blank=True, help_text=_("Những gì công cụ nhập đã liên kết và những chỗ chưa chắc chắn.")
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        ordering = [models.F("published_at").desc(nulls_last=True), "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["import_source"], condition=~Q(import_source=""), name="article_import_source_unique"),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="article_status_published_idx"),
            models.Index(fields=["section", "status", "published_at"], name="article_section_listing_idx"),
            models.Index(fields=["-view_count"], name="article_view_count_idx"),
            # The home page's "Đọc nhiều" and its featured article walk these from the top and
            # stop after a few rows, at any size of archive (without them: a sort of every
            # published article, 50-70 ms at 10,000 on SQLite).
            models.Index(fields=["status", "-view_count", "-id"], name="article_most_read_idx"),
            NullsLastIndex(fields=["status", "-featured", "-published_at", "-id"], name="article_featured_idx"),
            # The importer finds a moved or copied file's article by the hash of its text.
            models.Index(fields=["import_hash"], name="article_import_hash_idx"),
        ]
        permissions = [
            ("publish_article", _("Có thể xuất bản, hẹn giờ, gỡ bài")),
            ("edit_others_article", _("Có thể sửa bài của người khác")),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.title = normalize_line(self.title)
        self.lead = normalize(self.lead)
        self.byline = normalize_line(self.byline)

    def save(self, *args, **kwargs) -> None:
        self.prepare_to_write()
        if self.pk:
            self._keep_old_url()
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            # The view count belongs to the readers (danvan/viewcounts.py adds to it with F()):
            # an editor's save, of a copy read before those views were counted, leaves it alone.
            kwargs["update_fields"] = [f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "view_count"]
        super().save(*args, **kwargs)

    def prepare_to_write(self) -> None:
        """What every write of an article does first: ``save``, and the importer's bulk insert."""
        self.title = normalize_line(self.title)
        self.lead = normalize(self.lead)
        self.byline = normalize_line(self.byline)
        self.source = normalize_line(self.source)
        # Every save, whoever wrote it: editor, paste or importer (whose worker processes
        # have cleaned the body already and say so with SanitizedHTML).
        self.body = str(self.body) if isinstance(self.body, SanitizedHTML) else sanitize_html(self.body)
        if not self.slug:
            self.slug = unique_slug(self.title, self._slug_taken)
        # Published by hand with no time given means "now"; only imports may stay undated.
        if self.status == self.Status.PUBLISHED and self.published_at is None and not self.import_source:
            self.published_at = timezone.now()

    def _slug_taken(self, slug: str) -> bool:
        return (
            Article.objects.filter(slug=slug).exclude(pk=self.pk).exists()
            or SlugRedirect.objects.filter(old_slug=slug).exclude(article_id=self.pk).exists()
        )

    def _keep_old_url(self) -> None:
        """A published article whose slug changes keeps answering at its old URL (301)."""
        old = Article.objects.filter(pk=self.pk).values_list("slug", "status").first()
        if old is None or old[0] == self.slug:
            return
        SlugRedirect.objects.filter(old_slug=self.slug, article_id=self.pk).delete()  # moving back to an old slug
        if old[1] in (self.Status.PUBLISHED, self.Status.ARCHIVED):
            SlugRedirect.objects.update_or_create(old_slug=old[0], defaults={"article_id": self.pk})

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def summary(self, words: int = 55) -> str:
        """The lead, or where there is none (many imports) the opening words of the body."""
        if self.lead:
            return self.lead
        spaced = BLOCK_END.sub(" ", self.body)  # paragraphs must not run into each other
        text = " ".join(html.unescape(strip_tags(spaced)).split())
        return Truncator(text).words(words, truncate="…")

    @property
    def last_changed(self):
        """When the article itself last changed, for the sitemap's lastmod and the feeds: an
        import not edited since is as old as its own date (none if undated), not the import run."""
        if self.import_source and self.imported_at and self.updated_at and self.updated_at - self.imported_at < IMPORT_SAVE_MARGIN:
            return self.published_at
        return self.updated_at

    @property
    def is_public(self) -> bool:
        """The instance-level mirror of ``ArticleQuerySet.published``."""
        return Article.objects.published().filter(pk=self.pk).exists() if self.pk else False

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at is not None and self.published_at > timezone.now()


def photo_upload_to(instance: Photo, filename: str) -> str:
    """Kept for migrations 0001–0005; new files are the library's (``library.library_upload_to``)."""
    from .library import library_upload_to

    return library_upload_to(instance, filename)


class Photo(Renditions, models.Model):
    """An image as one article shows it: its own caption, credit, alt text and place.

    The file belongs to the library image (``library_image``); ``image``, ``width`` and
    ``height`` repeat its name and size, set on save, so the article page, feeds and the
    media view read a photo without a join. A file uploaded here goes into the library.
    """

    article = models.ForeignKey(Article, verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="photos")
    library_image = models.ForeignKey(
        "articles.MediaImage",
        verbose_name=_("ảnh trong thư viện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="article_photos",
        help_text=_("Chọn ảnh đã có trong thư viện (gõ chú thích, không cần dấu), hoặc tải tệp mới lên ở ô bên cạnh."),
    )
    image = models.ImageField(
        _("tải ảnh mới"),
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
        blank=True,
        help_text=_(
            "Ảnh tải lên được thêm vào thư viện. Ảnh nhập từ bài cũ có thể chỉ có chú thích; ảnh chưa có tệp không hiện trên trang."
        ),
    )
    width = models.PositiveIntegerField(_("rộng"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("cao"), null=True, blank=True, editable=False)
    original_name = models.CharField(
        _("tên tệp tải lên"), max_length=255, blank=True, editable=False, help_text=_("Chỉ để tòa soạn nhận ra ảnh; không hiện ra ngoài.")
    )
    caption = models.TextField(_("chú thích"), blank=True, help_text=_("Để trống: lấy chú thích của ảnh trong thư viện."))
    credit = models.CharField(_("nguồn ảnh"), max_length=255, blank=True, help_text=_("Ví dụ: Phương Hoa/TTXVN."))
    alt_text = models.CharField(_("mô tả cho người khiếm thị"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    after_paragraph = models.PositiveSmallIntegerField(
        _("sau đoạn"), null=True, blank=True, help_text=_("Vị trí của ảnh trong bài: số thứ tự đoạn văn đứng trước ảnh.")
    )

    class Meta:
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")
        ordering = ["order", "pk"]
        # The media view finds a file's photo by its name.
        indexes = [models.Index(fields=["image"], name="photo_image_idx")]

    def __str__(self) -> str:
        return self.caption[:80] or self.original_name or self.image.name

    def clean(self) -> None:
        check_new_image(self.image)

    def save(self, *args, **kwargs) -> None:
        self.prepare_to_write()
        super().save(*args, **kwargs)

    def prepare_to_write(self) -> None:
        """What every write of a photo does first: ``save``, and the importer's bulk insert."""
        if self.image and not self.image._committed:
            # A new file goes into the library once; this photo then points at it.
            self.library_image = MediaImage.objects.create(
                image=self.image.file, caption=self.caption, credit=self.credit, alt_text=self.alt_text
            )
        if self.library_image_id:
            library = self.library_image
            # Straight into the instance: the field's setter would open the file to measure it.
            self.__dict__["image"] = library.image.name
            self.width, self.height = library.width, library.height
            self.original_name = library.original_name
            self.caption = self.caption or library.caption
            self.credit = self.credit or library.credit
            self.alt_text = self.alt_text or library.alt_text
        self.caption = normalize(self.caption)
        self.credit = normalize_line(self.credit)
        self.alt_text = normalize_line(self.alt_text)

    def delete(self, *args, **kwargs):
        from . import photos

        if self.image and not self.library_image_id:  # a file from before the library: this photo's own
            storage, name, width = self.image.storage, self.image.name, self.width
            result = super().delete(*args, **kwargs)
            photos.delete_renditions(storage, name, width)
            storage.delete(name)
            return result
        return super().delete(*args, **kwargs)


class SlugRedirect(models.Model):
    """An article's former slug: its old URL answers with a 301 to the current one."""

    old_slug = models.SlugField(_("đường dẫn cũ"), max_length=255, unique=True)
    article = models.ForeignKey(Article, verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đường dẫn cũ")
        verbose_name_plural = _("đường dẫn cũ")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.article.slug}"


class AuditEvent(models.Model):
    """Who published, unpublished, scheduled or deleted what; kept when the article is gone."""

    class Action(models.TextChoices):
        PUBLISHED = "published", _("xuất bản")
        SCHEDULED = "scheduled", _("hẹn giờ xuất bản")
        UNPUBLISHED = "unpublished", _("gỡ bài")
        SUBMITTED = "submitted", _("gửi duyệt")
        RETURNED = "returned", _("trả về bản nháp")
        ARCHIVED = "archived", _("lưu trữ")
        REVERTED = "reverted", _("khôi phục phiên bản")
        DELETED = "deleted", _("xóa")

    at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("hành động"), max_length=16, choices=Action.choices)
    article = models.ForeignKey(
        Article, verbose_name=_("bài viết"), null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    article_title = models.CharField(_("tiêu đề lúc đó"), max_length=500)
    detail = models.CharField(_("chi tiết"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("nhật ký xuất bản")
        verbose_name_plural = _("nhật ký xuất bản")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.article_title}"


class SectionRule(models.Model):
    """What puts an article into a section: a phrase, a document, a "Dân vận khéo" model or a body.

    Applied by the importer when neither ``--section`` nor the mapping file names one, and
    shown to editors as suggestions on the article's form (see ``articles.section_rules``)."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="rules", verbose_name=_("chuyên mục"))
    phrase = models.CharField(
        _("từ, cụm từ"),
        max_length=200,
        blank=True,
        help_text=_(
            "Bài có cụm từ này (không phân biệt dấu, hoa thường; trọn từ) thì vào chuyên mục. Bỏ trống nếu theo văn bản, mô hình, tổ chức."
        ),
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="section_rules",
        verbose_name=_("văn bản"),
        help_text=_("Bài nhắc văn bản này (theo số hiệu) thì vào chuyên mục."),
    )
    exemplar = models.ForeignKey(
        Exemplar,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="section_rules",
        verbose_name=_("mô hình “Dân vận khéo”"),
        help_text=_("Bài nhắc mô hình, điển hình này (theo tên hoặc tên gọi khác) thì vào chuyên mục."),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="section_rules",
        verbose_name=_("tổ chức"),
        help_text=_("Bài nhắc cơ quan, tổ chức này (theo tên, tên viết tắt hoặc tên gọi khác) thì vào chuyên mục."),
    )
    weight = models.PositiveSmallIntegerField(
        _("trọng số"), default=1, help_text=_("Khi nhiều quy tắc cùng khớp, chuyên mục có tổng trọng số lớn nhất được chọn.")
    )
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("quy tắc chuyên mục")
        verbose_name_plural = _("quy tắc chuyên mục")
        ordering = ["section__position", "-weight", "pk"]

    def __str__(self) -> str:
        return f"{self.section.name}: {self.describe()}"

    def describe(self) -> str:
        if self.exemplar_id:
            return f"mô hình «{self.exemplar.name}»"
        if self.document_id:
            return f"văn bản «{self.document.symbol}»"
        if self.organization_id:
            return f"tổ chức «{self.organization.name}»"
        return f"«{self.phrase}»"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.phrase = normalize_line(self.phrase)
        given = [bool(self.phrase), self.document_id is not None, self.exemplar_id is not None, self.organization_id is not None]
        if sum(given) != 1:
            raise ValidationError(_("Mỗi quy tắc chọn đúng một điều kiện: một cụm từ, hoặc một văn bản, một mô hình, một tổ chức."))


class CountsClock(models.Model):
    """One row: up to when the kept counts of citing articles (articles.counts) have taken
    scheduled articles falling due into account. Articles that fell due after it are the
    ones the next recount of due articles looks at."""

    counted_until = models.DateTimeField(_("đã đếm tới"))

    class Meta:
        verbose_name = _("mốc đếm bài đã đăng")
        verbose_name_plural = _("mốc đếm bài đã đăng")

    def __str__(self) -> str:
        return f"{self.counted_until:%Y-%m-%d %H:%M:%S}"
