"""What the newsroom is told: a notification per person, about one article's step in the workflow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from newsroom.names import full_name


class Notification(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("gửi duyệt")
        RETURNED = "returned", _("bị trả lại")
        PUBLISHED = "published", _("đã xuất bản")
        SCHEDULED = "scheduled", _("hẹn giờ xuất bản")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="desk_notifications"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    article = models.ForeignKey(
        Article, verbose_name=_("bài viết"), null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    article_title = models.CharField(_("tiêu đề lúc đó"), max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.TextField(_("chi tiết"), blank=True, help_text=_("Ghi chú của biên tập viên, hoặc giờ hẹn xuất bản."))
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="desk_notification_unread_idx")]

    def __str__(self) -> str:
        return self.message()

    def message(self) -> str:
        """The sentence the person reads: "Nguyễn Văn Minh trả lại bài «…»: …"."""
        params = {"who": full_name(self.actor) or gettext("Hệ thống"), "title": self.article_title, "detail": self.detail}
        if self.kind == self.Kind.SUBMITTED:
            return gettext("%(who)s gửi duyệt bài «%(title)s».") % params
        if self.kind == self.Kind.RETURNED:
            return gettext("%(who)s trả lại bài «%(title)s»: %(detail)s") % params
        if self.kind == self.Kind.SCHEDULED:
            return gettext("%(who)s hẹn giờ xuất bản bài «%(title)s» lúc %(detail)s.") % params
        return gettext("%(who)s đã xuất bản bài «%(title)s».") % params
