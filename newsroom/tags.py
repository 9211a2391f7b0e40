"""django-taggit's tags as the site needs them: every tag has a slug its page answers at.

Taggit slugs a name with Django's ``slugify``, which keeps Vietnamese letters ("dân-vận-khéo",
served through the tag URL's ``<str:>`` converter) but leaves nothing of a name made only of
punctuation ("!!!", "–", "…"): an empty slug cannot be reversed, and every article page that
carried such a tag answered 500.
"""

from __future__ import annotations

from danvan.text import unique_slug

FALLBACK = "tu-khoa"


def usable_tag_slug(tag, manager) -> str:
    """The tag's own slug, or "tu-khoa", "tu-khoa-2" … when its name gives none."""
    if tag.slug:
        return tag.slug
    max_length = type(tag)._meta.get_field("slug").max_length
    return unique_slug(tag.name, lambda s: manager.filter(slug=s).exclude(pk=tag.pk).exists(), max_length=max_length, fallback=FALLBACK)


def give_tag_a_slug(sender, instance, raw=False, **kwargs) -> None:
    if not raw:  # fixtures load as they were dumped
        instance.slug = usable_tag_slug(instance, sender._default_manager)
