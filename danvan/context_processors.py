"""Site-wide template context: the site's name and address, the sections menu, search."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.functional import lazy

from .cache import current_generation
from .identity import site_name
from .siteurl import site_root

# The sections of the menu as this process last read them, and the content generation they
# were read under. Every page draws the menu; it changes only when a section is saved or
# deleted, which bumps the generation (danvan/cache.py), so each process reads it once per
# generation instead of once per page.
_menu: dict = {"generation": None, "sections": []}


def menu_sections() -> list:
    from articles.models import Section

    generation = current_generation()
    if _menu["generation"] != generation:
        sections = list(Section.objects.filter(in_menu=True))
        for section in sections:
            section.menu_url = section.get_absolute_url()
        _menu.update(generation=generation, sections=sections)
    return _menu["sections"]


def forget_menu() -> None:
    _menu.update(generation=None, sections=[])


def site(request) -> dict:
    try:
        # Search lives in its own app; until it is wired in, the header simply omits the form.
        search_url = reverse("search:results")
    except NoReverseMatch:
        search_url = ""
    return {
        # Lazy: a page that never prints the name (the admin's lists) reads nothing for it.
        "site_name": lazy(site_name, str)(),
        "site_url": site_root(request),
        # A callable: the template calls it only on pages that draw the menu.
        "menu_sections": menu_sections,
        "search_url": search_url,
    }
