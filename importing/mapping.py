"""The sections mapping file: old categories and old URL paths → section slugs. Pure Python.

A TOML file (``import_articles --mapping FILE``)::

    # Chuyên mục cũ của cổng Ban Dân vận Tỉnh ủy Bình Thuận → chuyên mục ở đây
    [categories]                       # category slug (nicename) or name, any case or accents
    "dan-van-kheo" = "dan-van-kheo"
    "Tin hoạt động" = "tin-hoat-dong"

    [paths]                            # the beginning of the old link's path
    "/tin-tuc/dan-van-chinh-quyen/" = "dan-van-chinh-quyen"

An item goes to the section of its first mapped category, else of the longest path prefix
of its link, else ``--section``; its categories that map to nothing are listed in the report.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from danvan.text import fold

__all__ = ["MappingError", "SectionMapping", "load_mapping"]


class MappingError(ValueError):
    """The mapping file cannot be used; a one-line Vietnamese reason."""


@dataclass(frozen=True)
class SectionMapping:
    categories: dict[str, str] = field(default_factory=dict)  # folded category → section slug
    paths: tuple[tuple[str, str], ...] = ()  # (path prefix, slug), longest first

    def section_for(self, categories: list[tuple[str, str]], link: str = "") -> tuple[str | None, list[str]]:
        """(section slug or None, labels of the categories that map to nothing)."""
        chosen, unmapped = None, []
        for nicename, label in categories:
            slug = self.categories.get(fold(nicename)) or self.categories.get(fold(label))
            if slug is None:
                unmapped.append(label or nicename)
            elif chosen is None:
                chosen = slug
        if chosen is None and link:
            path = unquote(urlsplit(link).path)
            chosen = next((slug for prefix, slug in self.paths if path.startswith(prefix)), None)
        return chosen, unmapped

    @property
    def slugs(self) -> set[str]:
        return {*self.categories.values(), *(slug for _prefix, slug in self.paths)}


def load_mapping(path: Path) -> SectionMapping:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise MappingError(f"không đọc được tệp ánh xạ {path}: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise MappingError(f"tệp ánh xạ {path} không đúng dạng TOML: {error}") from None
    unknown = set(data) - {"categories", "paths"}
    if unknown:
        raise MappingError(f"tệp ánh xạ {path} có bảng lạ: {', '.join(sorted(unknown))} (chỉ có [categories] và [paths])")
    tables = {}
    for table in ("categories", "paths"):
        values = data.get(table, {})
        if not isinstance(values, dict) or not all(isinstance(v, str) and v for v in values.values()):
            raise MappingError(f'tệp ánh xạ {path}: mỗi dòng trong [{table}] phải là "tên cũ" = "đường-dẫn-chuyên-mục"')
        tables[table] = values
    paths = sorted(((unquote(k), v) for k, v in tables["paths"].items()), key=lambda pair: -len(pair[0]))
    return SectionMapping({fold(k): v for k, v in tables["categories"].items()}, tuple(paths))
