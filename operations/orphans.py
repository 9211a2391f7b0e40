"""Media files no record points to, found and moved aside (``manage.py clean_media``).

A file is *kept* when any file field of any model names it (library images, article photos,
album and video files, document attachments, the site's logo…: read generically from every
model, so a new app's files are covered without a list here), or when it is a rendition
(``…/renditions/<stem>-<width>.<ext>``) of such a file. Files younger than a grace period
are kept too: an upload is written before its row commits.

Orphans are not deleted: ``--move`` puts them under one dated folder beside the media
folder, with their paths kept, so a file found missing later is moved back with ``mv``.
Only local media is handled (on object storage, a bucket lifecycle rule does this job).
"""

from __future__ import annotations

import datetime
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from articles.media import originals_for


@dataclass
class Findings:
    scanned: int = 0
    kept_young: int = 0
    orphans: list[str] = field(default_factory=list)
    orphan_bytes: int = 0


def referenced_names(using: str = "default") -> set[str]:
    """Every stored name a file field of any model holds."""
    names: set[str] = set()
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                values = model._base_manager.using(using).exclude(**{model_field.name: ""}).values_list(model_field.name, flat=True)
                names.update(value for value in values.iterator(chunk_size=2000) if value)
    return names


def media_files(root: Path) -> Iterator[str]:
    """Stored names (relative, forward slashes) of the files under ``root``, hidden ones and
    temporary upload parts left out."""
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for filename in filenames:
            if filename.startswith(".") or filename.endswith((".part", ".tmp")):
                continue
            yield Path(folder, filename).relative_to(root).as_posix()


def find_orphans(root: Path, *, grace: datetime.timedelta, using: str = "default") -> Findings:
    known = referenced_names(using)
    findings = Findings()
    cutoff = datetime.datetime.now().timestamp() - grace.total_seconds()
    for name in sorted(media_files(root)):
        findings.scanned += 1
        if any(candidate in known for candidate in originals_for(name)):
            continue
        stat = (root / name).stat()
        if stat.st_mtime > cutoff:
            findings.kept_young += 1
            continue
        findings.orphans.append(name)
        findings.orphan_bytes += stat.st_size
    return findings


def quarantine_dir(root: Path, now: datetime.datetime | None = None) -> Path:
    stamp = (now or datetime.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return root.parent / f"{root.name}.mo-coi-{stamp}"


def move_aside(root: Path, names: list[str], target: Path) -> int:
    """Move ``names`` from ``root`` into ``target`` (same relative paths); empty folders left
    behind are removed. Returns how many files moved."""
    moved = 0
    for name in names:
        source = root / name
        if not source.is_file():
            continue  # removed since it was found
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, destination)
        moved += 1
        folder = source.parent
        while folder != root and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return moved


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)
