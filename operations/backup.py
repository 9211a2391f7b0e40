"""``manage.py backup``: one archive holding the database (its engine's own form and the
portable form), the media folder and the site's settings, with a manifest of counts and
checksums (operations/archive.py). The archive is written under a temporary name and
renamed when complete, so a backup interrupted half-way never looks like a backup."""

from __future__ import annotations

import datetime
import json
import os
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from . import databases, portable
from .archive import FORMAT, FORMAT_VERSION, ArchiveError, Writer

PREFIX = "danvan-backup-"
STAMP = "%Y%m%d-%H%M%S"
SUFFIX = ".tar"


@dataclass
class Backup:
    path: Path
    manifest: dict


def backup_dir() -> Path:
    return Path(getattr(settings, "BACKUP_DIR", "") or Path(settings.VAR_DIR) / "backups")


def media_on_disk() -> bool:
    return isinstance(default_storage, FileSystemStorage)


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Every file under the media folder, as (name in the archive, path), in a stable order."""
    if not root.is_dir():
        return
    for directory, subdirs, names in os.walk(root):
        subdirs.sort()
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield "media/" + path.relative_to(root).as_posix(), path


def migration_state(using: str) -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def site_settings_rows(using: str) -> list[dict]:
    from portal.models import SiteSettings

    names = [f.attname for f in portable.columns(SiteSettings)]
    return [dict(zip(names, row, strict=True)) for row in portable.rows(SiteSettings, using)]


def write_database_views(writer: Writer, using: str, staging: Path) -> dict:
    """The portable files, the row counts, the migrations and the settings rows, all read
    from ``using`` (which the caller holds at one instant)."""
    tables = {}
    for number, model in enumerate(portable.dumped_models()):
        path = staging / "portable.jsonl"
        with open(path, "w", encoding="utf-8") as out:
            count = portable.write_model(model, using, out)
        writer.add_file(f"portable/{number:03d}-{model._meta.label_lower}.jsonl", path)
        tables[model._meta.label] = {"table": model._meta.db_table, "rows": count}
    writer.add_bytes(
        "site-settings.json", json.dumps(site_settings_rows(using), default=portable.encode, ensure_ascii=False, indent=1).encode()
    )
    return {"tables": tables, "migrations": migration_state(using)}


@contextmanager
def postgres_snapshot(using: str):
    """A repeatable-read transaction whose snapshot pg_dump shares (``--snapshot``): the
    custom dump, the portable files and the counts are the same instant of the database."""
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            yield cursor.fetchone()[0]


def write_database(writer: Writer, using: str, staging: Path) -> dict:
    kind = databases.vendor(using)
    if kind == "sqlite":
        snapshot = staging / "sqlite3.db"
        databases.sqlite_snapshot(using, snapshot)
        writer.add_file("database/sqlite3.db", snapshot)
        with databases.sqlite_alias(snapshot) as alias:
            views = write_database_views(writer, alias, staging)
        snapshot.unlink()
        return {"engine": "sqlite", "database": "database/sqlite3.db", **views}
    if kind == "postgresql":
        dump = staging / "postgresql.dump"
        databases.tool("pg_dump")  # missing: say so before anything is written
        with postgres_snapshot(using) as snapshot_id:
            databases.pg_dump(using, dump, snapshot_id)
            views = write_database_views(writer, using, staging)
        writer.add_file("database/postgresql.dump", dump)
        dump.unlink()
        return {"engine": "postgresql", "database": "database/postgresql.dump", **views}
    raise ArchiveError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {kind}.")


def make_backup(*, output: Path | None = None, using: str = "default", now: datetime.datetime | None = None) -> Backup:
    output = Path(output or backup_dir())
    output.mkdir(parents=True, exist_ok=True)
    now = now or timezone.now()
    final = output / f"{PREFIX}{timezone.localtime(now).strftime(STAMP)}{SUFFIX}"
    if final.exists():
        raise ArchiveError(f"Đã có bản sao lưu {final.name}; chờ một giây rồi chạy lại.")
    partial = final.with_name(final.name + ".partial")
    try:
        with (
            tempfile.TemporaryDirectory(dir=output, prefix=".staging-") as staging,
            tarfile.open(partial, "w:", format=tarfile.PAX_FORMAT) as tar,
        ):
            writer = Writer(tar)
            database = write_database(writer, using, Path(staging))
            media_count = 0
            if media_on_disk():
                for name, path in media_files(Path(settings.MEDIA_ROOT)):
                    try:
                        writer.add_file(name, path)
                    except FileNotFoundError:
                        continue  # deleted after the database was copied: the copy no longer needs it
                    media_count += 1
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": now.isoformat(),
                "django": django.get_version(),
                "media": {"storage": "local" if media_on_disk() else "object", "files": media_count},
                **database,
            }
            writer.finish(manifest)
            manifest["files"] = writer.files
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Backup(final, manifest)


def archive_time(path: Path) -> datetime.datetime | None:
    name = path.name
    if not (name.startswith(PREFIX) and name.endswith(SUFFIX)):
        return None
    try:
        return datetime.datetime.strptime(name[len(PREFIX) : -len(SUFFIX)], STAMP)
    except ValueError:
        return None


def archives(directory: Path) -> list[tuple[datetime.datetime, Path]]:
    found = [(when, path) for path in directory.glob(f"{PREFIX}*{SUFFIX}") if (when := archive_time(path))]
    return sorted(found, reverse=True)


def to_prune(stamps: list[datetime.datetime], *, daily: int, weekly: int) -> set[datetime.datetime]:
    """The archives retention drops: kept are the newest of each of the last ``daily`` days
    that have one, and the newest of each of the last ``weekly`` ISO weeks that have one."""
    keep: set[datetime.datetime] = set()
    for count, period in ((daily, lambda t: t.date()), (weekly, lambda t: t.isocalendar()[:2])):
        seen: list = []
        for stamp in sorted(stamps, reverse=True):
            key = period(stamp)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(stamp)
    return set(stamps) - keep


def prune(directory: Path, *, daily: int, weekly: int) -> list[Path]:
    found = dict(archives(directory))
    removed = []
    for stamp in sorted(to_prune(list(found), daily=daily, weekly=weekly)):
        found[stamp].unlink()
        removed.append(found[stamp])
    return removed


def table_lines(tables: dict) -> list[str]:
    """One line per table that has rows ("articles.Article: 12"), for the commands to print."""
    return [
        f"{label}: {entry['rows'] if isinstance(entry, dict) else entry}"
        for label, entry in sorted(tables.items())
        if (entry["rows"] if isinstance(entry, dict) else entry)
    ]
