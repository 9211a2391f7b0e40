"""The address readers use, for canonical links, OpenGraph, share links, feeds and the sitemap.

SITE_URL where it is set (behind a proxy, the public name, whatever Host the proxy passes);
otherwise the scheme and host of the request, which ALLOWED_HOSTS has already checked, so
`make run HOST=0.0.0.0` read as http://192.168.1.20:8000/ links to that address, not to
127.0.0.1. Pages, feeds and the sitemap all take it from here, so they never disagree.
"""

from __future__ import annotations

from django.conf import settings


def site_root(request=None) -> str:
    """ "https://danvan.example.vn" — no trailing slash; "" without SITE_URL and request."""
    if settings.SITE_URL:
        return settings.SITE_URL
    if request is None:
        return ""
    return f"{request.scheme}://{request.get_host()}"


def absolute_url(path: str, request=None) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return site_root(request) + path


class SiteUrlSitemap:
    """Mixed into every sitemap (danvan/urls.py): its <loc>s start with SITE_URL where set,
    instead of the Host header the request came with."""

    def get_protocol(self, protocol=None):
        if settings.SITE_URL:
            return settings.SITE_URL.split("://", 1)[0]
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.SITE_URL:
            return settings.SITE_URL.split("://", 1)[1]
        return super().get_domain(site)


def with_site_url(sitemaps: dict) -> dict:
    return {name: type(cls.__name__, (SiteUrlSitemap, cls), {}) for name, cls in sitemaps.items()}
