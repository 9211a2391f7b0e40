"""Count afresh, for every document, body and model, the public articles that cite it."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from articles.counts import recount_all, stale_counts

NAMES = {"documents": "văn bản", "organizations": "tổ chức", "exemplars": "mô hình"}


class Command(BaseCommand):
    help = (
        "Đếm lại số bài viết công khai của từng văn bản, tổ chức, mô hình (các danh sách hiển thị con số này). "
        "Con số vẫn tự cập nhật khi bài hay liên kết thay đổi; lệnh này để kiểm tra, hoặc sau khi ghi thẳng vào cơ sở dữ liệu."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Chỉ báo số bản ghi lệch, không sửa.")
        parser.add_argument("--database", default="default", help="Cơ sở dữ liệu (mặc định: default).")

    def handle(self, *args, dry_run: bool, database: str, verbosity: int, **options) -> None:
        stale = stale_counts(using=database)
        if verbosity >= 1:
            for name, rows in stale.items():
                line = f"{NAMES[name]}: {rows} bản ghi lệch"
                self.stdout.write(self.style.WARNING(line) if rows else line)
        if dry_run:
            return
        recount_all(using=database)
        self.stdout.write(self.style.SUCCESS(f"Đã đếm lại; đã sửa {sum(stale.values())} bản ghi."))
