"""``manage.py check_deploy``: what an operator runs after an upgrade. Django's own deploy
checks (``check --deploy``), then this site's: every migration applied, the static-file
manifest written by collectstatic, the media folder writable, a real secret key, a recent
backup, and on PostgreSQL the pg_dump that backups need."""

from __future__ import annotations

import datetime
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.utils import timezone

from . import databases
from .archive import ArchiveError
from .backup import archives, backup_dir
from .health import unapplied_migrations

DEV_KEY_MARK = "django-insecure"


@dataclass
class Result:
    name: str
    ok: bool
    message: str


def django_deploy_checks() -> Result:
    found = [m for m in checks.run_checks(include_deployment_checks=True) if m.level >= checks.WARNING and not m.is_silenced()]
    if not found:
        return Result("Kiểm tra triển khai của Django", True, "không có cảnh báo")
    return Result("Kiểm tra triển khai của Django", False, "; ".join(f"{m.id}: {m.msg}" for m in found))


def migrations_applied() -> Result:
    missing = unapplied_migrations()
    if missing:
        return Result("Migration", False, f"còn {len(missing)} migration chưa chạy ({', '.join(missing[:3])}): chạy manage.py migrate")
    return Result("Migration", True, "đã chạy hết")


def static_manifest() -> Result:
    path = Path(settings.STATIC_ROOT) / "staticfiles.json"
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Result("Tệp tĩnh", False, f"chưa có {path}: chạy manage.py collectstatic --noinput rồi khởi động lại gunicorn")
    except ValueError:
        return Result("Tệp tĩnh", False, f"{path} hỏng: chạy lại manage.py collectstatic --noinput")
    return Result("Tệp tĩnh", True, "đã có manifest của collectstatic")


def media_writable() -> Result:
    if not isinstance(default_storage, FileSystemStorage):
        return Result("Thư mục media", True, "trên kho lưu trữ đối tượng (S3)")
    root = Path(settings.MEDIA_ROOT)
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".check-deploy-"):
            pass
    except OSError as error:
        return Result("Thư mục media", False, f"không ghi được vào {root} ({error.strerror})")
    return Result("Thư mục media", True, f"ghi được vào {root}")


def secret_key() -> Result:
    key = settings.SECRET_KEY
    if key.startswith(DEV_KEY_MARK) or len(key) < 50 or len(set(key)) < 5:
        return Result("Khóa bí mật", False, "SECRET_KEY là khóa mặc định hoặc quá ngắn: đặt 50 ký tự ngẫu nhiên trở lên")
    return Result("Khóa bí mật", True, "đã đặt riêng")


def recent_backup(now: datetime.datetime | None = None) -> Result:
    now = now or timezone.localtime().replace(tzinfo=None)  # archives are named in the site's time
    folder = backup_dir()
    found = archives(folder) if folder.is_dir() else []
    if not found:
        return Result("Sao lưu", False, f"chưa có bản sao lưu nào trong {folder}: chạy manage.py backup")
    newest, path = found[0]
    hours = (now - newest).total_seconds() / 3600
    if hours > settings.BACKUP_MAX_AGE_HOURS:
        return Result("Sao lưu", False, f"bản mới nhất ({path.name}) đã cũ {hours:.0f} giờ, quá {settings.BACKUP_MAX_AGE_HOURS} giờ")
    return Result("Sao lưu", True, f"bản mới nhất: {path.name}")


def backup_tools() -> Result | None:
    if connections["default"].vendor != "postgresql":
        return None
    try:
        return Result("pg_dump", True, databases.tool("pg_dump"))
    except ArchiveError as error:
        return Result("pg_dump", False, str(error))


def run_all() -> list[Result]:
    results = [django_deploy_checks(), migrations_applied(), static_manifest(), media_writable(), secret_key(), recent_backup()]
    tools = backup_tools()
    return results + ([tools] if tools else [])
