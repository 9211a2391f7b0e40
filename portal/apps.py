from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Trang thông tin, liên kết")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from danvan.cache import bump_generation
        from danvan.identity import register_site_name

        from . import gallery_uses
        from .chrome import site_chrome
        from .models import Album, AlbumPhoto, LinkedSite, Page, SiteSettings, Video

        # Every public page draws these (header, menu, footer, sidebar): a change to any of
        # them makes every cached page stale, as an article's change does (danvan/apps.py).
        # Albums and videos are on the home page, their own pages and the articles they link.
        for model in (SiteSettings, Page, LinkedSite, Album, AlbumPhoto, Video):
            post_save.connect(bump_generation, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
            post_delete.connect(bump_generation, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}")
        for model in (Album, Video):
            m2m_changed.connect(bump_generation, sender=model.articles.through, dispatch_uid=f"page-cache-m2m-{model._meta.label}")
        gallery_uses.register()
        register_site_name(lambda: site_chrome().settings.name)
