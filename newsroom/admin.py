"""The newsroom's versions of the admin pages other apps ship: tags (django-taggit), users and groups."""

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin, UserChangeForm
from django.contrib.auth.models import Group
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from search.admin_search import FoldedSearchMixin

from .names import full_name, split_full_name
from .tags import TagForm


class TagAdmin(FoldedSearchMixin, TaggitTagAdmin):
    form = TagForm

    @admin.action(description=_("Gộp các từ khóa đã chọn"))
    def render_tag_form(self, request, queryset):  # taggit names its action in English only
        return super().render_tag_form(request, queryset)


# Permission names are written to the database in English ("Can add bài viết") when a model
# is first migrated; the admin's permission lists show them in Vietnamese instead.
ACTIONS = {"add": _("Thêm"), "change": _("Sửa"), "delete": _("Xóa"), "view": _("Xem")}


def permission_label(permission) -> str:
    content_type = permission.content_type
    model = content_type.model_class()
    model_name = model._meta.verbose_name if model else content_type.model
    app_name = apps.get_app_config(content_type.app_label).verbose_name if apps.is_installed(content_type.app_label) else ""
    action, _sep, codename_model = permission.codename.partition("_")
    name = f"{ACTIONS[action]} {model_name}" if action in ACTIONS and codename_model == content_type.model else permission.name
    return " | ".join(str(part) for part in (app_name, model_name, name) if part)


class VietnamesePermissions:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            formfield.label_from_instance = permission_label
        return formfield


class NewsroomUserChangeForm(UserChangeForm):
    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=300, required=False, help_text=_("Họ, tên đệm rồi tên, ví dụ: Nguyễn Văn Minh.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["full_name"].initial = " ".join(p for p in (self.instance.last_name, self.instance.first_name) if p)

    def save(self, commit=True):
        self.instance.first_name, self.instance.last_name = split_full_name(self.cleaned_data.get("full_name", ""))
        return super().save(commit)


class NewsroomPasswordChangeForm(AdminPasswordChangeForm):
    """Django glues its warning to the help text in English, past the reach of translation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "usable_password" in self.fields:
            self.fields["usable_password"].help_text = format_html(
                '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
                SetUnusablePasswordMixin.usable_password_help_text,
                _("If disabled, the current password for this user will be lost."),
            )


class UserAdmin(VietnamesePermissions, FoldedSearchMixin, DjangoUserAdmin):
    form = NewsroomUserChangeForm
    change_password_form = NewsroomPasswordChangeForm
    list_display = ["username", "display_name", "email", "is_staff", "is_active"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Thông tin cá nhân"), {"fields": ["full_name", "email"]}),
        (_("Quyền"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Mốc thời gian"), {"fields": ["last_login", "date_joined"]}),
    ]
    ordering = ["last_name", "first_name", "username"]

    @admin.display(description=_("họ và tên"), ordering="first_name")
    def display_name(self, obj) -> str:
        return full_name(obj)


class GroupAdmin(VietnamesePermissions, FoldedSearchMixin, DjangoGroupAdmin):
    pass


admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)
admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)
