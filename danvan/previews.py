"""Staff previews of unpublished records (articles, pages) at their public address."""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers, patch_cache_control


def mark_preview(response):
    """A preview is for the staff member who opened it: never cached, by us or by anyone
    between, and never indexed."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
