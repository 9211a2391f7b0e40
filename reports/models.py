"""No table of its own: statistics are read from articles and reference records. The model
exists for its permissions (who may see the statistics and the royalty report) and so the
admin lists "Thống kê, báo cáo" on its index for those who may."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoRows(models.Manager):
    """There is no table: every query is empty and none reaches the database."""

    def get_queryset(self):
        return super().get_queryset().none()


class Report(models.Model):
    objects = NoRows()

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("thống kê")
        verbose_name_plural = _("thống kê")
        permissions = [
            ("view_statistics_report", _("Có thể xem thống kê trong trang quản trị (gồm cả bài chưa xuất bản)")),
            ("view_royalty_report", _("Có thể xem và tải báo cáo nhuận bút")),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
