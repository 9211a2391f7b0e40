"""``kill -9`` in the middle of an import of 3,000 pages: no half article is left (each article
has its photo, its links, the document it made, its old address and its search entry, or does
not exist), and running the import again finishes with the right totals.

About 30 s on an idle two-core machine (migrate, reference data, two runs of the command)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from .conftest import article_text

PAGES = 3000
NEW_DOCUMENT_EVERY = 10  # these pages cite a plan the reference data lacks: a document is created for review

# Rows an article of this archive must have once it exists: (what, SQL counting the articles that lack it).
COMPLETE = {
    "its photo": "select count(*) from articles_article a where (select count(*) from articles_photo p where p.article_id = a.id) != 1",
    "its bodies": (
        "select count(*) from articles_article a"
        " where (select count(*) from articles_article_organizations l where l.article_id = a.id) != 3"
    ),
    "its documents": (
        "select count(*) from articles_article a where (select count(*) from articles_article_documents l where l.article_id = a.id)"
        " != (case when a.import_source like '%-kh.html' then 2 else 1 end)"
    ),
    "its old address": (
        "select count(*) from articles_article a"
        " where not exists (select 1 from redirects_oldaddress o where o.article_id = a.id and o.old_url = a.source_url)"
    ),
    "its search entry": (
        "select count(*) from articles_article a where not exists (select 1 from search_searchentry s where s.article_id = a.id)"
    ),
}


def page(n: int) -> str:
    text = article_text(n, place=f"Hàm Tiến {n}")
    if n % NEW_DOCUMENT_EVERY == 0:
        text = text.replace("Quyết định số 290-QĐ/TW", f"Quyết định số 290-QĐ/TW và Kế hoạch số {n}-KH/TU")
    suffix = "-kh" if n % NEW_DOCUMENT_EVERY == 0 else ""
    return text + f"Nguồn: http://danvan.example.vn/tin-tuc/bai-{n}{suffix}.html\n"


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        found = {what: connection.execute(sql).fetchone()[0] for what, sql in COMPLETE.items()}
        found["articles"] = connection.execute("select count(*) from articles_article").fetchone()[0]
        found["documents for review without their article"] = connection.execute(
            "select count(*) from organizations_document d where d.symbol like '%-KH/TU'"
            " and not exists (select 1 from articles_article_documents l where l.document_id = d.id)"
        ).fetchone()[0]
        found["documents for review"] = connection.execute(
            "select count(*) from organizations_document where needs_review and symbol like '%-KH/TU'"
        ).fetchone()[0]
    return found


def articles(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return connection.execute("select count(*) from articles_article").fetchone()[0]
    except sqlite3.OperationalError:  # locked for a moment by the writer
        return 0


def test_kill_9_mid_import_leaves_no_half_article_and_the_rerun_completes(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(PAGES):
        (archive / f"{n:04}.txt").write_text(page(n), encoding="utf-8")
    db = tmp_path / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DANVAN_VAR_DIR": str(tmp_path / "var")}
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, timeout=120)
    subprocess.run([*manage, "load_reference"], env=env, check=True, timeout=60, stdout=subprocess.DEVNULL)

    run = subprocess.Popen(
        [*manage, "import_articles", str(archive), "--format", "json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the command and its workers: one group, killed together
    )
    try:
        deadline = time.monotonic() + 60
        while articles(db) < 500 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(run.pid, signal.SIGKILL)  # kill -9: no handler runs, no rollback is asked for
        run.wait(timeout=10)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    assert run.returncode == -signal.SIGKILL, "the import ended before it could be killed"

    after_kill = counts(db)
    kept = after_kill["articles"]
    assert 500 <= kept < PAGES
    assert {k: v for k, v in after_kill.items() if k not in ("articles", "documents for review")} == dict.fromkeys(
        [*COMPLETE, "documents for review without their article"], 0
    )

    again = subprocess.run(
        [*manage, "import_articles", str(archive), "--format", "json"], env=env, capture_output=True, text=True, timeout=120
    )
    assert again.returncode == 0, again.stderr[-2000:]
    assert json.loads(again.stdout)["summary"] == {"created": PAGES - kept, "updated": 0, "unchanged": kept, "failed": 0}
    final = counts(db)
    assert final == {
        **dict.fromkeys(COMPLETE, 0),
        "articles": PAGES,
        "documents for review without their article": 0,
        "documents for review": PAGES // NEW_DOCUMENT_EVERY,
    }
