"""Old addresses: the report of unmapped ones, and bulk loading of a mapping. Work in ``redirects``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from redirects.mapping import load_mapping
from redirects.models import MissedAddress


class Command(BaseCommand):
    help = "Địa chỉ cũ: liệt kê các địa chỉ được hỏi mà chưa chuyển được (--unmapped), hoặc nạp bảng chuyển hướng từ tệp CSV (--load)."

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--unmapped", action="store_true", help="Các địa chỉ cũ được hỏi nhiều nhất mà chưa có đích.")
        action.add_argument("--load", metavar="TỆP_CSV", help="Nạp tệp “địa chỉ cũ,đích” (cả tệp hoặc không dòng nào).")
        parser.add_argument("--limit", type=int, default=50, help="Số dòng tối đa của --unmapped (mặc định 50).")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="Dạng báo cáo.")
        parser.add_argument("--dry-run", action="store_true", help="Với --load: kiểm tra, không ghi gì.")

    def handle(self, *args: Any, unmapped: bool, load: str | None, limit: int, format: str, dry_run: bool, **options: Any) -> None:
        if unmapped:
            self._unmapped(limit, format)
        else:
            self._load(Path(load), dry_run)

    def _unmapped(self, limit: int, format: str) -> None:
        rows = list(MissedAddress.objects.order_by("-hits", "-last_seen")[: max(limit, 0)])
        if format == "json":
            payload = [
                {"address": r.example, "host": r.host, "key": r.key, "hits": r.hits, "last_seen": r.last_seen.isoformat()} for r in rows
            ]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("Chưa có địa chỉ cũ nào được hỏi mà không chuyển được.")
            return
        for r in rows:
            self.stdout.write(f"{r.hits:>7}  {r.last_seen:%d/%m/%Y %H:%M}  {r.example}")

    def _load(self, path: Path, dry_run: bool) -> None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Không đọc được tệp {path}: {error}") from None
        result = load_mapping(text, dry_run=dry_run)
        for line in result.errors:
            self.stderr.write(self.style.ERROR(line))
        if result.errors:
            raise CommandError(f"{len(result.errors)} dòng lỗi: không ghi dòng nào.", returncode=1)
        prefix = "[chạy thử, không ghi] " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}Tạo mới: {result.created}, cập nhật: {result.updated}"))
