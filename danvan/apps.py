from django.apps import AppConfig


class DanvanConfig(AppConfig):
    name = "danvan"
    verbose_name = "Dân Vận CMS"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from taggit.models import Tag, TaggedItem

        from articles.models import Article, Photo, Section
        from organizations.models import Document, DocumentFile, DocumentRelation, Exemplar, Organization

        from . import invalidation_receivers
        from .cache import bump_generation, remember_next_scheduled

        # Anything a public page shows. Articles, their photos, tags and links are narrowed to
        # the pages that show them (danvan/invalidation_receivers.py); any other change makes every
        # cached page stale.
        for model in (Section, Organization, Document, DocumentRelation, DocumentFile, Exemplar):
            post_save.connect(bump_generation, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
            post_delete.connect(bump_generation, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}")
        invalidation_receivers.connect(Article, Photo, TaggedItem, (Article.documents, Article.organizations, Article.exemplars), Tag)
        post_save.connect(remember_next_scheduled, sender=Article, dispatch_uid="page-cache-next-scheduled-save")
