"""The site chrome (identity, pages in the menu and footer, linked sites) in every template.

``site_name`` comes from ``danvan.context_processors.site``, which reads the name editors set
here through the registry portal fills when it loads (danvan/identity.py, portal/apps.py)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from .chrome import site_chrome


def portal(request) -> dict:
    # Lazy: a response that draws no page (robots.txt, a feed) reads nothing.
    return {"chrome": SimpleLazyObject(site_chrome)}
