from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Vận hành")

    def ready(self) -> None:
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        from articles.models import AuditEvent

        from .logs import log_admin_entry, log_audit_event

        post_save.connect(log_admin_entry, sender=LogEntry, dispatch_uid="operations-log-admin-entry")
        post_save.connect(log_audit_event, sender=AuditEvent, dispatch_uid="operations-log-audit-event")
