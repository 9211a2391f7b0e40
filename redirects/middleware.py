"""Answer old addresses with a 301, only for requests no page of this site answers.

A request that resolves to a page and finds it never reaches the lookup, so found pages
cost nothing. A path no URL pattern matches is looked up before the 404 page is drawn (one
query); a page's own 404 (``Http404`` from a view) is looked up in ``process_exception``.
A path that only lacks its trailing slash is left to ``CommonMiddleware``. The home page
is looked up only when asked with an old CMS's page parameter (WordPress ``/?p=123``).
Unmapped old-looking addresses are counted for the report (``MissedAddress``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils import timezone

from articles.models import published_q

from .addresses import identifying_query, normalize_host, request_keys
from .models import MissedAddress, OldAddress

# Requests for these are not old pages: assets and the probes every public site receives.
NOT_PAGES = (".css", ".js", ".map", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".woff", ".woff2", ".ttf", ".txt")
PROBES = ("wp-login", "wp-admin", "xmlrpc", "/.env", "/.git", "phpmyadmin", "cgi-bin", "/.well-known/")


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def request_host(request) -> str:
    try:
        return normalize_host(request.get_host())
    except DisallowedHost:  # not in ALLOWED_HOSTS: CommonMiddleware answers it with 400 before this runs
        return ""


def find(request) -> OldAddress | None:
    """The entry for this request, in one query: the key with its identifying parameters
    before the bare path; the request's own host before an entry for any host, before another
    old host's. An article not public is not a target (its address answers 404)."""
    host = request_host(request)
    keys = request_keys(request.path, request.GET.items())
    candidates = list(
        OldAddress.objects.filter(key__in=keys)
        .filter(Q(article__isnull=True) | published_q(prefix="article__"))
        .select_related("article", "section", "tag")[:20]
    )
    if not candidates:
        return None
    return min(candidates, key=lambda c: (keys.index(c.key), 0 if c.host == host else 1 if not c.host else 2, c.pk))


def redirect_to(request, entry: OldAddress) -> HttpResponsePermanentRedirect:
    target = entry.target_url()
    site = urlsplit(settings.SITE_URL)
    # A request on an old host whose DNS now points here goes on to this site's own name.
    if site.netloc and request_host(request) != normalize_host(site.netloc):
        target = f"{site.scheme}://{site.netloc}{target}"
    return HttpResponsePermanentRedirect(target)


def looks_old(path: str) -> bool:
    lowered = path.lower()
    return not lowered.endswith(NOT_PAGES) and not any(probe in lowered for probe in PROBES)


def record_miss(request) -> None:
    """Count one request for an unmapped old address; keep only the most asked-for."""
    host = request_host(request)
    key = request_keys(request.path, request.GET.items())[0][:1000]
    # The path as asked and the parameters that name a page; the rest of a query (tracking
    # codes, whatever a bot sends) is neither needed to map it nor worth keeping.
    query = identifying_query(request.GET.items())
    example = f"{host}{request.path}{'?' + query if query else ''}"[:1000]
    rows = MissedAddress.objects.filter(host=host, key=key)
    if rows.update(hits=F("hits") + 1, example=example, last_seen=timezone.now()):
        return
    try:
        with transaction.atomic():
            MissedAddress.objects.create(host=host, key=key, example=example)
    except IntegrityError:  # another request created it meanwhile
        rows.update(hits=F("hits") + 1, last_seen=timezone.now())
        return
    kept = settings.OLD_ADDRESS_MISSES_KEPT
    surplus = MissedAddress.objects.order_by("-hits", "-last_seen").values_list("pk", flat=True)[kept : kept + 100]
    if surplus:
        MissedAddress.objects.filter(pk__in=list(surplus)).delete()


class OldAddressMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and self.may_be_old(request):
            entry = find(request)
            if entry is not None:
                return redirect_to(request, entry)
            if looks_old(request.path_info):
                record_miss(request)
        return self.get_response(request)

    @staticmethod
    def may_be_old(request) -> bool:
        """A path no page answers (and not one only lacking its slash, which CommonMiddleware
        answers), or the home page asked with an old CMS's page parameter (``/?p=123``)."""
        path = request.path_info
        if path == "/":
            return bool(identifying_query(request.GET.items()))
        return not _resolves(path) and (path.endswith("/") or not _resolves(f"{path}/"))

    def process_exception(self, request, exception):
        # A page of ours that is not there (a slug of the old portal in our own URL shape).
        if isinstance(exception, Http404) and request.method in ("GET", "HEAD"):
            entry = find(request)
            if entry is not None:
                return redirect_to(request, entry)
        return None
