"""Back up a site with articles, photos, albums, documents with files, revisions and old
addresses; restore it into a fresh database and media folder; every table's rows and every
file's checksum come back. On SQLite through the backup API, on PostgreSQL through
pg_dump/pg_restore, and across engines (SQLite → PostgreSQL) through the portable form."""

from __future__ import annotations

import json
import tarfile

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.db import connections
from reversion.models import Revision, Version

from articles.models import Article
from operations.archive import MANIFEST
from operations.backup import make_backup
from operations.restore import restore
from organizations.models import DocumentFile
from portal.gallery import AlbumPhoto
from redirects.models import OldAddress

from .site import build_site, file_checksums, table_rows

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(django_user_model, settings):
    build_site(django_user_model)
    return {"rows": table_rows(), "files": file_checksums(settings.MEDIA_ROOT)}


def restored_into(alias, archive, settings, tmp_path, **options):
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    result = restore(archive, using=alias, **options)
    return result, table_rows(alias), file_checksums(settings.MEDIA_ROOT)


def test_the_site_under_test_has_everything_the_round_trip_must_keep(site):
    counts = {label: len(rows) for label, rows in site["rows"].items()}
    assert counts["articles.Article"] == 3
    assert counts["articles.Photo"] == counts["articles.MediaImage"] == counts["portal.AlbumPhoto"] == 3
    assert counts["organizations.DocumentFile"] == 1
    assert counts["reversion.Revision"] == 6 and counts["reversion.Version"] == 9  # the second revision follows the photo too
    assert counts["redirects.OldAddress"] == 4  # three imported source addresses, one section mapped by an editor
    assert counts["admin.LogEntry"] == 1 and counts["articles.AuditEvent"] == 1
    # 3 originals 480 px wide, each with its 400 px WebP and JPEG renditions, and the PDF
    assert len(site["files"]) == 3 + 3 * 2 + 1


def test_archive_manifest_counts_every_table_and_checks_every_file(site, tmp_path, settings, pg_tools):
    backup = make_backup(output=tmp_path / "backups")
    manifest = backup.manifest
    assert backup.path.name.startswith("danvan-backup-") and backup.path.suffix == ".tar"
    assert {label: entry["rows"] for label, entry in manifest["tables"].items()} == {label: len(r) for label, r in site["rows"].items()}
    assert manifest["format_version"] == 1 and manifest["engine"] == connections["default"].vendor
    assert "0001_initial" in manifest["migrations"]["articles"]
    media = {name[len("media/") :]: entry["sha256"] for name, entry in manifest["files"].items() if name.startswith("media/")}
    assert media == site["files"] and manifest["media"] == {"storage": "local", "files": len(site["files"])}
    with tarfile.open(backup.path) as tar:
        assert tar.getnames()[-1] == MANIFEST
        stored = json.load(tar.extractfile("site-settings.json"))
    assert [row["name"] for row in stored] == ["Ban Dân vận Tỉnh ủy Đồng Tháp"]
    assert not list((tmp_path / "backups").glob("*.partial")) and not list((tmp_path / "backups").glob(".staging-*"))


def test_restore_into_a_fresh_database_and_folder_loses_nothing(site, fresh_database, tmp_path, settings, pg_tools):
    archive = make_backup(output=tmp_path / "backups").path
    result, rows, files = restored_into(fresh_database, archive, settings, tmp_path)
    assert result.method == ("pg_restore" if connections["default"].vendor == "postgresql" else "sqlite")
    assert rows == site["rows"]
    assert files == site["files"]
    assert result.media_files == len(site["files"]) and result.differences == {}


def test_sqlite_archive_restores_into_postgresql_through_the_portable_form(site, other_engine_database, tmp_path, settings, pg_tools):
    """The move up from the embedded default (and, on the PostgreSQL suite, the way back)."""
    archive = make_backup(output=tmp_path / "backups").path
    result, rows, files = restored_into(other_engine_database, archive, settings, tmp_path)
    assert result.method == "portable"
    assert rows == site["rows"]
    assert files == site["files"]
    # New rows are numbered after the restored ones (sequences reset on PostgreSQL).
    target = other_engine_database
    restored = Article.objects.using(target).get(pk=site["rows"]["articles.Article"][0][0])
    [fresh] = Article.objects.using(target).bulk_create(
        [Article(title="Bài mới sau khi chuyển", slug="bai-moi", section_id=restored.section_id)]
    )
    assert fresh.pk == max(row[0] for row in site["rows"]["articles.Article"]) + 1
    assert Version.objects.using(target).get_for_object(restored).count() == 2
    assert OldAddress.objects.using(target).filter(article=restored).count() == 1
    assert AlbumPhoto.objects.using(target).count() == 3 and DocumentFile.objects.using(target).get().size > 0
    assert LogEntry.objects.using(target).get().change_message == "Đã thêm."
    assert Revision.objects.using(target).filter(comment="Tạo bài").count() == 3


def test_portable_form_restores_on_the_same_engine_too(site, fresh_database, tmp_path, settings, pg_tools):
    archive = make_backup(output=tmp_path / "backups").path
    result, rows, files = restored_into(fresh_database, archive, settings, tmp_path, use_portable=True)
    assert result.method == "portable"
    assert (rows, files) == (site["rows"], site["files"])


def test_restore_command_prints_what_it_restored(site, fresh_database, tmp_path, settings, capsys, pg_tools):
    call_command("backup", output=tmp_path / "backups")
    out = capsys.readouterr().out
    assert out.startswith("Đã sao lưu vào ") and f"{len(site['files'])} tệp media." in out
    archive = next((tmp_path / "backups").glob("*.tar"))
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("restore", str(archive), database=fresh_database)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"Đã khôi phục {archive.name} vào ")
    assert "  articles.Article: 3" in lines and "  reversion.Version: 9" in lines and "  portal.AlbumPhoto: 3" in lines
    assert lines[-1] == f"Tệp media: {len(site['files'])}"
