from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Tin bài")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from . import counts
        from .media import register_article_uses
        from .models import Article

        register_article_uses()
        counts.connect()  # the kept counts of citing articles on documents, bodies, models
        # Which library images a body shows: the media view serves them while the article is public.
        post_save.connect(_sync_body_images, sender=Article, dispatch_uid="article-body-images")


def _sync_body_images(instance, created=False, raw=False, **_kwargs) -> None:
    from .library import names_in_body, sync_body_images

    if not raw and not (created and not names_in_body(instance.body)):
        sync_body_images(instance)
