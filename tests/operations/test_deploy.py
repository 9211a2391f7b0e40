"""After an upgrade: `check_deploy` says what is not ready; `upgrade` (what `make upgrade`
runs) backs up, migrates, collects static files and reloads gunicorn through its pid file."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from danvan import localrun
from operations import deploy_checks
from operations.upgrade import UpgradeFailed, reload_gunicorn, upgrade
from tests.newsroom.test_security import production_env

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


def test_check_deploy_passes_on_a_production_site_after_upgrade_and_names_what_fails(tmp_path):
    env = production_env(DANVAN_VAR_DIR=str(tmp_path / "var"))
    assert manage(env, "migrate", "--noinput", "-v0").returncode == 0
    failing = manage(env, "check_deploy")
    assert failing.returncode == 1
    assert "✗ Tệp tĩnh: chưa có " in failing.stdout and "staticfiles.json: chạy manage.py collectstatic --noinput" in failing.stdout
    assert "✗ Sao lưu: chưa có bản sao lưu nào trong " in failing.stdout
    assert "✓ Migration: đã chạy hết" in failing.stdout and "✓ Khóa bí mật: đã đặt riêng" in failing.stdout
    assert "2/" in failing.stderr and "kiểm tra không đạt." in failing.stderr
    (tmp_path / "var" / "static" / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    assert manage(env, "backup").returncode == 0
    passing = manage(env, "check_deploy")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "✓ Kiểm tra triển khai của Django: không có cảnh báo" in passing.stdout
    assert "✓ Thư mục media: ghi được vào " in passing.stdout
    assert passing.stdout.strip().endswith("kiểm tra đều đạt.")


def test_the_development_key_fails(settings):
    settings.SECRET_KEY = "django-insecure-dev-only-key-never-use-in-production"
    assert deploy_checks.secret_key().ok is False
    settings.SECRET_KEY = "a" * 60
    assert deploy_checks.secret_key().ok is False  # long but not random
    settings.SECRET_KEY = "k3y-" + "Zq8#vL2!pX9@" * 5
    assert deploy_checks.secret_key().ok is True


def test_an_old_backup_fails(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    (tmp_path / "danvan-backup-20261201-020000.tar").write_bytes(b"")
    assert deploy_checks.recent_backup(now=dt.datetime(2026, 12, 2, 1, 0)).ok is True
    late = deploy_checks.recent_backup(now=dt.datetime(2026, 12, 3, 6, 0))
    assert (late.ok, late.message) == (False, "bản mới nhất (danvan-backup-20261201-020000.tar) đã cũ 52 giờ, quá 26 giờ")


@pytest.mark.django_db  # in a transaction rolled back after: the migration record comes back
def test_unapplied_migrations_fail():
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    last = MigrationRecorder(connection).migration_qs.filter(app="redirects").order_by("-id").first()
    last.delete()
    result = deploy_checks.migrations_applied()
    assert (result.ok, result.message) == (False, f"còn 1 migration chưa chạy (redirects.{last.name}): chạy manage.py migrate")


@pytest.fixture
def gunicorn_master(tmp_path):
    """A process standing in for gunicorn's master: it writes down each SIGHUP it gets."""
    seen = tmp_path / "hup"
    code = (
        "import signal, sys, time, pathlib\n"
        f"p = pathlib.Path({str(seen)!r})\n"
        # Written aside, then renamed: the test sees the file only once it holds its line.
        "t = p.with_suffix('.tmp')\n"
        "signal.signal(signal.SIGHUP, lambda *a: (t.write_text('nạp lại', encoding='utf-8'), t.replace(p)))\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "ready"
    pid_file = tmp_path / "gunicorn.pid"
    pid_file.write_text(f"{process.pid}\n")
    yield pid_file, seen
    process.kill()
    process.wait()


def test_upgrade_backs_up_migrates_collects_and_reloads(settings, tmp_path, gunicorn_master):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.STATIC_ROOT = tmp_path / "static"
    pid_file, seen = gunicorn_master
    lines: list[str] = []
    archive = upgrade(write=lines.append, pid_file=pid_file)
    assert archive.parent == tmp_path / "backups" and archive.exists()
    assert lines[0] == f"1/4 Đã sao lưu: {archive}"
    assert lines[1:3] == ["2/4 Đã chạy migration.", "3/4 Đã thu thập tệp tĩnh (collectstatic)."]
    assert (tmp_path / "static" / "css" / "site.css").exists()
    deadline = time.monotonic() + 5
    while not seen.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert seen.read_text(encoding="utf-8") == "nạp lại"
    pid = int(pid_file.read_text())
    assert lines[3] == f"4/4 Đã yêu cầu gunicorn (tiến trình {pid}) nạp lại mã mới."


def test_upgrade_stops_before_migrating_when_the_backup_fails(settings, tmp_path, monkeypatch):
    settings.BACKUP_DIR = tmp_path / "backups"
    from operations import upgrade as module
    from operations.archive import ArchiveError

    def no_space(**kwargs):
        raise ArchiveError("Hết chỗ trên đĩa.")

    monkeypatch.setattr(module, "make_backup", no_space)
    migrated = []
    monkeypatch.setattr(module, "call_command", lambda *args, **kwargs: migrated.append(args))
    with pytest.raises(UpgradeFailed, match=r"^Sao lưu thất bại, không nâng cấp: Hết chỗ trên đĩa\.$"):
        upgrade(write=print, pid_file=tmp_path / "gunicorn.pid")
    assert migrated == []


def test_a_failed_collectstatic_stops_before_the_reload(settings, tmp_path, monkeypatch, gunicorn_master):
    settings.BACKUP_DIR = tmp_path / "backups"
    from operations import upgrade as module

    def command(name, **options):
        if name == "collectstatic":
            raise OSError("Read-only file system")

    monkeypatch.setattr(module, "call_command", command)
    pid_file, seen = gunicorn_master
    lines: list[str] = []
    with pytest.raises(UpgradeFailed, match=r"^collectstatic thất bại: Read-only file system\. Migration đã chạy xong"):
        upgrade(write=lines.append, pid_file=pid_file)
    assert lines[1] == "2/4 Đã chạy migration." and len(lines) == 2
    time.sleep(0.2)
    assert not seen.exists()


def test_upgrade_command_without_gunicorn_says_to_restart_the_service(settings, tmp_path, capsys):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("upgrade", pid_file=tmp_path / "khong-co.pid")
    out = capsys.readouterr().out
    assert f"4/4 Không thấy tệp pid {tmp_path / 'khong-co.pid'}: gunicorn không chạy từ đây." in out
    assert out.strip().endswith("Nâng cấp xong. Chạy manage.py check_deploy để kiểm tra.")


def test_a_stale_pid_file_is_an_error(tmp_path):
    pid_file = tmp_path / "gunicorn.pid"
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    pid_file.write_text(str(process.pid))
    with pytest.raises(UpgradeFailed, match=f"chỉ tới tiến trình {process.pid} đã dừng"):
        reload_gunicorn(pid_file)


def test_make_run_writes_the_pid_file_upgrade_reads(tmp_path):
    command = localrun.gunicorn_command({"DANVAN_VAR_DIR": str(tmp_path)})
    assert command[command.index("--pid") + 1] == str(tmp_path / "gunicorn.pid")
    command = localrun.gunicorn_command({"GUNICORN_PID_FILE": "/run/danvan/gunicorn.pid"})
    assert command[command.index("--pid") + 1] == "/run/danvan/gunicorn.pid"
