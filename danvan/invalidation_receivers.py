"""What each save or delete makes stale: the receivers of the models' signals (danvan/invalidation.py).

Connected by ``connect`` (danvan/apps.py). Each moves the scopes its change touches (see
danvan/invalidation.py for the scopes and the soft and hard counters): an article's own
page, its section, the records it links to, and the lists, before and after the change;
everything for what this module cannot judge.
"""

from __future__ import annotations

from django.db.models import Value

from .invalidation import LINK_KINDS, LISTS, SITE, article_scope, at_commit_only, bump, bump_everything, link_scope, section_scope

# Articles, narrowed to what each change touches. A bulk writer (inside bumps_at_commit())
# gets one hard bump of everything at its commit instead: no query per row.


def _public_scopes(article_pk: int | None) -> set[str] | None:
    """The scopes showing the article if the public may read it now, else None: the lists,
    its own page, its section's and those of every record it links to."""
    from articles.models import Article

    row = Article.objects.published().filter(pk=article_pk).values_list("slug", "section__slug").first() if article_pk else None
    if row is None:
        return None
    slug, section_slug = row
    scopes = {LISTS, article_scope(slug)} | ({section_scope(section_slug)} if section_slug else set())
    # The records it links to, every kind in one statement (a UNION ALL; it was one a kind).
    linked = [
        Article.objects.filter(pk=article_pk, **{f"{field}__isnull": False}).order_by().values_list(Value(kind), f"{field}__slug")
        for field, kind in LINK_KINDS.items()
    ]
    scopes.update(link_scope(kind, linked_slug) for kind, linked_slug in linked[0].union(*linked[1:], all=True))
    return scopes


def _scopes_of_records(kind: str, model, pks) -> set[str]:
    return {link_scope(kind, slug) for slug in model._default_manager.filter(pk__in=pks).values_list("slug", flat=True)} if pks else set()


def article_saving(sender, instance, raw=False, **_kwargs) -> None:
    adding = instance._state.adding or instance.pk is None
    instance._public_scopes_before = None if (raw or adding or at_commit_only()) else _public_scopes(instance.pk)


def article_saved(sender, instance, raw=False, using=None, **_kwargs) -> None:
    if raw or at_commit_only():
        bump_everything(using=using)
        return
    before = getattr(instance, "_public_scopes_before", None)
    after = _public_scopes(instance.pk)
    if before is None and after is None:
        return  # a draft, a submission, a scheduled article: nothing the public reads changed
    if after is None:
        bump(hard=before, using=using)  # withdrawn: never served again from a copy
        return
    # Published or edited: soft. An address it no longer has (a new slug) answers with a
    # redirect from now on: its copies must go at once.
    gone = {scope for scope in before or () if scope.startswith("a:")} - after
    bump(soft=(before or set()) | after, hard=gone, using=using)


def article_deleted(sender, instance, using=None, **_kwargs) -> None:
    bump(hard=[SITE, article_scope(instance.slug)], using=using)


def photo_changed(sender, instance, using=None, signal=None, **_kwargs) -> None:
    from django.db.models.signals import post_delete

    if at_commit_only():
        bump_everything(using=using)
        return
    scopes = _public_scopes(instance.article_id)
    if scopes is None:
        return
    own = {scope for scope in scopes if scope.startswith("a:")}
    # A photo taken away disappears from its article's page at once; lists may show the old
    # cover while one render replaces them.
    bump(soft=scopes - own if signal is post_delete else scopes, hard=own if signal is post_delete else (), using=using)


def tagging_changed(sender, instance, using=None, **_kwargs) -> None:
    from django.contrib.contenttypes.models import ContentType

    from articles.models import Article

    if at_commit_only() or instance.content_type_id != ContentType.objects.get_for_model(Article).pk:
        bump_everything(using=using)
        return
    scopes = _public_scopes(instance.object_id)
    if scopes:
        # The tag's own scope too: once taken away, the article no longer names it.
        bump(soft=scopes | _scopes_of_records("tag", type(instance).tag.field.related_model, [instance.tag_id]), using=using)


_LINK_SENDERS: dict = {}  # a link table -> the kind of scope of the records it links


def links_changed(sender, instance, action, pk_set=None, model=None, using=None, **_kwargs) -> None:
    """An article's documents, bodies or models, changed from the article's side (the form):
    the article's scopes and those of the records added or taken away; from the other side
    (a document's articles), everything."""
    from articles.models import Article

    if action == "pre_clear" and isinstance(instance, Article) and not at_commit_only():
        instance._public_scopes_before_clear = _public_scopes(instance.pk)  # the records it had
        return
    if not action.startswith("post_"):
        return
    if at_commit_only() or not isinstance(instance, Article):
        bump_everything(using=using)
        return
    scopes = _public_scopes(instance.pk)
    if scopes:
        before = instance.__dict__.pop("_public_scopes_before_clear", None) or set()
        bump(soft=scopes | before | _scopes_of_records(_LINK_SENDERS[sender], model, pk_set), using=using)


def tag_saved(sender, instance, created=False, raw=False, using=None, **_kwargs) -> None:
    """A new tag is on no page until an article carries it (which the tagging bumps); a
    renamed one is on every page that shows it."""
    if created and not raw:
        return
    bump_everything(using=using)


def connect(article_model, photo_model, tagged_item_model, link_fields, tag_model) -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

    pre_save.connect(article_saving, sender=article_model, dispatch_uid="page-cache-article-saving")
    post_save.connect(article_saved, sender=article_model, dispatch_uid="page-cache-article-saved")
    post_delete.connect(article_deleted, sender=article_model, dispatch_uid="page-cache-article-deleted")
    for signal in (post_save, post_delete):
        signal.connect(photo_changed, sender=photo_model, dispatch_uid=f"page-cache-photo-{signal is post_save}")
        signal.connect(tagging_changed, sender=tagged_item_model, dispatch_uid=f"page-cache-tagging-{signal is post_save}")
    post_save.connect(tag_saved, sender=tag_model, dispatch_uid="page-cache-tag-saved")
    post_delete.connect(bump_everything, sender=tag_model, dispatch_uid="page-cache-tag-deleted")
    for field in link_fields:
        _LINK_SENDERS[field.through] = LINK_KINDS[field.field.name]
        m2m_changed.connect(links_changed, sender=field.through, dispatch_uid=f"page-cache-m2m-{field.field.name}")
