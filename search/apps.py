from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Tìm kiếm")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import signals
        from .admin_search import register_sqlite_function

        signals.connect()
        connection_created.connect(register_sqlite_function, dispatch_uid="search-danvan-fold")
