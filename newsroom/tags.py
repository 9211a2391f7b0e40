"""django-taggit's tags as the site needs them: every tag has a slug its page answers at.

A tag's slug is written as every slug of the site is (``danvan.text.slugify_vi``): no
diacritics, "đ" as "d" ("Dân vận khéo" → "dan-van-kheo"). Taggit slugs a name with Django's
``slugify``, which keeps Vietnamese letters ("dân-vận-khéo", an address that reaches readers
as "d%C3%A2n-v%E1%BA%ADn-kh%C3%A9o") and leaves nothing of a name made only of punctuation
("!!!", "–", "…"): an empty slug cannot be reversed, and every article page that carried such
a tag answered 500. A slug an editor typed in ASCII is kept as typed. Tags slugged the old
way were given the new slug by migration ``redirects.0003``, which left their old address
behind (301), as a corrected slug does from then on (redirects/moves.py).

Names are normalised like every other typed line (NFC, no zero-width or bidirectional
control characters): in the typed list of the article form, in the tag's own form, and on
save where that does not make the name clash with another tag's.
"""

from __future__ import annotations

from django import forms
from taggit.utils import _parse_tags

from danvan.text import normalize_line, unique_slug

FALLBACK = "tu-khoa"


def usable_tag_slug(tag, manager) -> str:
    """The tag's own slug when it is written as the site writes slugs (ASCII); else one made
    from it (taggit's "dân-vận-khéo" → "dan-van-kheo") or from the name, "-2", "-3" … when
    another tag has it, or "tu-khoa", "tu-khoa-2" … when neither gives one."""

    def taken(slug: str) -> bool:
        return manager.filter(slug=slug).exclude(pk=tag.pk).exists()

    # A new tag whose slug another has: "-2", not the "_1" taggit would try after failing.
    if tag.slug and tag.slug.isascii() and not (tag._state.adding and taken(tag.slug)):
        return tag.slug
    max_length = type(tag)._meta.get_field("slug").max_length
    return unique_slug(tag.slug or tag.name, taken, max_length=max_length, fallback=FALLBACK)


def tags_from_string(text: str) -> list[str]:
    """TAGGIT_TAGS_FROM_STRING: taggit's own parsing, each name normalised, empty ones dropped."""
    return sorted({name for name in map(normalize_line, _parse_tags(text)) if name})


class TagForm(forms.ModelForm):
    """The tag admin's form: the name is normalised before it is checked for uniqueness, and
    the slug may be left empty (the admin's script makes none from "!!!"): saving makes one."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean_name(self) -> str:
        return normalize_line(self.cleaned_data.get("name"))


def give_tag_a_slug(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # fixtures load as they were dumped
        return
    manager = sender._default_manager
    name = normalize_line(instance.name)
    # Left as given if the clean name is another tag's: saving would fail on the unique name.
    if name and name != instance.name and not manager.filter(name__iexact=name).exclude(pk=instance.pk).exists():
        instance.name = name
    instance.slug = usable_tag_slug(instance, manager)
