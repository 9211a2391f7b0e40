"""A section or page whose address changes keeps answering at its old one (301).

Articles keep their old slugs themselves (``articles.SlugRedirect``). Sections and the
portal's pages are linked from other sites, printed in documents and bookmarked just as
much, so an editor correcting a slug here leaves an ``OldAddress`` behind: a section's points
at the section (it follows later renames by itself); a page's points at its new path, and
earlier redirects to the old path are moved on with it, so there is never a chain of two
hops. A page that was not public leaves nothing: its address was never read, and a redirect
would tell its new one. Moving back to an old address drops the redirect that stood there.
"""

from __future__ import annotations

from django.db import transaction

from .addresses import make_key
from .models import OldAddress


def note_old_path(sender, instance, raw=False, **kwargs) -> None:
    """pre_save: remember the public address this row had, if its slug is changing."""
    instance._moved_from = None
    if raw or not instance.pk:
        return
    before = sender._default_manager.filter(pk=instance.pk).first()
    if before is None or before.slug == instance.slug:
        return
    if getattr(before, "is_public", True):
        instance._moved_from = before.get_absolute_url()


def leave_redirect(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save: the old address (if any) leads to the new one."""
    old_path = getattr(instance, "_moved_from", None)
    instance._moved_from = None
    new_path = instance.get_absolute_url()
    with transaction.atomic():
        # Its own address is live again: a redirect standing there would never be reached,
        # and would resurface if the slug changed once more.
        OldAddress.objects.filter(host="", key=make_key(new_path)).delete()
        if not old_path or old_path == new_path:
            return
        target = {"section": instance} if sender._meta.label == "articles.Section" else {"target_path": new_path}
        if "target_path" in target:
            OldAddress.objects.filter(target_path=old_path).update(target_path=new_path)
        entry = OldAddress.objects.filter(host="", key=make_key(old_path)).first() or OldAddress(old_url=old_path)
        for name in OldAddress.TARGETS:
            setattr(entry, name, "" if name == "target_path" else None)
        for name, value in target.items():
            setattr(entry, name, value)
        entry.old_url = old_path
        entry.full_clean()
        entry.save()
