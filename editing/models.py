from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Autosave(models.Model):
    """What one person had typed in one open form, kept every few seconds.

    Private to its author: never a revision, never read by anyone else, never shown on
    the site. Deleted when the form is saved or the author discards it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autosaves", verbose_name=_("người soạn"))
    form = models.CharField(_("biểu mẫu"), max_length=60, help_text=_("Loại bản ghi, ví dụ articles.article."))
    object_id = models.CharField(_("mã bản ghi"), max_length=40, blank=True, help_text=_("Để trống: bài mới chưa lưu lần nào."))
    data = models.JSONField(_("nội dung đã gõ"), default=dict)
    saved_at = models.DateTimeField(_("lưu lúc"), auto_now=True)

    class Meta:
        verbose_name = _("bản lưu tự động")
        verbose_name_plural = _("bản lưu tự động")
        constraints = [models.UniqueConstraint(fields=["user", "form", "object_id"], name="editing_autosave_one_per_form")]

    def __str__(self) -> str:
        return f"{self.form}:{self.object_id or '+'} ({self.user_id})"
