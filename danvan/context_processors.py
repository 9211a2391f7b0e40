"""Site-wide template context: the site's name and address, the sections menu, search."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def site(request) -> dict:
    from articles.models import Section

    try:
        # Search lives in its own app; until it is wired in, the header simply omits the form.
        search_url = reverse("search:results")
    except NoReverseMatch:
        search_url = ""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        # Lazy: one query, only on pages that draw the menu, reused by header and footer.
        "menu_sections": Section.objects.filter(in_menu=True),
        "search_url": search_url,
    }
