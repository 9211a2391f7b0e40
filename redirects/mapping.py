"""Load many old addresses at once from a CSV file: one line per old address,
``old address,target``. The target is a page of this site (``/chuyen-muc/dan-van-kheo/``,
``/tu-khoa/…/``, ``/bai-viet/…/`` or any other path it answers) or a section's name or
slug. The whole file is written or nothing: any line that cannot be understood is
reported with its number and why, and nothing changes."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import Resolver404, resolve
from taggit.models import Tag

from articles.models import Article, Section
from danvan.text import normalize_line

from .models import OldAddress


@dataclass
class MappingResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def _target(value: str) -> dict:
    if not value.startswith("/"):
        section = Section.objects.filter(Q(slug=value) | Q(name__iexact=value)).first()
        if section is None:
            raise ValueError(f"không có chuyên mục “{value}”")
        return {"section": section}
    try:
        match = resolve(value.split("?", 1)[0])
    except Resolver404:
        raise ValueError(f"trang này không có đường dẫn “{value}”") from None
    slug = match.kwargs.get("slug")
    finders = {
        "articles:section": ("section", Section.objects.filter(slug=slug)),
        "articles:tag": ("tag", Tag.objects.filter(slug=slug)),
        "articles:detail": ("article", Article.objects.filter(slug=slug)),
    }
    if match.view_name not in finders:
        return {"target_path": value}
    name, rows = finders[match.view_name]
    found = rows.first()
    if found is None:
        raise ValueError(f"không tìm thấy đích “{value}”")
    return {name: found}


def load_mapping(text: str, *, dry_run: bool = False) -> MappingResult:
    result = MappingResult()
    entries: list[OldAddress] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [normalize_line(c) for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            result.errors.append(f"dòng {number}: cần hai cột “địa chỉ cũ,đích”")
            continue
        try:
            target = _target(cells[1])
            entry = OldAddress(old_url=cells[0])
            entry.normalize()
            entry = OldAddress.objects.filter(host=entry.host, key=entry.key).first() or entry
            entry.article = entry.section = entry.tag = None
            entry.target_path = ""
            for name, value in target.items():
                setattr(entry, name, value)
            entry.full_clean()
        except ValueError as error:
            result.errors.append(f"dòng {number}: {error}")
            continue
        except ValidationError as error:
            result.errors.append(f"dòng {number}: {' '.join(error.messages)}")
            continue
        if (entry.host, entry.key) in seen:
            result.errors.append(f"dòng {number}: trùng địa chỉ cũ với dòng {seen[(entry.host, entry.key)]}")
            continue
        seen[(entry.host, entry.key)] = number
        entries.append(entry)
    result.updated = sum(1 for e in entries if e.pk is not None)
    result.created = len(entries) - result.updated
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        for entry in entries:
            entry.save()
    return result
