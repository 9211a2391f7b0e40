"""Finding files and naming them: the provenance key is the same whichever way the operator
names the archive, and does not depend on where the checkout lives."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from articles.models import Article
from importing.files import find_files
from importing.load import import_files

from .conftest import article_text


def test_keys_start_at_the_named_folder(tmp_path, monkeypatch):
    archive = tmp_path / "checkout" / "seeds"
    (archive / "2021").mkdir(parents=True)
    (archive / "a.txt").write_text("x", encoding="utf-8")
    (archive / "2021" / "b.txt").write_text("x", encoding="utf-8")
    (archive / "notes.md").write_text("x", encoding="utf-8")
    (archive / ".hidden").mkdir()
    (archive / ".hidden" / "c.txt").write_text("x", encoding="utf-8")

    by_folder = [f.key for f in find_files([str(archive)]).files]
    assert by_folder == ["seeds/2021/b.txt", "seeds/a.txt"]
    assert [f.key for f in find_files([str(archive / "*.txt")]).files] == ["seeds/a.txt"]
    assert [f.key for f in find_files([str(archive / "**" / "*.txt")]).files] == ["seeds/2021/b.txt", "seeds/a.txt"]
    assert [f.key for f in find_files([str(archive / "a.txt")]).files] == ["seeds/a.txt"]
    monkeypatch.chdir(tmp_path / "checkout")
    assert [f.key for f in find_files(["seeds"]).files] == by_folder


def test_a_file_named_twice_is_imported_once(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    found = find_files([str(tmp_path), str(tmp_path / "a.txt"), str(tmp_path / "*.txt")])
    assert len(found.files) == 1 and found.missing == []


def test_pattern_option_for_other_extensions(tmp_path):
    (tmp_path / "a.TXT").write_text("x", encoding="utf-8")
    (tmp_path / "b.text").write_text("x", encoding="utf-8")
    assert [f.path.name for f in find_files([str(tmp_path)], pattern="*.text").files] == ["b.text"]


LOOP = "không đọc được tệp: liên kết tượng trưng lặp vòng (các liên kết trỏ vòng về nhau)"


@pytest.fixture
def odd_archive(archive):
    """An archive with a good file and every kind of path that is not one."""
    (archive / "good.txt").write_text(article_text(1), encoding="utf-8")
    (archive / "loop.txt").symlink_to(archive / "loop.txt")  # a symlink loop
    (archive / "ring-a.txt").symlink_to(archive / "ring-b.txt")  # a loop of two
    (archive / "ring-b.txt").symlink_to(archive / "ring-a.txt")
    os.mkfifo(archive / "pipe.txt")  # opening it for reading would wait for a writer forever
    (archive / "folder.txt").mkdir()  # a folder named like a file
    (archive / "folder.txt" / "inner.txt").write_text(article_text(2), encoding="utf-8")
    return archive


def outcomes(arguments: list[str]) -> list[tuple[str, str, str]]:
    discovery = find_files(arguments)
    run = import_files(discovery.files, workers=0)
    return [(f.key, f.outcome, f.reason) for f in run.files] + [(key, "failed", reason) for key, reason in discovery.missing]


FIFO = "là ống dẫn (FIFO), không phải tệp thông thường: không mở"


@pytest.mark.django_db
def test_odd_paths_in_a_folder_fail_alone(reference, odd_archive):
    assert outcomes([str(odd_archive)]) == [
        ("archive/folder.txt/inner.txt", "created", ""),
        ("archive/good.txt", "created", ""),
        ("archive/loop.txt", "failed", LOOP),
        ("archive/pipe.txt", "failed", FIFO),
        ("archive/ring-a.txt", "failed", LOOP),
        ("archive/ring-b.txt", "failed", LOOP),
        ("archive/folder.txt", "failed", "là thư mục, không phải tệp: đã tìm tệp ở bên trong"),
    ]


@pytest.mark.django_db
def test_odd_paths_matched_by_a_glob_or_named_fail_alone(reference, odd_archive):
    assert outcomes([str(odd_archive / "*.txt")]) == [
        ("archive/good.txt", "created", ""),
        ("archive/loop.txt", "failed", LOOP),
        ("archive/pipe.txt", "failed", FIFO),
        ("archive/ring-a.txt", "failed", LOOP),
        ("archive/ring-b.txt", "failed", LOOP),
        ("archive/folder.txt", "failed", "là thư mục, không phải tệp: mẫu khớp cả thư mục này"),
    ]
    Article.objects.all().delete()
    named = [str(odd_archive / name) for name in ("loop.txt", "pipe.txt", "good.txt")]
    assert outcomes(named) == [
        ("archive/loop.txt", "failed", LOOP),
        ("archive/pipe.txt", "failed", FIFO),
        ("archive/good.txt", "created", ""),
    ]


def refuse_to_list(locked: set[str]):
    """os.scandir, except that listing one of ``locked`` is refused as the system refuses a
    folder without read permission (tests run as root, who may read anything)."""
    real = os.scandir

    def scandir(path="."):
        if str(path) in locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    return scandir


@pytest.mark.django_db
def test_a_folder_that_cannot_be_read_is_reported_and_the_rest_imports(reference, archive, monkeypatch):
    (archive / "a.txt").write_text(article_text(1), encoding="utf-8")
    (archive / "locked").mkdir()
    (archive / "locked" / "b.txt").write_text(article_text(2), encoding="utf-8")
    (archive.parent / "closed").mkdir()
    monkeypatch.setattr(os, "scandir", refuse_to_list({str(archive / "locked"), str(archive.parent / "closed")}))
    assert outcomes([str(archive), str(archive.parent / "closed")]) == [
        ("archive/a.txt", "created", ""),
        ("archive/locked", "failed", "không đọc được thư mục: không có quyền đọc"),
        (str(archive.parent / "closed"), "failed", "không đọc được thư mục: không có quyền đọc"),  # not "no *.txt files"
    ]


NOBODY = 65534


@pytest.mark.skipif(os.geteuid() == 0 and shutil.which("setpriv") is None, reason="needs setpriv to drop root's privileges")
def test_unreadable_folders_for_a_real_user():
    """The same, with real permissions: as a user, not as root (who may read anything)."""
    root = Path(tempfile.mkdtemp(prefix="importfix-perm-", dir="/tmp"))
    try:
        root.chmod(0o755)
        archive = root / "archive"
        (archive / "locked").mkdir(parents=True)
        (archive / "a.txt").write_text("x", encoding="utf-8")
        (archive / "locked" / "b.txt").write_text("x", encoding="utf-8")
        for path in (root, archive, archive / "a.txt"):
            path.chmod(0o755)
        (archive / "locked").chmod(0)
        script = (
            "import json, sys\n"
            f"sys.path.insert(0, {str(settings.BASE_DIR)!r})\n"
            "from importing.files import find_files, read_file, ReadError\n"
            "found = find_files(sys.argv[1:])\n"
            "print(json.dumps([[f.key for f in found.files], found.missing], ensure_ascii=False))\n"
        )
        as_user = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] if os.geteuid() == 0 else []
        arguments = [str(archive), str(archive / "locked"), str(archive / "locked" / "b.txt"), str(archive / "locked" / "*.txt")]
        done = subprocess.run([*as_user, sys.executable, "-c", script, *arguments], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        files, missing = json.loads(done.stdout)
        assert files == ["archive/a.txt"]
        assert missing == [
            ["archive/locked", "không đọc được thư mục: không có quyền đọc"],
            [str(archive / "locked"), "không đọc được thư mục: không có quyền đọc"],
            [str(archive / "locked" / "b.txt"), "không xem được: không có quyền đọc thư mục chứa nó"],
            [str(archive / "locked" / "*.txt"), f"không đọc được thư mục {archive / 'locked'}: không có quyền đọc"],
        ]
    finally:
        (root / "archive" / "locked").chmod(0o755)
        shutil.rmtree(root)
