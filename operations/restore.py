"""``manage.py restore ARCHIVE``: the database and the media folder, from an archive
that has first been checked member by member against its manifest.

The target must be empty — a fresh database (migrated or not) and an empty media folder —
unless ``force`` is given; then the database is replaced and the old media folder is kept
aside under another name, never deleted. Same engine: SQLite's file through the backup API,
PostgreSQL's dump through pg_restore. Another engine (SQLite → PostgreSQL, the move up from
the embedded default) goes through the portable form, migrated to the archive's state first;
either way the target is then migrated to this version.
"""

from __future__ import annotations

import datetime
import io
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from articles.counts import recount_all
from danvan.cache import bump_generation

from . import databases, portable
from .archive import ArchiveError, open_archive, verify
from .backup import media_files, media_on_disk

# What `migrate` writes into a fresh database: a target holding only these is still empty.
# What a fresh `migrate` writes: the default pages come with their search entries (search 0003).
MIGRATION_SEEDED = frozenset(
    {
        "contenttypes.ContentType",
        "auth.Permission",
        "auth.Group",
        "auth.Group_permissions",
        "portal.SiteSettings",
        "portal.Page",
        "search.SearchEntry",
        "articles.CountsClock",  # (articles 0013: the clock of the kept counts)
    }
)


class RestoreRefused(ArchiveError):
    pass


@dataclass
class Restored:
    method: str
    tables: dict[str, int]
    media_files: int
    set_aside: Path | None = None
    differences: dict[str, tuple[int, int]] = field(default_factory=dict)


def occupied_tables(using: str) -> list[str]:
    """The tables of the target that hold rows a fresh `migrate` would not have written."""
    existing = set(connections[using].introspection.table_names())
    return [
        m._meta.label
        for m in portable.dumped_models()
        if m._meta.label not in MIGRATION_SEEDED and m._meta.db_table in existing and m._base_manager.using(using).exists()
    ]


def check_migrations(manifest: dict, using: str) -> None:
    known = set(MigrationExecutor(connections[using]).loader.disk_migrations)
    unknown = sorted(f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names if (app, name) not in known)
    if unknown:
        raise ArchiveError(
            f"Bản sao lưu được tạo bởi phiên bản mới hơn phiên bản đang cài ({len(unknown)} migration chưa có ở đây, "
            f"ví dụ {unknown[0]}). Hãy cài phiên bản mã nguồn mới hơn rồi khôi phục lại."
        )


def check_target(manifest: dict, using: str, force: bool) -> None:
    if force:
        return
    reasons = []
    tables = occupied_tables(using)
    if tables:
        reasons.append(f"cơ sở dữ liệu đã có dữ liệu ({', '.join(tables[:4])}{' …' if len(tables) > 4 else ''})")
    if media_on_disk() and next(media_files(Path(settings.MEDIA_ROOT)), None):
        reasons.append(f"thư mục media {settings.MEDIA_ROOT} không trống")
    if reasons:
        raise RestoreRefused(
            "Không khôi phục: " + "; ".join(reasons) + ". Chỉ khôi phục vào nơi trống; "
            "muốn ghi đè thì chạy lại với --force (dữ liệu hiện có của cơ sở dữ liệu bị thay thế, "
            "thư mục media cũ được giữ lại dưới tên khác)."
        )


def migrate_to_archive_state(manifest: dict, using: str) -> None:
    executor = MigrationExecutor(connections[using])
    graph = executor.loader.graph
    targets = []
    for app in sorted(executor.loader.migrated_apps):
        names = manifest["migrations"].get(app)
        if names:
            targets.append(max(((app, name) for name in names), key=lambda node: len(graph.forwards_plan(node))))
        else:
            targets.append((app, None))
    executor.migrate(targets, plan=executor.migration_plan(targets))


def portable_files(tar: tarfile.TarFile, manifest: dict):
    for name in sorted(n for n in manifest["files"] if n.startswith("portable/")):
        yield io.TextIOWrapper(tar.extractfile(name), encoding="utf-8")


def extract(tar: tarfile.TarFile, name: str, workdir: Path) -> Path:
    destination = workdir / Path(name).name
    with tar.extractfile(name) as source, open(destination, "wb") as out:
        shutil.copyfileobj(source, out)
    return destination


def restore_database(tar: tarfile.TarFile, manifest: dict, using: str, workdir: Path, use_portable: bool) -> str:
    target = databases.vendor(using)
    if not use_portable and target == manifest["engine"] == "sqlite":
        databases.sqlite_replace(using, extract(tar, manifest["database"], workdir))
        method = "sqlite"
    elif not use_portable and target == manifest["engine"] == "postgresql":
        databases.tool("pg_restore")
        databases.pg_restore(using, extract(tar, manifest["database"], workdir))
        method = "pg_restore"
    else:
        migrate_to_archive_state(manifest, using)
        portable.load(portable_files(tar, manifest), using)
        method = "portable"
    call_command("migrate", database=using, interactive=False, verbosity=0)
    # The portable load writes without signals, and scheduled articles may have fallen due
    # since the backup: the kept counts of citing articles are counted afresh.
    recount_all(using=using)
    return method


def stage_media(tar: tarfile.TarFile, manifest: dict, staging: Path) -> int:
    count = 0
    for name in sorted(n for n in manifest["files"] if n.startswith("media/")):
        destination = staging / name[len("media/") :]
        destination.parent.mkdir(parents=True, exist_ok=True)
        with tar.extractfile(name) as source, open(destination, "wb") as out:
            shutil.copyfileobj(source, out)
        count += 1
    return count


def swap_media(staging: Path) -> Path | None:
    """Put the restored folder in place of MEDIA_ROOT; a non-empty old one is kept aside."""
    root = Path(settings.MEDIA_ROOT)
    aside = None
    if root.exists():
        if next(media_files(root), None):
            aside = root.with_name(f"{root.name}.truoc-khoi-phuc-{datetime.datetime.now():%Y%m%d-%H%M%S}")
            root.rename(aside)
        else:
            shutil.rmtree(root)
    root.parent.mkdir(parents=True, exist_ok=True)
    staging.rename(root)
    return aside


def store_media(staging: Path) -> None:
    """Media on object storage: each file saved under its own name."""
    for name, path in media_files(staging):
        stored = name[len("media/") :]
        with open(path, "rb") as handle:
            if default_storage.save(stored, File(handle)) != stored:
                raise ArchiveError(f"Kho media đã có tệp {stored}; không ghi đè.")


def restore(archive: Path, *, using: str = "default", force: bool = False, use_portable: bool = False) -> Restored:
    archive = Path(archive)
    with open_archive(archive) as tar:
        manifest = verify(tar)
        check_migrations(manifest, using)
        check_target(manifest, using, force)
        media_root = Path(settings.MEDIA_ROOT)
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=media_root.parent, prefix=f".{media_root.name}.restoring-"))
        try:
            count = stage_media(tar, manifest, staging / "files")
            with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".database-restoring-") as workdir:
                method = restore_database(tar, manifest, using, Path(workdir), use_portable)
            if media_on_disk():
                (staging / "files").mkdir(exist_ok=True)
                aside = swap_media(staging / "files")
            else:
                store_media(staging / "files")
                aside = None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    bump_generation(using)
    tables = portable.count_rows(using)
    expected = {label: entry["rows"] for label, entry in manifest["tables"].items()}
    differences = {label: (rows, tables.get(label, 0)) for label, rows in expected.items() if tables.get(label, 0) != rows}
    return Restored(method=method, tables=tables, media_files=count, set_aside=aside, differences=differences)


def describe_target(using: str = "default") -> str:
    params = connections[using].settings_dict
    if connections[using].vendor == "sqlite":
        return str(params["NAME"])
    return f"{params.get('NAME')} trên {params.get('HOST') or 'localhost'}:{params.get('PORT') or 5432}"
