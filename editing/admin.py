"""The editing comforts of the article form, as a mixin for its ModelAdmin.

Autosave (a private draft per person and form), presence (who else has it open), a stale
save settled field by field (editing/merge.py), and a preview of the unsaved form
(editing/preview.py). The pages themselves only include ``editing/_form_bar.html``.
"""

from __future__ import annotations

import functools

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.translation import gettext as _

from danvan.html import sanitize_html

from . import merge, presence
from .models import Autosave

# The fields the form posts that a stale save compares, in the order the panel shows them.
MERGE_FIELDS = [
    "title",
    "slug",
    "lead",
    "body",
    "section",
    "tags",
    "byline",
    "source",
    "source_url",
    "documents",
    "organizations",
    "exemplars",
    "featured",
]


def saved_label(when) -> str:
    """ "10:42" today, "10:42 ngày 01/12/2026" another day (the newsroom's time zone)."""
    local = timezone.localtime(when)
    if local.date() == timezone.localdate():
        return local.strftime("%H:%M")
    return _("%(time)s ngày %(date)s") % {"time": local.strftime("%H:%M"), "date": local.strftime("%d/%m/%Y")}


def _stale(form) -> bool:
    return any(error.code == "stale" for error in form.non_field_errors().as_data()) if form.is_bound else False


class EditingMixin:
    """Add to a ModelAdmin's bases, before the admin class it extends."""

    autosave_fields = ("title", "lead", "body")
    autosave_inline_fields = ("caption", "credit", "alt_text")

    @property
    def media(self):
        return super().media + forms.Media(js=["js/editing.js"], css={"all": ["admin-extra/editing.css"]})

    @property
    def editing_form(self) -> str:
        return self.opts.label_lower

    # URLs -------------------------------------------------------------------------------
    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        extra = [
            path("editing/autosave/", view(self.autosave_view), name=f"{name}_autosave"),
            path("editing/presence/", view(self.presence_view), name=f"{name}_presence"),
            path("add/preview/", view(self.preview_view), name=f"{name}_preview_new"),
            path("<path:object_id>/preview/", view(self.preview_view), name=f"{name}_preview"),
        ]
        return extra + super().get_urls()

    def _editable(self, request, object_id: str):
        """The record the request may edit (None for a new one), or PermissionDenied/404."""
        if not object_id:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def autosave_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        object_id = request.POST.get("object", "")
        self._editable(request, object_id)
        if request.POST.get("discard"):
            Autosave.objects.filter(user=request.user, form=self.editing_form, object_id=object_id).delete()
            return JsonResponse({"discarded": True})
        allowed = set(self.autosave_fields)
        data = {
            key: value
            for key, value in request.POST.items()
            if key in allowed or (key.startswith("photos-") and key.rsplit("-", 1)[-1] in self.autosave_inline_fields)
        }
        saved, _created = Autosave.objects.update_or_create(
            user=request.user, form=self.editing_form, object_id=object_id, defaults={"data": data}
        )
        return JsonResponse(
            {"saved_at": saved.saved_at.isoformat(), "message": _("Đã lưu tự động lúc %(when)s") % {"when": saved_label(saved.saved_at)}}
        )

    def presence_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        object_id = request.POST.get("object", "")
        if not object_id:
            return JsonResponse({"others": [], "message": ""})
        self._editable(request, object_id)
        if request.POST.get("leave"):
            presence.leave(self.editing_form, object_id, request.user)
            return JsonResponse({"others": [], "message": ""})
        others = presence.beat(self.editing_form, object_id, request.user)
        return JsonResponse({"others": others, "message": self.presence_message(others)})

    def presence_message(self, others: list[str]) -> str:
        if not others:
            return ""
        page = self.opts.label_lower == "portal.page"
        if len(others) == 1:
            return (_("%(name)s đang sửa trang này") if page else _("%(name)s đang sửa bài này")) % {"name": others[0]}
        names = {"names": ", ".join(others[:-1]), "last": others[-1]}
        return (_("%(names)s và %(last)s đang sửa trang này") if page else _("%(names)s và %(last)s đang sửa bài này")) % names

    def preview_view(self, request, object_id: str = ""):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        from .preview import render_preview

        obj = self._editable(request, object_id)
        return render_preview(self, request, obj)

    # The form ---------------------------------------------------------------------------
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id and request.POST.get("editing_merge_version"):
            request.POST = self._settled(request, unquote(object_id))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _settled(self, request, object_id):
        """The posted form with the editor's choices applied, if made against the saved version."""
        current = self.model._default_manager.filter(pk=object_id).first()
        version = request.POST["editing_merge_version"]
        if current is None or current.updated_at.isoformat() != version:
            return request.POST  # saved again since: the form is refused again, with the new differences
        found = self.editing_conflicts(request, current, request.POST)
        return merge.resolve(request.POST, found, version)

    def editing_conflicts(self, request, current, data) -> list[merge.Conflict]:
        form_class = self.get_form(request, current, change=True)
        fields = [name for name in MERGE_FIELDS if name in form_class.base_fields]
        loaded = parse_datetime(data.get("loaded_version") or "")
        photo_forms = []
        for inline in self.get_inline_instances(request, current):
            formset = inline.get_formset(request, current)
            prefix = formset.get_default_prefix()
            saved = {str(p.pk): p for p in formset.model._default_manager.filter(**{formset.fk.name: current})}
            for n in range(int(data.get(f"{prefix}-TOTAL_FORMS") or 0)):
                photo = saved.get(data.get(f"{prefix}-{n}-id", ""))
                if photo is not None:
                    photo_forms.append((f"{prefix}-{n}", formset.form(instance=photo, prefix=f"{prefix}-{n}")))
        return merge.conflicts(form_class, current, data, fields, merge.base_values(current, loaded), photo_forms)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if not getattr(request, "reverting", None) and not context.get("is_popup"):
            context["editing"] = self.editing_context(request, context, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def editing_context(self, request, context, obj) -> dict:
        object_id = str(obj.pk) if obj is not None else ""
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        may_edit = self.has_change_permission(request, obj) if obj is not None else self.has_add_permission(request)
        others = presence.editing_now(self.editing_form, object_id, request.user) if obj is not None else []
        result = {
            "object_id": object_id,
            "may_edit": may_edit,
            "others": others,
            "presence_message": self.presence_message(others),
            "autosave_url": reverse(f"{name}_autosave"),
            "presence_url": reverse(f"{name}_presence"),
            "preview_url": reverse(f"{name}_preview", args=[obj.pk]) if obj is not None else reverse(f"{name}_preview_new"),
        }
        form = context["adminform"].form
        result["unsaved"] = form.is_bound  # a refused save: the text in the form is not saved yet
        if may_edit and not form.is_bound:
            result["offer"] = self._autosave_offer(request, context, obj)
        if obj is not None and _stale(form):
            current = self.model._default_manager.select_related("updated_by").get(pk=obj.pk)
            result["conflicts"] = self.editing_conflicts(request, current, form.data)
            result["merge_version"] = current.updated_at.isoformat()
            result["their_name"] = _full_name(current.updated_by)
        return result

    def _autosave_offer(self, request, context, obj):
        saved = Autosave.objects.filter(user=request.user, form=self.editing_form, object_id=str(obj.pk) if obj else "").first()
        if saved is None:
            return None
        shown = {name: context["adminform"].form[name].value() for name in self.autosave_fields if name in context["adminform"].form.fields}
        for inline in context.get("inline_admin_formsets", []):
            for form in inline.formset.forms:
                for field in self.autosave_inline_fields:
                    if field in form.fields:
                        shown[f"{form.prefix}-{field}"] = form[field].value()
        if all(_same_text(name, value, shown.get(name)) for name, value in saved.data.items()):
            saved.delete()  # nothing the form does not already show
            return None
        later = obj is not None and obj.updated_at and obj.updated_at > saved.saved_at
        return {
            "data": saved.data,
            "question": _("Khôi phục bản lưu tự động lúc %(when)s?") % {"when": saved_label(saved.saved_at)},
            "warning": _("Bài đã được lưu sau đó, lúc %(when)s: khôi phục sẽ thay nội dung đang có bằng bản lưu tự động.")
            % {"when": saved_label(obj.updated_at)}
            if later
            else "",
        }

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        kept = [str(form.instance.pk)] + ([] if change else [""])
        Autosave.objects.filter(user=request.user, form=self.editing_form, object_id__in=kept).delete()

    # Deleting a record takes everyone's drafts of it along (they hold its text).
    def delete_model(self, request, obj) -> None:
        object_id = str(obj.pk)
        super().delete_model(request, obj)
        Autosave.objects.filter(form=self.editing_form, object_id=object_id).delete()

    def delete_queryset(self, request, queryset) -> None:
        object_ids = [str(pk) for pk in queryset.values_list("pk", flat=True)]
        super().delete_queryset(request, queryset)
        Autosave.objects.filter(form=self.editing_form, object_id__in=object_ids).delete()

    # The list ---------------------------------------------------------------------------
    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if request.method != "GET":
            return changelist  # an action: the rows are not shown
        rows = list(changelist.result_list)  # the page's query, run once here and kept for the rows
        editing = presence.editing_many(self.editing_form, [row.pk for row in rows], request.user)
        for row in rows:
            row.editing_now = editing.get(row.pk, [])
        return changelist

    def editing_now_badge(self, obj, title):
        """``title`` (a list cell) followed by who else has the record open, if anyone."""
        names = getattr(obj, "editing_now", None)
        if not names:
            return title
        return format_html('{} <span class="editing-presence">{}</span>', title, self.presence_message(names))

    def __init_subclass__(cls, **kwargs):
        # The list's title column keeps its name (its CSS and tests know it) and gains the
        # presence badge: the admin class's own method is wrapped where it is defined.
        super().__init_subclass__(**kwargs)
        for name in TITLE_COLUMNS:
            if name in cls.__dict__:
                setattr(cls, name, _with_presence(cls.__dict__[name]))


TITLE_COLUMNS = ("title_column", "indented_title")


def _with_presence(column):
    @functools.wraps(column)  # keeps admin.display's description and ordering
    def with_presence(self, obj):
        return self.editing_now_badge(obj, column(self, obj))

    return with_presence


def _full_name(user) -> str:
    from newsroom.names import full_name

    return full_name(user) or _("người khác")


def _same_text(name: str, saved, shown) -> bool:
    saved, shown = str(saved or "").replace("\r\n", "\n").strip(), str(shown or "").replace("\r\n", "\n").strip()
    if name == "body":
        return sanitize_html(saved) == sanitize_html(shown)
    return saved == shown
