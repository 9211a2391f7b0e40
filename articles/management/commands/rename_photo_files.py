"""Move photos still stored under their upload's name to random tokens (``articles.media``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from articles.media import rename_guessable
from articles.models import Photo


class Command(BaseCommand):
    help = (
        "Đổi tên tệp ảnh (và các bản thu nhỏ) còn mang tên lúc tải lên thành mã ngẫu nhiên, để không ai đoán được địa chỉ ảnh "
        "của bài chưa xuất bản. Migration 0005 đã làm việc này một lần; chạy lại sau khi khôi phục tệp từ bản sao lưu cũ."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không đổi gì.")

    def handle(self, *args, dry_run: bool, **options) -> None:
        missing: list[str] = []
        try:
            moved = rename_guessable(Photo.objects.all(), dry_run=dry_run, report=missing.append)
        except OSError as error:
            raise CommandError(f"Không đổi tên được tệp ảnh: {error}") from error
        for line in missing:
            self.stderr.write(self.style.WARNING(line))
        verb = "Sẽ đổi tên" if dry_run else "Đã đổi tên"
        self.stdout.write(self.style.SUCCESS(f"{verb} {moved} tệp ảnh."))
