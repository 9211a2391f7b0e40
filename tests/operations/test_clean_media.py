"""manage.py clean_media: files no record uses are listed, and moved aside only when asked."""

from __future__ import annotations

import datetime
import io
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from operations.orphans import find_orphans, referenced_names
from tests.site.conftest import make_article, make_photo

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


def _old(path: Path, content: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    then = time.time() - 3 * DAY
    os.utime(path, (then, then))
    return path


def _run(*args) -> str:
    out = io.StringIO()
    call_command("clean_media", *args, stdout=out)
    return out.getvalue()


def _site():
    root = Path(settings.MEDIA_ROOT)
    photo = make_photo(make_article(title="Bài có ảnh"))
    kept = [name for name in (p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())]
    assert photo.image.name in kept and any("/renditions/" in name for name in kept)
    for name in kept:  # the photo's own files are old too: only being used keeps them
        then = time.time() - 3 * DAY
        os.utime(root / name, (then, then))
    orphan = _old(root / "photos/2020/01/0123456789abcdef0123456789abcdef.jpg")
    orphan_rendition = _old(root / "photos/2020/01/renditions/0123456789abcdef0123456789abcdef-400.webp")
    young = root / "photos/2026/12/fedcba9876543210fedcba9876543210.jpg"
    young.parent.mkdir(parents=True, exist_ok=True)
    young.write_bytes(b"being uploaded")
    return root, photo, kept, [orphan, orphan_rendition], young


def test_every_file_field_of_every_model_counts_as_a_use():
    _root, photo, _kept, _orphans, _young = _site()
    assert photo.image.name in referenced_names()


def test_orphans_are_listed_and_nothing_moves_without_move():
    root, _photo, kept, orphans, young = _site()
    output = _run()
    assert "2 tệp không còn bản ghi nào dùng" in output
    assert "1 tệp mới hơn 24 giờ được giữ lại" in output
    for path in orphans:
        assert path.relative_to(root).as_posix() in output and path.exists()
    assert "chạy lại với --move" in output
    assert young.exists() and all((root / name).exists() for name in kept)


def test_move_puts_orphans_aside_with_their_paths_and_keeps_what_is_used(client):
    root, photo, kept, orphans, young = _site()
    output = _run("--move")
    assert "Đã chuyển 2 tệp sang" in output
    aside = [p for p in root.parent.iterdir() if p.name.startswith(f"{root.name}.mo-coi-")]
    assert len(aside) == 1
    for path in orphans:
        assert not path.exists()
        assert (aside[0] / path.relative_to(root)).exists()
    assert not (root / "photos/2020").exists()  # emptied folders go too
    assert young.exists() and all((root / name).exists() for name in kept)
    assert client.get(photo.image.url).status_code == 200  # the article's photo still serves
    assert find_orphans(root, grace=datetime.timedelta(0)).orphans == [young.relative_to(root).as_posix()]


def test_a_bad_grace_period_is_refused_in_vietnamese():
    with pytest.raises(CommandError, match="--older-than phải là số giờ không âm"):
        _run("--older-than", "-1")


def test_no_media_folder_yet():
    assert "Chưa có thư mục media" in _run()
