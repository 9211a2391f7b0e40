"""The desk in the article admin: its views as list filters, sending back with a note (from
the form and the list), and the calendar of scheduled articles.

A mixin, so ArticleAdmin (articles/admin.py) takes it by naming it among its bases; every
status change still goes through articles/workflow.py.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from newsroom.names import full_name

from . import desk, workflow
from .models import Article

Status = Article.Status


class DeskFilter(admin.SimpleListFilter):
    title = _("bàn làm việc")
    parameter_name = "ban"

    def lookups(self, request, model_admin):
        return list(desk.VIEWS.items())

    def queryset(self, request, queryset):
        return desk.in_view(queryset, self.value(), request.user)


class StatusFilter(admin.SimpleListFilter):
    """The statuses as the newsroom reads them: a published article due later is "Hẹn giờ"."""

    title = _("trạng thái")
    parameter_name = "trang_thai"

    def lookups(self, request, model_admin):
        return [
            (Status.DRAFT, Status.DRAFT.label),
            (Status.REVIEW, Status.REVIEW.label),
            ("scheduled", _("Hẹn giờ")),
            (Status.PUBLISHED, _("Đã xuất bản (đang hiện)")),
            (Status.ARCHIVED, Status.ARCHIVED.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.filter(desk.scheduled_q())
        if value == Status.PUBLISHED:
            return queryset.filter(status=Status.PUBLISHED).exclude(desk.scheduled_q())
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset


class AuthorFilter(admin.SimpleListFilter):
    """Who wrote it (the account that created it), by full name."""

    title = _("tác giả")
    parameter_name = "tac_gia"

    def lookups(self, request, model_admin):
        users = get_user_model().objects.filter(pk__in=Article.objects.values("created_by")).order_by("first_name", "last_name", "pk")
        return [(str(user.pk), full_name(user)) for user in users]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(created_by_id=value) if value and value.isdigit() else queryset


def return_note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Ghi chú cho phóng viên"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        help_text=_("Khi trả bài về bản nháp: phóng viên thấy ghi chú này trên bài và trong thông báo."),
    )


class SendBackForm:
    """Mixed into the change form of a submitted article an editor opens: setting it back to
    a draft sends it back, and asks for the note to the reporter (the field is added by
    DeskAdminMixin.get_form, with the user)."""

    desk_user = None

    def clean(self):
        cleaned = super().clean()
        # Until the form is cleaned, its instance holds the status stored, not the one posted.
        probe = Article(status=cleaned.get("status"), created_by_id=self.instance.created_by_id)
        sending_back = workflow.is_send_back(self.desk_user, probe, self.instance.status)
        if sending_back and not (cleaned.get("return_note") or "").strip():
            self.add_error("return_note", _("Hãy ghi cho phóng viên biết cần sửa gì trước khi trả bài."))
        return cleaned


class SendBackActionForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú cho phóng viên"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Hãy ghi cho phóng viên biết cần sửa gì trước khi trả bài.")},
    )


class DeskAdminMixin:
    def get_list_filter(self, request):
        filters = [DeskFilter]
        for item in super().get_list_filter(request):
            filters.append(StatusFilter if item == "status" else item)
            if item == "section":
                filters.append(AuthorFilter)
        return filters

    def get_queryset(self, request):
        # The note's author, read by the form. (A select_related here replaces the list's own,
        # which the changelist applies only to a queryset that has none: name both.)
        return super().get_queryset(request).select_related("returned_by", *self.list_select_related)

    # The change form: the note field for an editor reading a submitted article, and the
    # note itself for whoever opens a returned one.
    def _may_send_back(self, request, obj) -> bool:
        if obj is None or obj.status != Status.REVIEW:
            return False
        return workflow.is_send_back(request.user, Article(status=Status.DRAFT, created_by_id=obj.created_by_id), Status.REVIEW)

    @staticmethod
    def _was_returned(obj) -> bool:
        return obj is not None and obj.status == Status.DRAFT and obj.returned_at is not None

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._may_send_back(request, obj):
            base = kwargs.get("form", self.form)
            attrs = {"desk_user": request.user, "return_note": return_note_field()}
            kwargs["form"] = type(base)("SendBackArticleForm", (SendBackForm, base), attrs)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, {**options, "fields": list(options["fields"])}) for name, options in super().get_fieldsets(request, obj)]
        if self._may_send_back(request, obj):
            for _name, options in fieldsets:
                if "status" in options["fields"]:
                    options["fields"].insert(options["fields"].index("status") + 1, "return_note")
        if self._was_returned(obj):
            fieldsets.insert(0, (_("Bài bị trả lại"), {"classes": ["desk-returned"], "fields": ["return_note_display"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "return_note_display"] if self._was_returned(obj) else fields

    @admin.display(description=_("Ghi chú của biên tập viên"))
    def return_note_display(self, obj: Article):
        when = timezone.localtime(obj.returned_at).strftime("%H:%M %d/%m/%Y")
        lines = format_html_join("", "<p>{}</p>", ((line,) for line in obj.return_note.splitlines() if line.strip()))
        return format_html(
            '<div class="desk-return-note"><p class="desk-return-note__who">{}</p>{}</div>',
            _("%(who)s trả lại lúc %(when)s:") % {"who": full_name(obj.returned_by) or _("Biên tập viên"), "when": when},
            lines,
        )

    def save_model(self, request, obj: Article, form, change: bool) -> None:
        old_status = form.initial.get("status") if change else None
        workflow.keep_return_note(obj, old_status, actor=request.user, note=form.cleaned_data.get("return_note", ""))
        super().save_model(request, obj, form, change)

    @property
    def media(self):
        return super().media + forms.Media(js=["desk/send_back.js"])

    # The list action: one note for every article chosen, each sent back or refused with its reason.
    def get_actions(self, request):
        actions = super().get_actions(request)
        if workflow.can_publish(request.user):
            actions["send_back"] = (DeskAdminMixin.send_back, "send_back", _("Trả lại cho phóng viên (kèm ghi chú)"))
        return actions

    def send_back(self, request, queryset):
        form = SendBackActionForm()
        if "send_back_note" in request.POST:  # the second step: the note is written
            form = SendBackActionForm({"note": request.POST.get("note", "")})
            if form.is_valid():
                note, returned = form.cleaned_data["note"], 0
                for article in queryset:
                    reason = workflow.send_back_refusal(article, actor=request.user, note=note)
                    if reason:
                        message = _("Không trả lại «%(title)s»: %(reason)s.") % {"title": article.title, "reason": reason}
                        self.message_user(request, message, messages.WARNING)
                    else:
                        returned += workflow.send_back(article, actor=request.user, note=note)
                if returned or not queryset:
                    self.message_user(request, _("Đã trả lại %(count)d bài cho phóng viên.") % {"count": returned}, messages.SUCCESS)
                return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Trả lại bài cho phóng viên"),
            "articles": [(article, full_name(article.created_by)) for article in queryset.select_related("created_by")],
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/send_back.html", context)

    # The calendar of scheduled articles.
    def get_urls(self):
        view = self.admin_site.admin_view(self.calendar_view)
        return [
            path("lich/", view, name="articles_article_calendar"),
            path("lich/<int:year>/<int:month>/", view, name="articles_article_calendar_month"),
            *super().get_urls(),
        ]

    def calendar_view(self, request, year: int | None = None, month: int | None = None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        year, month = year or today.year, month or today.month
        if not (1 <= month <= 12 and dt.MINYEAR < year < dt.MAXYEAR):
            raise Http404
        grid = desk.month_grid(year, month, request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Lịch hẹn giờ xuất bản"),
            "subtitle": _("Tháng %(month)d/%(year)d") % {"month": month, "year": year},
            "month": grid,
            "weekdays": desk.WEEKDAYS,
        }
        return TemplateResponse(request, "admin/articles/article/calendar.html", context)
