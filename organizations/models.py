"""Who acts and what they decide: bodies, the documents they issue, exemplary models."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.collation import PATH_SEPARATOR, sort_key_string, vi_order
from danvan.html import sanitize_html
from danvan.text import normalize, normalize_line, split_lines, unique_slug


class Level(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Huyện, quận")
    COMMUNE = "commune", _("Xã, phường")
    GRASSROOTS = "grassroots", _("Cơ sở")
    ANY = "any", _("Nhiều cấp")


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        abstract = True


def _slug_for(instance: models.Model, text: str, fallback: str) -> str:
    """``fallback``: the slug's stem when ``text`` has no letter or digit to make one of ("…")."""
    manager = type(instance)._default_manager
    return unique_slug(text, lambda s: manager.filter(slug=s).exclude(pk=instance.pk).exists(), fallback=fallback)


class OrganizationQuerySet(models.QuerySet):
    def with_tree(self) -> OrganizationQuerySet:
        return self.select_related("parent", "parent__parent", "successor")


class Organization(TimestampedModel):
    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("Cấp ủy, đảng bộ")
        PARTY_BOARD = "party_board", _("Ban, cơ quan của Đảng")
        FRONT = "front", _("Mặt trận Tổ quốc")
        MASS_ORGANIZATION = "mass_organization", _("Đoàn thể chính trị - xã hội")
        STATE_AGENCY = "state_agency", _("Cơ quan nhà nước")
        PEOPLES_COUNCIL = "peoples_council", _("Hội đồng nhân dân")
        PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
        UNIT = "unit", _("Đơn vị, doanh nghiệp")
        LOCALITY = "locality", _("Địa phương")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên chính thức"), max_length=255, help_text=_("Tên đầy đủ, ví dụ: Ban Dân vận Tỉnh ủy Quảng Ninh."))
    slug = models.SlugField(_("đường dẫn"), max_length=255, unique=True, blank=True, help_text=_("Tự tạo từ tên nếu để trống."))
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True, help_text=_("Ví dụ: BDV Tỉnh ủy, MTTQ."))
    aliases = models.TextField(
        _("tên gọi khác"),
        blank=True,
        help_text=_("Mỗi dòng một cách gọi dùng trong bài viết, ví dụ: Đảng ủy Khối. Dùng để nhận diện khi nhập bài."),
    )
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices, default=Level.CENTRAL)
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    locality = models.CharField(_("địa phương"), max_length=120, blank=True, help_text=_("Tỉnh, huyện, xã nơi tổ chức đóng."))
    active_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    active_until = models.DateField(_("hoạt động đến"), null=True, blank=True, help_text=_("Để trống nếu còn hoạt động."))
    successor = models.ForeignKey(
        "self",
        verbose_name=_("tổ chức kế thừa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text=_("Tổ chức nhận lại chức năng sau khi sáp nhập, đổi tên hoặc giải thể."),
    )
    description = models.TextField(_("giới thiệu"), blank=True)
    tree_path = models.CharField(
        _("vị trí trong cây"),
        max_length=2000,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Khóa sắp xếp theo thứ tự chữ cái tiếng Việt của các cấp trên và của tổ chức, để sắp xếp theo cây."),
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức, cơ quan")
        ordering = [vi_order("name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_from__isnull=True) | Q(active_until__gte=models.F("active_from")),
                name="organization_active_range",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu hoạt động."),
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="organization_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.name = normalize_line(self.name)
        self.short_name = normalize_line(self.short_name)
        self.aliases = "\n".join(split_lines(self.aliases))
        self.description = normalize(self.description)
        # A parent chain that comes back to this body would make the tree a loop.
        node, seen = self.parent, set()
        while node is not None and node.pk not in seen:
            if self.pk and node.pk == self.pk:
                raise ValidationError({"parent": _("Không thể chọn chính tổ chức này hoặc cấp dưới của nó làm cấp trên.")})
            seen.add(node.pk)
            node = node.parent
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("Tổ chức không thể kế thừa chính nó.")})

    def save(self, *args, **kwargs) -> None:
        self.name = normalize_line(self.name)
        self.short_name = normalize_line(self.short_name)
        self.locality = normalize_line(self.locality)
        self.description = normalize(self.description)
        if not self.slug:
            self.slug = _slug_for(self, self.name, "to-chuc")
        old_path = self.tree_path
        self.tree_path = self._compute_tree_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.tree_path:
            self._refresh_descendant_paths()

    def _compute_tree_path(self) -> str:
        # Each level is its name's Vietnamese sort key; the separator sorts below every
        # character of a key but above a key's end, so a body comes right before its
        # children and siblings in alphabetical order (compared byte by byte: BinaryOrder).
        return PATH_SEPARATOR.join([*(sort_key_string(a.name) for a in self.ancestors()), sort_key_string(self.name)])[:2000]

    def _refresh_descendant_paths(self) -> None:
        """After a rename or a move, the bodies below get their new place in the tree."""
        level, seen = list(self.children.all()), {self.pk}
        while level:
            next_level = []
            for child in level:
                if child.pk in seen:
                    continue
                seen.add(child.pk)
                child.tree_path = child._compute_tree_path()
                Organization.objects.filter(pk=child.pk).update(tree_path=child.tree_path)
                next_level.extend(child.children.all())
            level = next_level

    def get_absolute_url(self) -> str:
        return reverse("organizations:organization_detail", kwargs={"slug": self.slug})

    @property
    def depth(self) -> int:
        return self.tree_path.count(PATH_SEPARATOR)

    @property
    def alias_list(self) -> list[str]:
        return split_lines(self.aliases)

    @property
    def names(self) -> list[str]:
        """Every form the body goes by in text: name, short name, aliases."""
        return [n for n in dict.fromkeys([self.name, self.short_name, *self.alias_list]) if n]

    @property
    def is_active(self) -> bool:
        from django.utils import timezone

        return self.active_until is None or self.active_until >= timezone.localdate()

    def ancestors(self) -> list[Organization]:
        """Parents from the root down to the direct parent (loops are cut)."""
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return list(reversed(chain))

    @property
    def path(self) -> str:
        return " › ".join([*(a.name for a in self.ancestors()), self.name])


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


class Document(TimestampedModel):
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
        Organization, verbose_name=_("cơ quan ban hành"), null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
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
        indexes = [models.Index(fields=["number"], name="document_number_idx")]

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
            self.slug = _slug_for(self, text, "van-ban")
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


class Exemplar(TimestampedModel):
    class Kind(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")
        MODEL = "model", _("Mô hình")

    class Field(models.TextChoices):
        ECONOMY = "economy", _("Kinh tế")
        CULTURE_SOCIETY = "culture_society", _("Văn hóa - xã hội")
        HEALTH = "health", _("Y tế")
        EDUCATION = "education", _("Giáo dục")
        DEFENCE_SECURITY = "defence_security", _("Quốc phòng - an ninh")
        PARTY_BUILDING = "party_building", _("Xây dựng Đảng, hệ thống chính trị")
        ADMINISTRATION = "administration", _("Cải cách hành chính, dân vận chính quyền")
        NEW_RURAL = "new_rural", _("Xây dựng nông thôn mới")
        ENVIRONMENT = "environment", _("Môi trường")
        OTHER = "other", _("Lĩnh vực khác")

    name = models.CharField(_("tên mô hình, điển hình"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=255, unique=True, blank=True)
    aliases = models.TextField(_("tên gọi khác"), blank=True, help_text=_("Mỗi dòng một cách gọi trong bài viết."))
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.SET_NULL, related_name="exemplars"
    )
    field = models.CharField(_("lĩnh vực"), max_length=32, choices=Field.choices, default=Field.OTHER)
    level = models.CharField(_("cấp công nhận"), max_length=16, choices=Level.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("năm công nhận"), null=True, blank=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("mô hình “Dân vận khéo”")
        verbose_name_plural = _("mô hình “Dân vận khéo”")
        ordering = [models.F("year").desc(nulls_last=True), "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1945, year__lte=2100),
                name="exemplar_year_range",
                violation_error_message=_("Năm công nhận không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = normalize_line(self.name)
        self.aliases = "\n".join(split_lines(self.aliases))
        self.description = normalize(self.description)
        if not self.slug:
            self.slug = _slug_for(self, self.name, "mo-hinh")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("organizations:exemplar_detail", kwargs={"slug": self.slug})

    @property
    def names(self) -> list[str]:
        return [n for n in dict.fromkeys([self.name, *split_lines(self.aliases)]) if n]


from .files import DocumentFile  # noqa: E402  (a model of this app, in its own module)
