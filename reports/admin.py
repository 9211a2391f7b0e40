"""In the admin: "Thống kê, báo cáo" on the index, for editors and the commission's leaders."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

from . import views
from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.has_perm("reports.view_statistics_report")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _context(self, request) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "can_see_royalties": request.user.has_perm("reports.view_royalty_report"),
        }

    def changelist_view(self, request, extra_context=None):
        from django.core.exceptions import PermissionDenied

        if not self.has_view_permission(request):
            raise PermissionDenied
        return views.dashboard(request, self._context(request))

    def royalties_view(self, request):
        from django.core.exceptions import PermissionDenied

        if not request.user.has_perm("reports.view_royalty_report"):
            raise PermissionDenied
        return views.royalties(request, self._context(request))

    def get_urls(self):
        extra = [path("nhuan-but/", self.admin_site.admin_view(self.royalties_view), name="reports_report_royalties")]
        return extra + super().get_urls()
