"""Restore writes nothing until it is sure: a target holding data, a damaged or foreign
archive, an archive from a newer version are refused with the reason, in Vietnamese."""

from __future__ import annotations

import datetime as dt
import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from articles.models import Article, Section
from operations import databases
from operations.archive import ArchiveError
from operations.backup import make_backup, prune, to_prune
from operations.restore import RestoreRefused, occupied_tables, restore

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive(tmp_path, settings, pg_tools):
    section = Section.objects.create(name="Tin hoạt động")
    Article.objects.create(title="Hội nghị tổng kết công tác dân vận", section=section, status="published")
    (settings.MEDIA_ROOT / "van-ban").mkdir(parents=True)
    (settings.MEDIA_ROOT / "van-ban" / "ke-hoach.pdf").write_bytes(b"%PDF-1.4 ke hoach")
    return make_backup(output=tmp_path / "backups").path


def tables_in(alias: str) -> list[str]:
    return connections[alias].introspection.table_names()


def rewrite(archive, tmp_path, change):
    """A copy of the archive with ``change(name, data)`` applied to each member's bytes."""
    copy = tmp_path / "copy.tar"
    with tarfile.open(archive) as source, tarfile.open(copy, "w:") as out:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            if data is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    return copy


def test_a_database_with_data_is_refused_and_left_as_it_was(archive):
    later = Article.objects.create(title="Bài viết sau khi sao lưu", section=Section.objects.get())
    with pytest.raises(RestoreRefused) as refused:
        restore(archive)
    message = str(refused.value)
    assert message.startswith("Không khôi phục: cơ sở dữ liệu đã có dữ liệu (articles.Article, ")
    assert "thư mục media" in message and "--force" in message
    assert Article.objects.filter(pk=later.pk).exists()


def test_a_media_folder_with_files_is_refused_before_the_database_is_touched(archive, sqlite_database, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "other-media"
    (settings.MEDIA_ROOT / "photos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "photos" / "anh.jpg").write_bytes(b"jpeg")
    with pytest.raises(RestoreRefused, match=f"thư mục media {settings.MEDIA_ROOT} không trống"):
        restore(archive, using=sqlite_database)
    assert tables_in(sqlite_database) == []


def test_force_replaces_the_database_and_keeps_the_old_media_folder_aside(archive, settings):
    later = Article.objects.create(title="Bài viết sau khi sao lưu", section=Section.objects.get())
    (settings.MEDIA_ROOT / "anh-moi.jpg").write_bytes(b"new")
    result = restore(archive, force=True)
    assert not Article.objects.filter(pk=later.pk).exists()
    assert list(Article.objects.values_list("title", flat=True)) == ["Hội nghị tổng kết công tác dân vận"]
    assert sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == ["ke-hoach.pdf"]
    assert result.set_aside.name.startswith("media.truoc-khoi-phuc-")
    assert (result.set_aside / "anh-moi.jpg").read_bytes() == b"new"


def test_a_damaged_file_in_the_archive_stops_the_restore_before_anything_is_written(archive, sqlite_database, settings, tmp_path):
    damaged = rewrite(archive, tmp_path, lambda name, data: data.replace(b"ke hoach", b"ke hoac!") if name.startswith("media/") else data)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with pytest.raises(ArchiveError, match=r"^Tệp media/van-ban/ke-hoach.pdf trong bản sao lưu đã bị hỏng hoặc bị sửa"):
        restore(damaged, using=sqlite_database)
    assert tables_in(sqlite_database) == []
    assert not settings.MEDIA_ROOT.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda name, data: None if name.startswith("media/") else data,
            "Bản sao lưu thiếu 1 tệp ghi trong manifest, ví dụ media/van-ban/ke-hoach.pdf.",
        ),
        (
            lambda name, data: None if name == "manifest.json" else data,
            "Tệp này không phải bản sao lưu Dân Vận CMS: không có manifest.json.",
        ),
        (lambda name, data: b"{" if name == "manifest.json" else data, "manifest.json hỏng, không đọc được"),
    ],
    ids=["missing-member", "no-manifest", "broken-manifest"],
)
def test_an_incomplete_or_foreign_archive_is_refused(archive, sqlite_database, tmp_path, change, message):
    with pytest.raises(ArchiveError) as refused:
        restore(rewrite(archive, tmp_path, change), using=sqlite_database)
    assert str(refused.value).startswith(message)
    assert tables_in(sqlite_database) == []


def test_a_file_that_is_no_tar_is_refused(sqlite_database, tmp_path):
    bogus = tmp_path / "ghi-chu.tar"
    bogus.write_text("không phải tar")
    with pytest.raises(CommandError, match=r"^.*ghi-chu.tar không phải tệp tar đọc được"):
        call_command("restore", str(bogus), database=sqlite_database)


def test_an_archive_from_a_newer_version_is_refused(archive, sqlite_database, tmp_path):
    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["articles"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    with pytest.raises(ArchiveError) as refused:
        restore(rewrite(archive, tmp_path, newer), using=sqlite_database)
    assert str(refused.value) == (
        "Bản sao lưu được tạo bởi phiên bản mới hơn phiên bản đang cài (1 migration chưa có ở đây, "
        "ví dụ articles.9999_from_the_future). Hãy cài phiên bản mã nguồn mới hơn rồi khôi phục lại."
    )


def test_a_freshly_migrated_database_counts_as_empty(sqlite_database):
    call_command("migrate", database=sqlite_database, verbosity=0)
    assert occupied_tables(sqlite_database) == []


def test_a_missing_pg_dump_is_named_with_how_to_get_it(settings, monkeypatch, tmp_path):
    settings.PG_DUMP = str(tmp_path / "khong-co" / "pg_dump")
    with pytest.raises(ArchiveError, match=r"Biến PG_DUMP chỉ tới .*khong-co/pg_dump, nhưng không có chương trình chạy được ở đó\."):
        databases.tool("pg_dump")
    settings.PG_DUMP = ""
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ArchiveError) as missing:
        databases.tool("pg_dump")
    assert str(missing.value).startswith("Không tìm thấy chương trình pg_dump. Hãy cài gói postgresql-client")
    assert str(missing.value).endswith("hoặc ghi đường dẫn của nó vào biến PG_DUMP.")


@pytest.mark.skipif("connections['default'].vendor != 'postgresql'")
def test_backup_on_postgresql_without_pg_dump_says_so_and_leaves_nothing(settings, tmp_path, capsys):
    settings.PG_DUMP = str(tmp_path / "pg_dump")
    with pytest.raises(CommandError, match="không có chương trình chạy được ở đó"):
        call_command("backup", output=tmp_path / "backups")
    assert list((tmp_path / "backups").iterdir()) == []


def test_retention_keeps_the_newest_of_each_recent_day_and_week():
    stamps = [dt.datetime(2026, 12, day, hour) for day in (1, 2, 3, 9, 10, 16, 17) for hour in (2, 14)]
    dropped = to_prune(stamps, daily=2, weekly=3)
    kept = sorted(set(stamps) - dropped)
    # days 17 and 16 (newest of each), then the newest of ISO weeks 51 (16–17 Dec: already), 50 (9–10), 49 (1–3)
    assert kept == [
        dt.datetime(2026, 12, 3, 14),
        dt.datetime(2026, 12, 10, 14),
        dt.datetime(2026, 12, 16, 14),
        dt.datetime(2026, 12, 17, 14),
    ]
    assert to_prune(stamps, daily=0, weekly=0) == set(stamps)


def test_backup_command_prunes_old_archives(tmp_path, capsys):
    folder = tmp_path / "backups"
    folder.mkdir()
    for name in ("danvan-backup-20200101-020000.tar", "danvan-backup-20200102-020000.tar", "ghi-chu.txt"):
        (folder / name).write_bytes(b"")
    call_command("backup", output=folder, keep_daily=2)
    out = capsys.readouterr().out
    assert "Đã xóa bản sao lưu cũ danvan-backup-20200101-020000.tar" in out
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 3 and names[0] == "danvan-backup-20200102-020000.tar" and names[-1] == "ghi-chu.txt"
    assert names[1].startswith("danvan-backup-")  # the one just taken
    assert [p.name for p in prune(folder, daily=1, weekly=0)] == ["danvan-backup-20200102-020000.tar"]
