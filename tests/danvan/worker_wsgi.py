"""The site's WSGI application, each response marked with the worker that answered it.

Only the multi-worker invalidation test serves this (tests/danvan/test_page_cache_workers.py):
it must know that every gunicorn worker has a page cached, and later that every one of
them has dropped it.
"""

import os

from danvan.wsgi import application as site


def application(environ, start_response):
    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Worker", str(os.getpid()))], exc_info)

    return site(environ, start)
