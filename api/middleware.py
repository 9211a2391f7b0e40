"""What every /api/ answer gets around the view: a rate limit per address, CORS for GET,
and conditional requests (ETag, Last-Modified, 304).

It sits before the page cache (danvan/pagecache.py), so a cached answer is counted against the
limit too, and a 304 is decided on whatever ETag the answer carries: the page cache's, which
changes with everything the answer shows, or, when the cache is off, a hash of the body.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _

from newsroom.throttle import client_address

PREFIX = "/api/"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining",
    "Access-Control-Max-Age": "86400",
}
WINDOW_SECONDS = 60


def _over_limit(request) -> tuple[bool, int, int]:
    """Count this request in the address's current minute: (over?, limit, remaining)."""
    limit = settings.API_REQUESTS_PER_MINUTE
    window = int(time.time() // WINDOW_SECONDS)
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"api-rate:{window}:{address}"
    if cache.add(key, 1, WINDOW_SECONDS + 5):
        used = 1
    else:
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS + 5)
            used = 1
    return used > limit, limit, max(limit - used, 0)


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            return self._cors(HttpResponse(status=204))
        head = request.method == "HEAD"
        if head:  # answered as the GET it stands for, then without its body
            request.method = "GET"
        over, limit, remaining = _over_limit(request)
        if over:
            response = JsonResponse(
                {"detail": _("Quá nhiều yêu cầu từ địa chỉ này. Vui lòng thử lại sau %(seconds)s giây.") % {"seconds": WINDOW_SECONDS}},
                status=429,
            )
            response["Retry-After"] = str(WINDOW_SECONDS)
        else:
            response = self.get_response(request)
        response["X-RateLimit-Limit"] = str(limit)
        response["X-RateLimit-Remaining"] = str(remaining)
        if request.method == "GET" and response.status_code == 200:
            response = self._conditional(request, response)
        if head and not getattr(response, "streaming", False):
            length = len(response.content)
            response.content = b""
            if response.status_code == 200:
                response["Content-Length"] = str(length)
        return self._cors(response)

    @staticmethod
    def _cors(response):
        for header, value in CORS_HEADERS.items():
            response[header] = value
        return response

    @staticmethod
    def _conditional(request, response):
        if not response.has_header("ETag") and not getattr(response, "streaming", False):
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        last_modified = parse_http_date_safe(response.get("Last-Modified", "")) if response.has_header("Last-Modified") else None
        conditional = get_conditional_response(request, etag=response["ETag"], last_modified=last_modified, response=response)
        return conditional
