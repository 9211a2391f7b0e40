"""Keep the index in step with the records it describes.

Saves re-index the record (inside ``indexing.deferred_indexing()``, they are queued for a
bulk write instead). Deletes need no handler: entries go with their record through
the one-to-one's CASCADE. Status, schedule and many-to-many changes need none either —
the index holds text only, and visibility is decided at query time.
"""

from __future__ import annotations

from django.db.models.signals import post_save

from .indexing import INDEXED_MODELS, SOURCE_FIELDS, current_deferred, index_instance


def reindex_on_save(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    # Fixture loading (raw=True) is indexed too: reference data must be searchable.
    if update_fields is not None and not SOURCE_FIELDS[sender] & set(update_fields):
        return
    pending = current_deferred()
    if pending is not None:
        pending.add(instance, created=created)
    else:
        index_instance(instance, created=created)


def connect() -> None:
    for model in INDEXED_MODELS:
        post_save.connect(reindex_on_save, sender=model, dispatch_uid=f"search.reindex.{model._meta.label_lower}")
