from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Tòa soạn")

    def ready(self) -> None:
        from django.apps import apps
        from django.contrib import admin
        from django.db.models.signals import pre_save
        from taggit.models import Tag, TaggedItem

        from .tags import give_tag_a_slug
        from .throttle import ThrottledAdminAuthenticationForm

        admin.site.login_form = ThrottledAdminAuthenticationForm
        pre_save.connect(give_tag_a_slug, sender=Tag, dispatch_uid="newsroom-tag-usable-slug")
        # django-taggit ships no Vietnamese catalogue; name its admin section ourselves.
        apps.get_app_config("taggit").verbose_name = _("Từ khóa")
        Tag._meta.verbose_name = Tag._meta.verbose_name_plural = _("từ khóa")
        TaggedItem._meta.verbose_name = TaggedItem._meta.verbose_name_plural = _("gắn từ khóa")
