"""The commission's identity and its pages in every template (after danvan's processor, so
``site_name`` is the name editors set in the admin, not the SITE_NAME environment setting)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject, lazy

from .chrome import site_chrome


def _site_name() -> str:
    return site_chrome().settings.name


def portal(request) -> dict:
    # Lazy: a response that draws no page (robots.txt, a feed) reads nothing.
    return {"chrome": SimpleLazyObject(site_chrome), "site_name": lazy(_site_name, str)()}
