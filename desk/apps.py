from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from articles.models import AuditEvent

        from .notify import notify_for_event

        # Every status change writes an AuditEvent (articles/workflow.py), whichever path made
        # it: notifying from that record reaches the people concerned from every path.
        post_save.connect(notify_for_event, sender=AuditEvent, dispatch_uid="desk-notify")
