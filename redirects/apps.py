from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedirectsConfig(AppConfig):
    name = "redirects"
    verbose_name = _("Địa chỉ cũ")

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save, pre_save

        from articles.models import Article
        from danvan.cache import bump_generation

        from . import models, moves

        # Any writer that sets source_url (editor, every importer format) gets the redirect.
        post_save.connect(models.remember_source_url, sender=Article, dispatch_uid="redirects-source-url")
        # A section's, a page's or a tag's slug corrected by an editor: its old address keeps
        # working. (A tag's slug is first made usable by newsroom's pre_save, connected
        # before this one: newsroom comes before redirects in INSTALLED_APPS.)
        moved = [apps.get_model("articles", "Section"), apps.get_model("taggit", "Tag")]
        if apps.is_installed("portal"):
            moved.append(apps.get_model("portal", "Page"))
        for model in moved:
            pre_save.connect(moves.note_old_path, sender=model, dispatch_uid=f"redirects-moved-from-{model._meta.label}")
            post_save.connect(moves.leave_redirect, sender=model, dispatch_uid=f"redirects-moved-to-{model._meta.label}")
        post_save.connect(models.forget_missed, sender=models.OldAddress, dispatch_uid="redirects-forget-missed")
        # The home page asked with an old page parameter (/?p=123) may be in the page cache
        # from before the address was mapped: a mapping makes cached pages stale like any edit.
        for signal in (post_save, post_delete):
            signal.connect(bump_generation, sender=models.OldAddress, dispatch_uid=f"page-cache-{signal is post_save}-old-address")
