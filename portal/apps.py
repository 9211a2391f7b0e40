from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Trang thông tin, liên kết")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from danvan.cache import bump_generation

        from .models import LinkedSite, Page, SiteSettings

        # Every public page draws these (header, menu, footer, sidebar): a change to any of
        # them makes every cached page stale, as an article's change does (danvan/apps.py).
        for model in (SiteSettings, Page, LinkedSite):
            post_save.connect(bump_generation, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
            post_delete.connect(bump_generation, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}")
