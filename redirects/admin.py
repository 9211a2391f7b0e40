"""Editors keep the old addresses here: every one the importer recorded, their own
(old category path → section, old tag → tag, any page), and the report of old addresses
readers asked for that lead nowhere yet, each with a link that starts mapping it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from danvan.text import fold

from .models import MissedAddress, OldAddress


class FoldedSearchMixin:
    """Search without diacritics: "dan van kheo" finds an address or target written "Dân vận khéo"."""

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        words = fold(search_term).split()
        condition = Q()
        for word in words:
            condition &= Q(search_key__icontains=word)
        return queryset.filter(condition), False


@admin.register(OldAddress)
class OldAddressAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["old_url", "host_display", "target_display", "origin", "updated_at"]
    list_filter = ["origin", ("host", admin.AllValuesFieldListFilter)]
    list_select_related = ["article", "section", "tag"]
    search_fields = ["search_key"]
    search_help_text = _("Tìm theo địa chỉ cũ hoặc đích, gõ có dấu hay không dấu đều được.")
    autocomplete_fields = ["article", "section", "tag"]
    readonly_fields = ["key", "origin", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["old_url", "host", "key"]}),
        (_("Chuyển đến (chọn một)"), {"fields": ["article", "section", "tag", "target_path"]}),
        (_("Ghi chép"), {"fields": ["origin", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("tên miền cũ"), ordering="host")
    def host_display(self, obj: OldAddress) -> str:
        return obj.host or _("(mọi tên miền)")

    @admin.display(description=_("chuyển đến"))
    def target_display(self, obj: OldAddress):
        return format_html('<a href="{}">{}</a>', obj.target_url(), obj.target_label())


@admin.register(MissedAddress)
class MissedAddressAdmin(admin.ModelAdmin):
    """The report: old addresses asked for that lead nowhere, the most asked-for first."""

    list_display = ["example", "hits", "last_seen", "first_seen", "map_link"]
    search_fields = ["example", "key"]
    search_help_text = _("Các địa chỉ cũ bạn đọc đã hỏi mà chưa chuyển được đến đâu; tạo chuyển hướng để chúng rời khỏi danh sách.")
    readonly_fields = ["host", "key", "example", "hits", "first_seen", "last_seen"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("chuyển hướng"))
    def map_link(self, obj: MissedAddress):
        query = urlencode({"old_url": obj.key, "host": obj.host})
        return format_html('<a href="{}?{}">{}</a>', reverse("admin:redirects_oldaddress_add"), query, _("Tạo chuyển hướng"))
