"""The media library in the admin: thumbnails, search without diacritics, several uploads
at once with progress (static/js/media_upload.js), where each image is used."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import photos, uploads
from .library import MediaImage


def thumbnail(image: MediaImage | None, size: int = 96):
    if image is None or not image.image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" style="height:auto;max-height:{}px;object-fit:cover" loading="lazy">',
        image.thumbnail_url,
        image.alt_text,
        size,
        size,
    )


class UploaderMedia:
    """What a page with the several-files uploader needs (a static file: the CSP allows no inline script)."""

    class Media:
        js = ["js/media_upload.js"]
        css = {"all": ["admin-extra/media_library.css"]}


@admin.register(MediaImage)
class MediaImageAdmin(UploaderMedia, admin.ModelAdmin):
    change_list_template = "admin/articles/mediaimage/change_list.html"
    list_display = ["thumb", "describe", "credit", "size", "uploaded_at", "uploaded_by"]
    list_display_links = ["thumb", "describe"]
    list_select_related = ["uploaded_by"]
    search_fields = ["search_text"]  # folded; the query is folded too (get_search_results)
    date_hierarchy = "uploaded_at"
    fields = ["preview", "image", "caption", "credit", "alt_text", "original_name", "size", "uploaded_at", "uploaded_by", "used_in"]
    readonly_fields = ["preview", "original_name", "size", "uploaded_at", "uploaded_by", "used_in"]
    list_per_page = 60

    def changelist_view(self, request, extra_context=None):
        context = {"upload_max_bytes": photos.MAX_BYTES, "upload_max_mb": photos.MAX_BYTES // 1024 // 1024, **(extra_context or {})}
        return super().changelist_view(request, context)

    def get_search_results(self, request, queryset, search_term):
        return queryset.matching(search_term), False

    def save_model(self, request, obj: MediaImage, form, change: bool) -> None:
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(uploads.upload_image), name="articles_mediaimage_upload"),
            path("browse/", wrap(uploads.browse_images), name="articles_mediaimage_browse"),
            *super().get_urls(),
        ]

    @admin.display(description=_("ảnh"))
    def thumb(self, obj: MediaImage):
        return thumbnail(obj)

    @admin.display(description=_("ảnh"))
    def preview(self, obj: MediaImage):
        return thumbnail(obj, 400)

    @admin.display(description=_("chú thích, mô tả"))
    def describe(self, obj: MediaImage):
        return format_html("{}<br><small>{}</small>", obj.caption[:120] or obj.original_name, obj.alt_text or _("(chưa có mô tả)"))

    @admin.display(description=_("kích thước"))
    def size(self, obj: MediaImage):
        return format_html("{}×{}", obj.width, obj.height) if obj.width else "—"

    @admin.display(description=_("nơi dùng ảnh này"))
    def used_in(self, obj: MediaImage):
        uses = obj.usages() if obj.pk else []
        if not uses:
            return _("Chưa dùng ở đâu.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li>{}: <a href="{}">{}</a> ({})</li>',
                ((use.kind, use.admin_url, use.title, _("công khai") if use.public else _("chưa công khai")) for use in uses),
            ),
        )
