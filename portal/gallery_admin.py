"""Albums and videos in the admin. Many photos at once: the library's uploader on the album
form (static/js/media_upload.js) sends each file to the library and notes its id; on save
the album gets those images as its photos, in the order they were chosen."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from articles.library import MediaImage
from articles.library_admin import UploaderMedia, thumbnail
from articles.photos import MAX_BYTES

from .gallery import Album, AlbumPhoto, Status, Video


class PublishRule:
    """Only those with ``publish_permission`` publish, or touch what is published; others write drafts."""

    publish_permission = ""

    def may_publish(self, request) -> bool:
        return request.user.has_perm(self.publish_permission)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.status != Status.PUBLISHED or self.may_publish(request))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status != Status.PUBLISHED or self.may_publish(request))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "status" in form.base_fields and not self.may_publish(request):
            form.base_fields["status"].choices = [(Status.DRAFT, Status.DRAFT.label)]
            form.base_fields["status"].help_text = _("Bạn viết bản nháp; biên tập viên xuất bản.")
        return form

    def save_model(self, request, obj, form, change: bool) -> None:
        if obj.status == Status.PUBLISHED and not self.may_publish(request):
            raise PermissionDenied  # the form's choices refuse it already; this guards other paths
        super().save_model(request, obj, form, change)


class AlbumPhotoInline(admin.TabularInline):
    model = AlbumPhoto
    extra = 0
    fields = ["preview", "image", "caption", "credit", "alt_text", "order"]
    readonly_fields = ["preview"]
    autocomplete_fields = ["image"]

    @admin.display(description=_("ảnh"))
    def preview(self, obj: AlbumPhoto):
        return thumbnail(obj.image if obj.pk else None, 80)


class AlbumForm(forms.ModelForm):
    new_images = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Album
        fields = "__all__"

    def clean_new_images(self) -> list[MediaImage]:
        ids = [int(part) for part in self.cleaned_data["new_images"].split(",") if part.strip().isdigit()]
        found = MediaImage.objects.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


@admin.register(Album)
class AlbumAdmin(PublishRule, UploaderMedia, admin.ModelAdmin):
    form = AlbumForm
    publish_permission = "portal.publish_album"
    change_form_template = "admin/portal/album/change_form.html"
    list_display = ["cover_thumb", "title", "date", "status", "photo_count"]
    list_display_links = ["cover_thumb", "title"]
    list_filter = ["status"]
    list_select_related = ["cover"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["cover", "articles"]
    fields = ["title", "slug", "description", ("date", "status"), "cover", "articles", "new_images"]
    inlines = [AlbumPhotoInline]
    date_hierarchy = "date"

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(num_photos=Count("photos")).order_by("-date", "-pk")

    def render_change_form(self, request, context, *args, **kwargs):
        context.update(upload_max_bytes=MAX_BYTES, upload_max_mb=MAX_BYTES // 1024 // 1024, uploader_target="id_new_images")
        return super().render_change_form(request, context, *args, **kwargs)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        album = form.instance
        start = (album.photos.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        for offset, image in enumerate(form.cleaned_data.get("new_images") or []):
            AlbumPhoto.objects.create(album=album, image=image, order=start + offset)
        album.set_cover_from_photos()

    @admin.display(description=_("ảnh bìa"))
    def cover_thumb(self, obj: Album):
        return thumbnail(obj.cover, 80)

    @admin.display(description=_("số ảnh"), ordering="num_photos")
    def photo_count(self, obj: Album):
        return obj.num_photos


@admin.register(Video)
class VideoAdmin(PublishRule, admin.ModelAdmin):
    publish_permission = "portal.publish_video"
    list_display = ["poster_thumb", "title", "date", "status", "source"]
    list_display_links = ["poster_thumb", "title"]
    list_filter = ["status"]
    list_select_related = ["poster"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["poster", "articles"]
    fields = ["title", "slug", "description", ("date", "status"), "file", "link", "poster", "articles"]

    @admin.display(description=_("ảnh đại diện"))
    def poster_thumb(self, obj: Video):
        return thumbnail(obj.poster, 80)

    @admin.display(description=_("nguồn"))
    def source(self, obj: Video):
        embed = obj.embed
        return _("Tệp tải lên") if obj.file else {"youtube": "YouTube", "facebook": "Facebook"}.get(embed[0] if embed else "", "—")
