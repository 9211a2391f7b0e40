"""The import_articles command: arguments, report formats, exit status."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from importing.load import Importer
from importing.workers import over_budget_reason

from .conftest import SEEDS, article_text
from .test_scale import many_lines

pytestmark = pytest.mark.django_db


def command(*args, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_articles", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_imports_seeds_and_prints_summary(reference):
    out, _err = command(str(SEEDS))
    assert out.strip().endswith("Tạo mới: 5, cập nhật: 0, không đổi: 0, lỗi: 0")
    # Filed by the default section rules (tests/importing/test_section_rules.py), not all under one section.
    assert Article.objects.filter(section__slug="tin-hoat-dong").count() == 1
    out, _err = command(str(SEEDS))
    assert "Tạo mới: 0, cập nhật: 0, không đổi: 5, lỗi: 0" in out


def test_load_reference_with_seeds_uses_this_command(db):
    call_command("load_reference", "--seeds", stdout=StringIO(), stderr=StringIO())
    assert Article.objects.published().count() == 5


def test_failures_are_listed_and_exit_status_is_non_zero(reference, archive):
    (archive / "a.txt").write_text(article_text(1), encoding="utf-8")
    (archive / "b.txt").write_bytes(b"")
    err = StringIO()
    with pytest.raises(CommandError, match="2 tệp không nhập được") as raised:
        call_command("import_articles", str(archive), str(archive / "none.txt"), stdout=StringIO(), stderr=err)
    assert raised.value.returncode == 1
    assert err.getvalue().splitlines() == [
        "LỖI archive/b.txt: tệp rỗng",
        f"LỖI {archive / 'none.txt'}: không có tệp hoặc thư mục này",
    ]
    assert Article.objects.count() == 1


def test_json_report_with_dry_run(reference):
    out, _err = command(str(SEEDS / "*.txt"), "--dry-run", "--format", "json")
    report = json.loads(out)
    assert report["dry_run"] is True
    assert report["summary"] == {"created": 5, "updated": 0, "unchanged": 0, "failed": 0}
    assert sorted(f["key"] for f in report["files"]) == sorted(f"seeds/{p.name}" for p in SEEDS.glob("*.txt"))
    assert not Article.objects.exists()


def test_verbose_lines_and_section_by_name(reference, archive):
    (archive / "a.txt").write_text(article_text(1), encoding="utf-8")
    out, _err = command(str(archive), "--section", "Dân vận khéo", "--status", "review", verbosity=3)
    assert "created   archive/a.txt: Hội nghị giao ban công tác dân vận quý 1 tại xã Tân Bình" in out
    article = Article.objects.get()
    assert (article.section.slug, article.status) == ("dan-van-kheo", "review")


def test_unknown_section_is_refused_before_any_work(reference, archive):
    (archive / "a.txt").write_text(article_text(1), encoding="utf-8")
    with pytest.raises(CommandError, match="Không có chuyên mục “không-có”"):
        command(str(archive), "--section", "không-có")
    assert not Article.objects.exists()


def test_time_budget_option_fails_the_slow_file_in_the_report(reference, archive):
    (archive / "0-slow.txt").write_text(many_lines(lambda n: "x"), encoding="utf-8")
    (archive / "1-good.txt").write_text(article_text(1), encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="1 tệp không nhập được") as raised:
        call_command("import_articles", str(archive), "--time-budget", "0.5", "--format", "json", stdout=out, stderr=StringIO())
    assert raised.value.returncode == 1
    report = json.loads(out.getvalue())
    assert report["summary"] == {"created": 1, "updated": 0, "unchanged": 0, "failed": 1}
    assert [(f["key"], f["outcome"], f["reason"]) for f in report["files"]] == [
        ("archive/0-slow.txt", "failed", over_budget_reason(0.5)),
        ("archive/1-good.txt", "created", ""),
    ]


def children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the worker processes from /proc")
def test_ctrl_c_prints_one_line_and_stops_the_workers(tmp_path):
    """A real run in its own process, interrupted as a terminal does: SIGINT to the whole
    process group while the workers are busy."""
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "000-slow.txt").write_text(many_lines(lambda n: "x"), encoding="utf-8")
    for n in range(1, Importer.PARALLEL_FROM + 1):  # enough files for the run to use workers
        (archive / f"{n:03}.txt").write_text(article_text(n), encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "IMPORT_FILE_SECONDS": "0"}  # no budget: it hangs
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, timeout=120)
    run = subprocess.Popen(
        [*manage, "import_articles", str(archive)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        # and, as in a terminal, Ctrl-C not ignored: a test runner started in the background
        # by a non-interactive shell ignores SIGINT, and a child inherits that (Python then
        # leaves it ignored: this run went on past its 30 s under such a runner).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 60
        while not (workers := children(run.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert workers, "the run started no worker"
        time.sleep(1)  # the first worker is now deep in the slow file
        os.killpg(run.pid, signal.SIGINT)
        out, err = run.communicate(timeout=30)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    assert err.splitlines() == [
        "Đã dừng theo yêu cầu (Ctrl-C): các tệp đã nhập vẫn được giữ, lô đang ghi dở bị hủy; chạy lại lệnh để nhập tiếp."
    ]
    assert run.returncode == 130
    assert out == ""
    assert [pid for pid in workers if Path(f"/proc/{pid}").exists()] == []  # stopped and reaped
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        assert db.execute("select count(*) from articles_article").fetchone() == (0,)  # no batch was complete
