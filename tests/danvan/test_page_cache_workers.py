"""Invalidation across server processes, against a real gunicorn with several workers.

Every worker is brought to answer the article and the pages that list it from the page
cache (``X-Cache: HIT``); then another process (a ``manage.py shell``, as an import or a
second admin worker would) unpublishes the article. Within 1.5 s of the commit every
worker must answer 404 for it, and no listing page may still show it.

On SQLite this runs the embedded default (no Redis); when DATABASE_URL points at
PostgreSQL it runs there, in a database of its own, with the Redis cache at
``TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/9``, the suite's Redis database,
emptied before and after). A missing server skips loudly, or fails when REQUIRE_SERVERS=1
(CI).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import dj_database_url
import pytest

pytestmark = pytest.mark.workers

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 3
DEADLINE_SECONDS = 1.5
TITLE = "Hội nghị điển hình dân vận khéo huyện Lộc Bình"
SETUP = (
    f"TITLE = {TITLE!r}"
    + """
import json
from articles.models import Article, Section
section = Section.objects.create(name="Tin hoạt động")
gone = Article.objects.create(title=TITLE, section=section, status="published", lead="Sapo.", body="<p>Nội dung.</p>")
stays = Article.objects.create(title="Tập huấn công tác dân vận chính quyền", section=section, status="published")
gone.tags.add("bầu cử")
stays.tags.add("bầu cử")
print(json.dumps({"slug": gone.slug, "url": gone.get_absolute_url(), "section": section.get_absolute_url(),
                  "tag": gone.tags.get().slug}))
"""
)
UNPUBLISH = """
import time
from django.db import transaction
from articles.models import Article
with transaction.atomic():  # as the admin saves: in one transaction
    article = Article.objects.get(slug=SLUG)
    article.status = Article.Status.DRAFT
    article.save()
print(time.time())
"""
NEW_TITLE = "Khánh thành nhà đại đoàn kết cho hộ nghèo xã Tân Lập"
PUBLISH = (
    f"NEW_TITLE = {NEW_TITLE!r}"
    + """
import time
from django.db import transaction
from articles.models import Article, Section
with transaction.atomic():  # as the admin saves: in one transaction
    Article.objects.create(title=NEW_TITLE, section=Section.objects.get(name="Tin hoạt động"), status="published", lead="Sapo.")
print(time.time())
"""
)
PUBLISH_DEADLINE_SECONDS = 2.0


def missing(reason: str):
    if os.environ.get("REQUIRE_SERVERS", "").strip() not in ("", "0"):
        pytest.fail(f"REQUIRE_SERVERS is set but {reason}")
    pytest.skip(reason)


@pytest.fixture
def site_env(tmp_path):
    """The environment of a fresh site: its own database (and Redis database) and var/."""
    keep = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "DATABASE_REPLICA_URLS"}}
    env = {**keep, "DANVAN_VAR_DIR": str(tmp_path / "var"), "DEBUG": "1", "PAGE_CACHE_SECONDS": "300", "LOG_LEVEL": "WARNING"}
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield env
        return
    import psycopg
    import redis

    redis_url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
    try:
        redis_client = redis.Redis.from_url(redis_url, socket_connect_timeout=2)
        redis_client.flushdb()
    except redis.exceptions.ConnectionError as error:
        missing(f"the PostgreSQL run needs Redis at {redis_url}: {error}")
    parts = dj_database_url.parse(url)
    name = f"{parts['NAME']}_workers_{os.getpid()}"[:63]
    server = {"host": parts["HOST"] or "127.0.0.1", "port": parts["PORT"] or 5432, "user": parts["USER"], "password": parts["PASSWORD"]}
    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=3, **server)
    except psycopg.OperationalError as error:
        missing(f"PostgreSQL at {server['host']}:{server['port']} is unreachable: {error}")
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**env, "DATABASE_URL": url.rsplit("/", 1)[0] + "/" + name, "REDIS_URL": redis_url, "DB_CONN_MAX_AGE": "0"}
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        redis_client.flushdb()


def manage(env: dict, *args: str) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(site_env, tmp_path):
    manage(site_env, "migrate", "--noinput", "-v0")
    article = json.loads(manage(site_env, "shell", "-c", SETUP).strip().splitlines()[-1])
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    command = [sys.executable, "-m", "gunicorn", "tests.danvan.worker_wsgi:application", "--pythonpath", str(ROOT)]
    command += ["--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", "--timeout", "30"]
    process = subprocess.Popen(command, cwd=ROOT, env=site_env, stdout=log, stderr=subprocess.STDOUT)
    try:
        started = time.monotonic()
        while True:
            try:
                if get(port, "/")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None and time.monotonic() - started < 60, (tmp_path / "gunicorn.log").read_text()
            time.sleep(0.2)
        yield port, article, site_env
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def get(port: int, path: str) -> tuple[int, str, str, str]:
    """(status, worker pid, X-Cache, body) of one request on a fresh connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", quote(path, safe="/?=+&"), headers={"Host": "localhost"})
        response = connection.getresponse()
        body = response.read().decode()
        return response.status, response.getheader("X-Worker", ""), response.getheader("X-Cache", ""), body
    finally:
        connection.close()


def every_worker(port: int, path: str, until) -> list[tuple[int, str, str, str]]:
    """Requests to ``path``, several at a time so that every worker takes some, until
    ``until(answers)`` says enough; fails if 300 requests did not get there."""
    answers: list = []
    with ThreadPoolExecutor(WORKERS * 2) as pool:
        while not until(answers):
            assert len(answers) < 300, f"{path}: {len({a[1] for a in answers})} of {WORKERS} workers answered"
            answers += pool.map(lambda _: get(port, path), range(WORKERS * 2))
    return answers


def workers_that(answers, predicate) -> set[str]:
    return {worker for status, worker, hit, body in answers if predicate(status, hit, body)}


def seen_twice_by_every_worker(answers) -> bool:
    return (
        all(sum(a[1] == w for a in answers) >= 2 for w in workers_that(answers, lambda *_: True))
        and len(workers_that(answers, lambda *_: True)) == WORKERS
    )


def test_an_unpublish_from_another_process_reaches_every_worker_within_the_deadline(server):
    port, article, env = server
    listings = ["/", "/rss/", "/atom/", "/sitemap.xml", "/tim-kiem/?q=loc+binh", article["section"], f"/tu-khoa/{article['tag']}/"]
    for path in [article["url"], *listings]:
        answers = every_worker(port, path, lambda a: len(workers_that(a, lambda s, hit, b: hit == "HIT")) == WORKERS)
        assert all(status == 200 and article["slug"] in body for status, _w, _h, body in answers), path

    committed_at = float(manage(env, "shell", "-c", f"SLUG = {article['slug']!r}" + UNPUBLISH).strip().splitlines()[-1])
    time.sleep(max(0.0, committed_at + DEADLINE_SECONDS - time.time()))

    stale = []
    for path in [article["url"], *listings]:
        for status, worker, hit, body in every_worker(port, path, seen_twice_by_every_worker):
            gone = status == 404 if path == article["url"] else status in (200, 404) and article["slug"] not in body
            if not gone or TITLE in body:
                stale.append((path, worker, status, hit))
    assert stale == [], f"still served {DEADLINE_SECONDS} s after the unpublish was committed"


def test_a_publication_from_another_process_is_on_every_workers_pages_within_two_seconds(server):
    """A publication is a soft change: one worker renders each page anew while the others
    serve the previous copy. With readers asking all along (as in a flood), every worker
    shows the new article on the home page and its section within two seconds."""
    port, article, env = server
    pages = ["/", article["section"]]
    for path in pages:
        every_worker(port, path, lambda a: len(workers_that(a, lambda s, hit, b: hit == "HIT")) == WORKERS)
    committed_at = float(manage(env, "shell", "-c", PUBLISH).strip().splitlines()[-1])
    while time.time() < committed_at + PUBLISH_DEADLINE_SECONDS:  # readers keep coming meanwhile
        for path in pages:
            get(port, path)
        time.sleep(0.05)
    late = []
    for path in pages:
        for status, worker, hit, body in every_worker(port, path, seen_twice_by_every_worker):
            if status != 200 or NEW_TITLE not in body:
                late.append((path, worker, status, hit))
    assert late == [], f"not shown {PUBLISH_DEADLINE_SECONDS} s after the publication was committed"
