"""Documents (nghị quyết, quyết định, chỉ thị …), their typed relations and their validity."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.collation import vi_order
from danvan.html import sanitize_html
from danvan.text import normalize, normalize_line, split_lines

from .base import CitedByArticles, TimestampedModel, slug_for
from .files import DocumentFile


class DocumentQuerySet(models.QuerySet):
    def with_issuer(self) -> DocumentQuerySet:
        return self.select_related("issuer")

    def with_validity(self) -> DocumentQuerySet:
        """What ``Document.validity`` reads, in one query for the whole page: who replaces each."""
        return self.prefetch_related(
            Prefetch(
                "incoming_relations",
                queryset=DocumentRelation.objects.filter(kind=DocumentRelation.Kind.REPLACES)
                .select_related("source")
                .defer("source__body")
                .order_by(vi_order("source__symbol")),
                to_attr="replacing_relations",
            )
        )

    def for_listing(self) -> DocumentQuerySet:
        """What a line of a list shows: issuer and validity, not the full text (the largest column)."""
        return self.with_issuer().with_validity().defer("body")

    def with_public_files(self) -> DocumentQuerySet:
        return self.prefetch_related(Prefetch("files", queryset=DocumentFile.objects.public().defer("text"), to_attr="public_files"))


@dataclass(frozen=True)
class Validity:
    """A document's legal state as its page and the lists show it."""

    state: str  # "valid", "not_yet", "replaced", "expired": the CSS modifier too
    label: str
    replaced_by: tuple = ()


class Document(CitedByArticles, TimestampedModel):
    class Kind(models.TextChoices):
        RESOLUTION = "nghi_quyet", _("Nghị quyết")
        DECISION = "quyet_dinh", _("Quyết định")
        DIRECTIVE = "chi_thi", _("Chỉ thị")
        CONCLUSION = "ket_luan", _("Kết luận")
        REGULATION = "quy_dinh", _("Quy định")
        RULES = "quy_che", _("Quy chế")
        GUIDANCE = "huong_dan", _("Hướng dẫn")
        ACTION_PROGRAMME = "chuong_trinh_hanh_dong", _("Chương trình hành động")
        PLAN = "ke_hoach", _("Kế hoạch")
        NOTICE = "thong_bao", _("Thông báo")
        DECREE = "nghi_dinh", _("Nghị định")
        CIRCULAR = "thong_tu", _("Thông tư")
        LAW = "luat", _("Luật")
        OFFICIAL_LETTER = "cong_van", _("Công văn")
        OTHER = "khac", _("Văn bản khác")

    kind = models.CharField(_("loại văn bản"), max_length=32, choices=Kind.choices)
    number = models.CharField(_("số"), max_length=20, blank=True, help_text=_("Phần số của ký hiệu, ví dụ: 25."))
    symbol = models.CharField(
        _("số, ký hiệu"),
        max_length=64,
        help_text=_("Viết chuẩn, ví dụ: 25-NQ/TW, 2765/QĐ-UBND, 30/2020/NĐ-CP."),
    )
    slug = models.SlugField(_("đường dẫn"), max_length=255, unique=True, blank=True)
    issuer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True, help_text=_("Nhập theo dạng ngày/tháng/năm, ví dụ 03/06/2013."))
    issue_year = models.PositiveSmallIntegerField(
        _("năm ban hành"),
        null=True,
        blank=True,
        help_text=_("Tự điền từ ngày ban hành; nhập riêng khi chỉ biết năm. Số ký hiệu cùng năm là duy nhất."),
    )
    term = models.CharField(_("khóa"), max_length=16, blank=True, help_text=_("Khóa của cấp ủy ban hành, ví dụ: XI."))
    subject = models.TextField(_("trích yếu"), blank=True)
    popular_names = models.TextField(
        _("tên thường gọi"), blank=True, help_text=_("Mỗi dòng một tên, ví dụ: Nghị quyết Trung ương 7 (khóa XI).")
    )
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = models.TextField(
        _("toàn văn"),
        blank=True,
        help_text=_("Nội dung đầy đủ của văn bản, chép từ bản chính thức. Được làm sạch khi lưu như nội dung bài viết và được tìm kiếm."),
    )
    source_url = models.URLField(
        _("nguồn chính thức"),
        max_length=500,
        blank=True,
        help_text=_("Địa chỉ văn bản trên cổng thông tin của cơ quan ban hành hoặc cơ sở dữ liệu văn bản."),
    )
    signer = models.CharField(
        _("người ký"), max_length=255, blank=True, help_text=_("Họ tên và chức vụ, ví dụ: Nguyễn Phú Trọng, Tổng Bí thư.")
    )
    effective_on = models.DateField(
        _("ngày hiệu lực"), null=True, blank=True, help_text=_("Để trống nếu văn bản có hiệu lực từ ngày ký hoặc chưa rõ.")
    )
    expires_on = models.DateField(
        _("ngày hết hiệu lực"),
        null=True,
        blank=True,
        help_text=_("Chỉ điền khi văn bản hết hiệu lực vào một ngày nhất định. Văn bản bị thay thế được nhận ra từ quan hệ “thay thế”."),
    )
    needs_review = models.BooleanField(
        _("cần rà soát"), default=False, help_text=_("Văn bản do công cụ nhập bài tạo ra, chưa được kiểm tra thông tin.")
    )
    related = models.ManyToManyField(
        "self", verbose_name=_("văn bản liên quan"), through="DocumentRelation", symmetrical=False, related_name="+", blank=True
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = [models.F("issued_on").desc(nulls_last=True), vi_order("symbol")]
        constraints = [
            models.UniqueConstraint(
                fields=["symbol", "issue_year"],
                name="document_symbol_year_unique",
                violation_error_message=_("Đã có văn bản cùng số, ký hiệu trong năm này."),
            ),
            models.UniqueConstraint(
                fields=["symbol"],
                condition=Q(issue_year__isnull=True),
                name="document_symbol_unique_without_year",
                violation_error_message=_("Đã có văn bản cùng số, ký hiệu chưa rõ năm ban hành."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(effective_on__isnull=True) | Q(expires_on__gte=models.F("effective_on")),
                name="document_validity_range",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày hiệu lực."),
            ),
        ]
        indexes = [
            models.Index(fields=["number"], name="document_number_idx"),
            # The home page's most cited documents.
            models.Index(fields=["-published_article_count", "symbol"], name="document_most_cited_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.symbol}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.symbol = normalize_symbol(self.symbol)
        if self.issued_on and self.issue_year and self.issued_on.year != self.issue_year:
            raise ValidationError({"issue_year": _("Năm ban hành không khớp với ngày ban hành.")})

    def save(self, *args, **kwargs) -> None:
        self.symbol = normalize_symbol(self.symbol)
        if self.issued_on:
            self.issue_year = self.issued_on.year
        if not self.number:
            self.number = symbol_number(self.symbol)
        self.popular_names = "\n".join(split_lines(self.popular_names))
        self.term, self.subject, self.summary = normalize_line(self.term), normalize(self.subject), normalize(self.summary)
        self.signer = normalize_line(self.signer)
        self.body = sanitize_html(self.body)
        if not self.slug:
            text = self.symbol if self.issue_year is None else f"{self.symbol} {self.issue_year}"
            self.slug = slug_for(self, text, "van-ban")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("organizations:document_detail", kwargs={"slug": self.slug})

    @property
    def popular_name_list(self) -> list[str]:
        return split_lines(self.popular_names)

    @property
    def title(self) -> str:
        """ "Nghị quyết 25-NQ/TW về tăng cường …" — what a reader sees as the heading."""
        return f"{self.get_kind_display()} {self.symbol} {self.subject}".strip()

    def _replacing(self) -> list[DocumentRelation]:
        if hasattr(self, "replacing_relations"):  # DocumentQuerySet.with_validity()
            return self.replacing_relations
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "incoming_relations" in cache:  # the document page prefetches every relation
            return [r for r in cache["incoming_relations"] if r.kind == DocumentRelation.Kind.REPLACES]
        return list(self.incoming_relations.filter(kind=DocumentRelation.Kind.REPLACES).select_related("source"))

    @property
    def validity(self) -> Validity:
        """Derived, never typed in: a "thay thế" relation pointing here, then the expiry date."""
        replacing = self._replacing()
        today = timezone.localdate()
        if replacing:
            symbols = ", ".join(r.source.symbol for r in replacing)
            return Validity("replaced", _("Được thay thế bởi %(symbols)s") % {"symbols": symbols}, tuple(r.source for r in replacing))
        if self.expires_on and self.expires_on <= today:
            return Validity("expired", _("Hết hiệu lực từ %(date)s") % {"date": self.expires_on.strftime("%d/%m/%Y")})
        if self.effective_on and self.effective_on > today:
            return Validity("not_yet", _("Có hiệu lực từ %(date)s") % {"date": self.effective_on.strftime("%d/%m/%Y")})
        return Validity("valid", _("Còn hiệu lực"))


def normalize_symbol(symbol: str | None) -> str:
    """Canonical form of a document symbol: no spaces, ASCII hyphen, upper-case letters.

    "25 - NQ/TW", "25–nq/tw" and "25-NQ / TW" all become "25-NQ/TW"; "đ" stays "Đ".
    """
    text = normalize_line(symbol)
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
        text = text.replace(dash, "-")
    return "".join(text.split()).upper()


def symbol_number(symbol: str) -> str:
    """The leading number of a symbol: "25-NQ/TW" → "25", "30/2020/NĐ-CP" → "30"."""
    digits = []
    for char in symbol:
        if not char.isdigit():
            break
        digits.append(char)
    return "".join(digits).lstrip("0") or "".join(digits)


class DocumentRelation(models.Model):
    class Kind(models.TextChoices):
        IMPLEMENTS = "implements", _("triển khai thực hiện")
        GUIDES = "guides", _("hướng dẫn thực hiện")
        CONTINUES = "continues", _("tiếp tục thực hiện")
        REPLACES = "replaces", _("thay thế")
        AMENDS = "amends", _("sửa đổi, bổ sung")

    # How the relation reads from the other end, on the target document's page.
    INVERSE_LABELS = {
        Kind.IMPLEMENTS: _("được triển khai bởi"),
        Kind.GUIDES: _("được hướng dẫn bởi"),
        Kind.CONTINUES: _("được tiếp tục bởi"),
        Kind.REPLACES: _("bị thay thế bởi"),
        Kind.AMENDS: _("được sửa đổi, bổ sung bởi"),
    }

    source = models.ForeignKey(Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="outgoing_relations")
    kind = models.CharField(_("quan hệ"), max_length=16, choices=Kind.choices)
    target = models.ForeignKey(
        Document, verbose_name=_("văn bản được nhắc tới"), on_delete=models.CASCADE, related_name="incoming_relations"
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quan hệ văn bản")
        verbose_name_plural = _("quan hệ văn bản")
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "target"], name="document_relation_unique"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")),
                name="document_relation_not_self",
                violation_error_message=_("Văn bản không thể liên quan tới chính nó."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.symbol} {self.get_kind_display()} {self.target.symbol}"

    def save(self, *args, **kwargs) -> None:
        self.note = normalize_line(self.note)
        super().save(*args, **kwargs)

    @property
    def inverse_label(self) -> str:
        return str(self.INVERSE_LABELS[self.kind])
