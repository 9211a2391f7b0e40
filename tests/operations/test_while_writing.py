"""A backup taken while an editor keeps saving is one instant of the site: every article
in it has its photo and its revision, and the manifest counts what the archive holds.

The site runs in processes of its own, as in production: a fresh database (a SQLite file
in WAL mode, or a PostgreSQL database when the suite runs there), one process saving an
article, its photo and its revision per transaction as fast as it can, and
``manage.py backup`` run meanwhile.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import dj_database_url
import pytest

from operations.archive import open_archive, verify

from .conftest import missing

ROOT = Path(__file__).resolve().parents[2]
WRITER = """
import os, pathlib, reversion
from django.db import transaction
from articles.models import Article, Photo, Section
section = Section.objects.create(name="Tin hoạt động")
stop, count = pathlib.Path({stop!r}), pathlib.Path({count!r})
n = 0
while not stop.exists() and n < 20000:
    with transaction.atomic(), reversion.create_revision():
        article = Article.objects.create(title=f"Bài số {{n}} lưu trong lúc sao lưu", section=section, status="published")
        Photo.objects.create(article=article, caption=f"Ảnh của bài số {{n}}", alt_text="Ảnh")
    n += 1
    count.with_suffix(".new").write_text(str(n))
    os.replace(count.with_suffix(".new"), count)  # the test never reads a half-written count
"""


@pytest.fixture
def site_env(tmp_path):
    keep = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DATABASE_REPLICA_URLS", "MEDIA_ROOT"}}
    env = {**keep, "DANVAN_VAR_DIR": str(tmp_path / "var"), "DEBUG": "1", "LOG_LEVEL": "WARNING"}
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield env
        return
    import psycopg

    parts = dj_database_url.parse(url)
    name = f"{parts['NAME']}_writing_{os.getpid()}"[:63]
    server = {"host": parts["HOST"] or "127.0.0.1", "port": parts["PORT"] or 5432, "user": parts["USER"], "password": parts["PASSWORD"]}
    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=3, **server)
    except psycopg.OperationalError as error:
        missing(f"PostgreSQL is unreachable: {error}")
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**env, "DATABASE_URL": url.rsplit("/", 1)[0] + "/" + name, "DB_CONN_MAX_AGE": "0"}
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


def saved_so_far(path: Path) -> int:
    """What the writer has counted; it replaces the file whole, so a read sees one number."""
    return int(path.read_text()) if path.exists() else 0


def wait_for(path: Path, at_least: int, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if (seen := saved_so_far(path)) >= at_least:
            return seen
        time.sleep(0.05)
    raise AssertionError(f"the writer saved fewer than {at_least} articles in {seconds} s")


def test_backup_while_an_editor_saves_is_consistent(site_env, tmp_path):
    if site_env.get("DATABASE_URL"):
        import shutil

        if not shutil.which("pg_dump"):
            missing("pg_dump is not on PATH (apt install postgresql-client)")
    result = manage(site_env, "migrate", "--noinput", "-v0")
    assert result.returncode == 0, result.stderr
    media = tmp_path / "var" / "media" / "photos"
    media.mkdir(parents=True)
    for n in range(30):  # some files, so the backup lasts while the writer goes on
        (media / f"anh-{n}.jpg").write_bytes(os.urandom(256 * 1024))
    stop, count = tmp_path / "stop", tmp_path / "count"
    writer = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", WRITER.format(stop=str(stop), count=str(count))],
        cwd=ROOT,
        env=site_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        before = wait_for(count, 5)
        backup = manage(site_env, "backup", "--output", str(tmp_path / "backups"))
        after = saved_so_far(count)
    finally:
        stop.write_text("stop")
        _out, errors = writer.communicate(timeout=60)
    assert backup.returncode == 0, backup.stderr
    assert writer.returncode == 0, errors
    archive = next((tmp_path / "backups").glob("danvan-backup-*.tar"))
    with open_archive(archive) as tar:
        manifest = verify(tar)
        portable_rows = {}
        for name in manifest["files"]:
            if name.startswith("portable/"):
                lines = tar.extractfile(name).read().decode().splitlines()
                portable_rows[json.loads(lines[0])["model"]] = len(lines) - 1
        if manifest["engine"] == "sqlite":
            tar.extract("database/sqlite3.db", tmp_path / "out")
    tables = {label: entry["rows"] for label, entry in manifest["tables"].items()}
    saved = tables["articles.Article"]
    assert before <= saved <= after and saved < saved_so_far(count), "the backup did not run while the editor was saving"
    assert tables["articles.Photo"] == tables["reversion.Revision"] == saved
    assert tables["reversion.Version"] == 2 * saved  # each revision holds the article and its photo
    assert portable_rows == tables
    assert manifest["media"]["files"] == 30
    if manifest["engine"] == "sqlite":
        with sqlite3.connect(tmp_path / "out" / "database" / "sqlite3.db") as snapshot:
            assert snapshot.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert snapshot.execute("SELECT count(*) FROM articles_article").fetchone() == (saved,)
            orphans = "SELECT count(*) FROM articles_article a LEFT JOIN articles_photo p ON p.article_id = a.id WHERE p.id IS NULL"
            assert snapshot.execute(orphans).fetchone() == (0,)
    else:
        with tarfile.open(archive) as tar:
            assert tar.getmember("database/postgresql.dump").size > 0
