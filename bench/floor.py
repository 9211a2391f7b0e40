"""How fast can an uncached page be on this machine? The floor under the article page.

    .venv/bin/python bench/floor.py --database danvan_bench_100000

Serves the corpus with the same gunicorn, settings and wrk load as bench/run_all.py, page
cache off, and measures four pages side by side in one run, from the least work to the
article page itself:

- ``bare``: a view that returns a short text, no database (Django and gunicorn alone);
- ``one query``: one ORM query for an article by slug, its title, lead and body written
  into the response with no template;
- ``one query + chrome``: the same query, rendered in the site's own ``base.html`` (header,
  menu of sections, breadcrumbs, footer), as the article page is;
- ``article page``: the real /bai-viet/<slug>/ (photos, tags, documents, bodies and models,
  related articles, linked symbols, JSON-LD).

This file is also the Django settings and URLconf of those extra pages (the site's own
settings plus three views): run as a script it starts gunicorn with itself as
DJANGO_SETTINGS_MODULE. Nothing of it is part of the site.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

if os.environ.get("DJANGO_SETTINGS_MODULE") == __name__ == "floor":
    # Imported by gunicorn as the settings module (and then as the URLconf).
    from danvan.settings import *  # noqa: F403

    ROOT_URLCONF = __name__

    _CHROME = (
        '{% extends "base.html" %}{% block title %}{{ article.title }}{% endblock %}'
        "{% block content %}<h1>{{ article.title }}</h1><p>{{ article.lead }}</p>{{ article.body|safe }}{% endblock %}"
    )

    def _article(slug: str):
        from articles.models import Article

        return Article.objects.only("title", "lead", "body").get(slug=slug)

    def bare(request):
        from django.http import HttpResponse

        return HttpResponse("ok")

    def one_query(request, slug):
        from django.http import HttpResponse
        from django.utils.html import format_html

        article = _article(slug)
        page = format_html("<!doctype html><title>{}</title><h1>{}</h1><p>{}</p>", article.title, article.title, article.lead)
        return HttpResponse(page + article.body)  # the body is sanitised on save

    def one_query_chrome(request, slug):
        from django.http import HttpResponse
        from django.template import engines

        template = engines["django"].from_string(_CHROME)
        return HttpResponse(template.render({"article": _article(slug)}, request))

    def __getattr__(name: str):
        # The URLconf is read after the apps are loaded; the settings are read before.
        if name != "urlpatterns":
            raise AttributeError(name)
        from django.urls import include, path

        return [
            path("floor/bare/", bare),
            path("floor/one-query/<slug:slug>/", one_query),
            path("floor/chrome/<slug:slug>/", one_query_chrome),
            path("", include("danvan.urls")),
        ]


def measure(database: str, var_dir: Path) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run_all import ROOT, Server, base_env, get, sample_paths, wrk

    slugs = [url.split("/")[2] for url in sample_paths(database)["article"]]
    pages = {
        "bare": ["/floor/bare/"],
        "one query": [f"/floor/one-query/{s}/" for s in slugs],
        "one query + chrome": [f"/floor/chrome/{s}/" for s in slugs],
        "article page": [f"/bai-viet/{s}/" for s in slugs],
    }
    env = base_env(database, var_dir, page_cache=0)
    env.update(DJANGO_SETTINGS_MODULE="floor", PYTHONPATH=os.pathsep.join([str(ROOT / "bench"), str(ROOT)]))
    results = {}
    with Server(env):
        for name, urls in pages.items():
            for url in urls:
                status = get(url, timeout=60)[0]
                if status != 200:
                    raise SystemExit(f"{url} answered {status}")
            results[name] = wrk(urls)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="danvan_bench_100000")
    parser.add_argument("--var-dir", default="", help="the corpus's DANVAN_VAR_DIR (media); a temporary one by default")
    args = parser.parse_args()
    import tempfile

    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="danvan-floor-"))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run_all import PY, base_env, sh

    sh(PY, "manage.py", "collectstatic", "--noinput", env=base_env(args.database, var_dir, page_cache=0))
    results = measure(args.database, var_dir)
    for name, figures in results.items():
        print(f"{name:20s} {figures['rps']:8.0f} req/s   p50 {figures['p50']:7.1f} ms   p99 {figures['p99']:7.1f} ms")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
