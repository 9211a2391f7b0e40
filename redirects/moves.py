"""A section, page or tag whose address changes keeps answering at its old one (301).

Articles keep their old slugs themselves (``articles.SlugRedirect``). Sections and the
portal's pages are linked from other sites, printed in documents and bookmarked just as
much, so an editor correcting a slug here leaves an ``OldAddress`` behind: a section's or a
tag's points at the record (it follows later renames by itself); a page's points at its new path, and
earlier redirects to the old path are moved on with it, so there is never a chain of two
hops. A page that was not public leaves nothing: its address was never read, and a redirect
would tell its new one. Moving back to an old address drops the redirect that stood there.
"""

from __future__ import annotations

from urllib.parse import unquote

from django.db import transaction
from django.urls import reverse

from .addresses import make_key
from .models import OldAddress

#: What an old address of these leads to: the record itself (other rows: their new path).
FOLLOWED = {"articles.Section": "section", "taggit.Tag": "tag"}


def address_of(instance) -> str:
    """The public address of a section, a page or a tag (taggit's Tag has no get_absolute_url)."""
    if instance._meta.label == "taggit.Tag":
        # Readable, as readers typed it ("/tu-khoa/dân-vận-khéo/" for a slug taggit made).
        return unquote(reverse("articles:tag", args=[instance.slug]))
    return instance.get_absolute_url()


def note_old_path(sender, instance, raw=False, **kwargs) -> None:
    """pre_save: remember the public address this row had, if its slug is changing."""
    instance._moved_from = None
    if raw or not instance.pk:
        return
    before = sender._default_manager.filter(pk=instance.pk).first()
    if before is None or before.slug == instance.slug or not before.slug:
        return  # (an empty slug, as taggit could leave one, had no address)
    if getattr(before, "is_public", True):
        instance._moved_from = address_of(before)


def leave_redirect(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save: the old address (if any) leads to the new one."""
    old_path = getattr(instance, "_moved_from", None)
    instance._moved_from = None
    new_path = address_of(instance)
    with transaction.atomic():
        # Its own address is live again: a redirect standing there would never be reached,
        # and would resurface if the slug changed once more.
        OldAddress.objects.filter(host="", key=make_key(new_path)).delete()
        if not old_path or old_path == new_path:
            return
        followed = FOLLOWED.get(sender._meta.label)
        target = {followed: instance} if followed else {"target_path": new_path}
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
