from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from tinymce.widgets import TinyMCE

from editing.admin import EditingMixin

from .models import LinkedSite, Page, SiteSettings


class WideFields:
    """Long lines (a licence, an address, a web address) in wide boxes; a typed
    "dangcongsan.vn" means https, as it will in Django 6 (as in articles.admin)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.CharField) and db_field.max_length and db_field.max_length >= 200 and not db_field.choices:
            field.widget.attrs["class"] = "vLargeTextField"
            field.widget.attrs["style"] = "height:auto"
        return field


@admin.register(SiteSettings)
class SiteSettingsAdmin(WideFields, admin.ModelAdmin):
    """One row: the list opens it directly; it is never added twice nor deleted."""

    fieldsets = [
        (None, {"fields": ["name", "slogan", "logo"]}),
        (_("Thông tin bắt buộc ở cuối trang"), {"fields": ["owning_agency", "responsible_person", "licence"]}),
        (_("Liên hệ"), {"fields": ["address", "phone", "email"]}),
        (_("Mạng xã hội"), {"fields": ["facebook_url", "zalo_url", "youtube_url"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        row = SiteSettings.objects.first()
        if row is not None and self.has_view_or_change_permission(request, row):
            return HttpResponseRedirect(reverse("admin:portal_sitesettings_change", args=[row.pk]))
        return super().changelist_view(request, extra_context)


def can_publish_pages(user) -> bool:
    return user.has_perm("portal.publish_page")


class PageAdminForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = "__all__"
        widgets = {"body": TinyMCE()}


@admin.register(Page)
class PageAdmin(EditingMixin, WideFields, VersionAdmin):
    """Pages keep every saved version (history, revert). Only those who may publish pages
    publish them or touch a published one; others write drafts for them to review."""

    form = PageAdminForm
    # No list_editable: changing a published page's order from the list would bypass the rule below.
    list_display = ["indented_title", "status", "placement", "order", "updated_at"]
    list_filter = ["status", "placement"]
    list_select_related = ["parent"]
    search_fields = ["title", "slug", "body"]
    fields = ["title", "slug", "body", ("status", "placement"), ("parent", "order")]

    def get_ordering(self, request):
        # As the site shows them: each top page, then the pages under it, each in its order.
        return [
            Coalesce("parent__order", "order").asc(),
            Coalesce("parent_id", "id").asc(),
            F("parent_id").asc(nulls_first=True),
            "order",
            "title",
        ]

    @admin.display(description=_("tiêu đề"), ordering="title")
    def indented_title(self, obj: Page):
        return format_html("— {}", obj.title) if obj.parent_id else obj.title

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.status != Page.Status.PUBLISHED or can_publish_pages(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status != Page.Status.PUBLISHED or can_publish_pages(request.user))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "status" in form.base_fields and not can_publish_pages(request.user):
            form.base_fields["status"].choices = [(Page.Status.DRAFT, Page.Status.DRAFT.label)]
            form.base_fields["status"].help_text = _("Bạn viết bản nháp; biên tập viên xuất bản trang.")
        return form

    def save_model(self, request, obj: Page, form, change: bool) -> None:
        if obj.status == Page.Status.PUBLISHED and not can_publish_pages(request.user):
            raise PermissionDenied  # the form's choices refuse it already; this guards other paths
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(LinkedSite)
class LinkedSiteAdmin(WideFields, admin.ModelAdmin):
    list_display = ["title", "position", "order", "shown_from", "shown_until", "shown_now", "has_image"]
    list_editable = ["order"]
    list_filter = ["position"]
    search_fields = ["title", "url"]
    fields = ["title", "url", "image", ("position", "order"), ("shown_from", "shown_until")]

    @admin.display(description=_("đang hiện"), boolean=True)
    def shown_now(self, obj: LinkedSite) -> bool:
        return obj.is_shown_on(timezone.localdate())

    @admin.display(description=_("banner"))
    def has_image(self, obj: LinkedSite):
        return format_html("{}×{}", obj.image_width, obj.image_height) if obj.image else "—"


from . import gallery_admin  # noqa: E402, F401  (albums and videos register themselves)
