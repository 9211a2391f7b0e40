from django.apps import AppConfig


class DanvanConfig(AppConfig):
    name = "danvan"
    verbose_name = "Dân Vận CMS"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from taggit.models import Tag, TaggedItem

        from articles.models import Article, Photo, Section
        from organizations.models import Document, DocumentFile, DocumentRelation, Exemplar, Organization

        from .cache import bump_generation, remember_next_scheduled

        # Anything a public page shows: a change to it makes every cached page stale.
        for model in (Article, Photo, Section, Tag, TaggedItem, Organization, Document, DocumentRelation, DocumentFile, Exemplar):
            post_save.connect(bump_generation, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
            post_delete.connect(bump_generation, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}")
        for relation in (Article.documents, Article.organizations, Article.exemplars):
            m2m_changed.connect(bump_generation, sender=relation.through, dispatch_uid=f"page-cache-m2m-{relation.field.name}")
        post_save.connect(remember_next_scheduled, sender=Article, dispatch_uid="page-cache-next-scheduled-save")
