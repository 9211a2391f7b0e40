"""Who acts and what they decide: bodies, the documents they issue, exemplary models.

Documents live in ``documents.py`` and their files in ``files.py``; both are imported here,
the app's models module.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.collation import PATH_SEPARATOR, sort_key_string, vi_order
from danvan.text import normalize, normalize_line, split_lines

from .base import CitedByArticles, Level, TimestampedModel, slug_for
from .documents import Document, DocumentQuerySet, DocumentRelation, Validity, normalize_symbol, symbol_number
from .files import DocumentFile

__all__ = [
    "Document",
    "DocumentFile",
    "DocumentQuerySet",
    "DocumentRelation",
    "Exemplar",
    "Level",
    "Organization",
    "Validity",
    "normalize_symbol",
    "symbol_number",
]


class OrganizationQuerySet(models.QuerySet):
    def with_tree(self) -> OrganizationQuerySet:
        return self.select_related("parent", "parent__parent", "successor")


class Organization(CitedByArticles, TimestampedModel):
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
            self.slug = slug_for(self, self.name, "to-chuc")
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


class Exemplar(CitedByArticles, TimestampedModel):
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
        # The home page's most cited models.
        indexes = [models.Index(fields=["-published_article_count"], name="exemplar_most_cited_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = normalize_line(self.name)
        self.aliases = "\n".join(split_lines(self.aliases))
        self.description = normalize(self.description)
        if not self.slug:
            self.slug = slug_for(self, self.name, "mo-hinh")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("organizations:exemplar_detail", kwargs={"slug": self.slug})

    @property
    def names(self) -> list[str]:
        return [n for n in dict.fromkeys([self.name, *split_lines(self.aliases)]) if n]
