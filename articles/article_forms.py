"""The article form's parts: the photo inline (alt text required to publish) and the form
that carries the version the editor opened, so a save over someone else's is refused."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from tinymce.widgets import TinyMCE

from newsroom.names import full_name

from . import library_admin, workflow
from .models import Article, Photo


class PhotoInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.status != Article.Status.PUBLISHED:
            return
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            library = data.get("library_image")
            if data.get("DELETE") or not (data.get("image") or library or form.instance.image):
                continue
            alt_text = data.get("alt_text") or (library and library.alt_text)  # left blank: the library's is used
            if workflow.lacks_alt_text(data.get("image") or library or form.instance.image, alt_text):
                form.add_error("alt_text", _("Bài xuất bản cần mô tả ảnh cho người khiếm thị (văn bản thay thế)."))


class PhotoInline(admin.StackedInline):
    model = Photo
    formset = PhotoInlineFormSet
    extra = 0
    fields = [
        ("library_thumbnail", "library_image", "image"),
        ("original_name", "order", "after_paragraph"),
        "caption",
        ("credit", "alt_text"),
    ]
    # The file is stored under a random name; original_name is the one it was uploaded with.
    readonly_fields = ["original_name", "library_thumbnail"]
    autocomplete_fields = ["library_image"]  # the media library (articles/library_admin.py)

    @admin.display(description=_("ảnh"))
    def library_thumbnail(self, obj: Photo):
        return library_admin.thumbnail(obj.library_image if obj.pk else None)


class ArticleAdminForm(forms.ModelForm):
    """Carries the version the editor opened, so a save over someone else's is refused."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = "__all__"
        widgets = {"body": TinyMCE()}
        # A typed "baodanvan.vn/..." means https, as it will in Django 6.
        formfield_callback = staticmethod(
            lambda field, **kw: field.formfield(**({"assume_scheme": "https"} | kw) if field.name == "source_url" else kw)
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        loaded = parse_datetime(self.data.get("loaded_version") or "") if self.instance.pk else None
        if loaded is not None:
            current = Article.objects.filter(pk=self.instance.pk).select_related("updated_by").only("updated_at", "updated_by").first()
            if current and current.updated_at != loaded:
                when = timezone.localtime(current.updated_at).strftime("%H:%M:%S %d/%m/%Y")
                who = full_name(current.updated_by) or _("người khác")
                raise ValidationError(
                    _(
                        "Bài viết đã được %(who)s sửa lúc %(when)s, sau khi bạn mở. Bản của bạn chưa được lưu và vẫn ở "
                        "trong biểu mẫu này: xem bên dưới những gì đã khác, chọn bản giữ lại cho từng mục rồi lưu."
                    ),
                    code="stale",
                    params={"who": who, "when": when},
                )
        return cleaned
