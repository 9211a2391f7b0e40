"""The notifications page: each person's own, newest first, marked read when opened."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .models import Notification


class ReadFilter(admin.SimpleListFilter):
    title = _("tình trạng")
    parameter_name = "da_doc"

    def lookups(self, request, model_admin):
        return [("0", _("Chưa đọc")), ("1", _("Đã đọc"))]

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return queryset.filter(read_at__isnull=self.value() == "0")
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Everyone on the staff reads their own notifications and nobody else's; no role needs a permission."""

    change_list_template = "admin/desk/notification/change_list.html"
    list_display = ["message_column", "kind", "at_display", "read_display"]
    list_display_links = None
    list_filter = [ReadFilter, "kind"]
    list_select_related = ["actor"]
    list_per_page = 50
    actions = ["mark_read"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(recipient=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or obj.recipient_id == request.user.pk)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_mark_read_permission(self, request):
        return self.has_module_permission(request)

    @admin.action(description=_("Đánh dấu đã đọc"), permissions=["mark_read"])
    def mark_read(self, request, queryset):
        count = queryset.filter(read_at__isnull=True).update(read_at=timezone.now())
        self.message_user(request, _("Đã đánh dấu %(count)d thông báo là đã đọc.") % {"count": count}, messages.SUCCESS)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("chua-doc/", wrap(self.unread_view), name="desk_notification_unread"),
            path("doc-het/", wrap(self.read_all_view), name="desk_notification_read_all"),
            path("<int:pk>/mo/", wrap(self.open_view), name="desk_notification_open"),
            *super().get_urls(),
        ]

    def unread_view(self, request):
        """The bell's count, read by desk/bell.js so no admin page pays a query for it (never
        cached: admin_view says so)."""
        if not self.has_module_permission(request):
            raise Http404
        return JsonResponse({"unread": Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()})

    @method_decorator(require_POST)
    def read_all_view(self, request):
        if not self.has_module_permission(request):
            raise Http404
        count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
        self.message_user(request, _("Đã đánh dấu %(count)d thông báo là đã đọc.") % {"count": count}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:desk_notification_changelist"))

    def open_view(self, request, pk: int):
        """Mark one notification read and go to its article (or back to the list if it is gone).
        A link, as in a mail client: opening is reading."""
        note = get_object_or_404(Notification, pk=pk, recipient=request.user)
        if note.read_at is None:
            note.read_at = timezone.now()
            note.save(update_fields=["read_at"])
        if note.article_id is None:
            self.message_user(request, _("Bài «%(title)s» đã bị xóa.") % {"title": note.article_title}, messages.WARNING)
            return HttpResponseRedirect(reverse("admin:desk_notification_changelist"))
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[note.article_id]))

    @admin.display(description=_("thông báo"))
    def message_column(self, obj: Notification):
        url = reverse("admin:desk_notification_open", args=[obj.pk])
        css = "desk-note desk-note--unread" if obj.read_at is None else "desk-note"
        return format_html('<a class="{}" href="{}">{}</a>', css, url, obj.message())

    @admin.display(description=_("lúc"), ordering="created_at")
    def at_display(self, obj: Notification):
        return timezone.localtime(obj.created_at).strftime("%H:%M %d/%m/%Y")

    @admin.display(description=_("đã đọc"), boolean=True)
    def read_display(self, obj: Notification):
        return obj.read_at is not None
