from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.archive import ArchiveError
from operations.backup import table_lines
from operations.restore import describe_target, restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và thư mục media từ một bản sao lưu (kiểm tra manifest trước khi ghi)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="Tệp sao lưu (danvan-backup-….tar).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Khôi phục cả khi nơi nhận đã có dữ liệu (thay cơ sở dữ liệu, giữ thư mục media cũ dưới tên khác).",
        )
        parser.add_argument("--portable", action="store_true", help="Nạp dạng di động (JSON) ngay cả khi cùng loại cơ sở dữ liệu.")
        parser.add_argument("--database", default="default", help="Bí danh cơ sở dữ liệu (mặc định: default).")

    def handle(self, *args, archive, force, portable, database, **options):
        try:
            restored = restore(archive, using=database, force=force, use_portable=portable)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        how = {"sqlite": "tệp SQLite", "pg_restore": "pg_restore", "portable": "dạng di động (JSON)"}[restored.method]
        self.stdout.write(self.style.SUCCESS(f"Đã khôi phục {archive.name} vào {describe_target(database)} (qua {how})."))
        for line in table_lines(restored.tables):
            self.stdout.write(f"  {line}")
        self.stdout.write(f"Tệp media: {restored.media_files}")
        if restored.set_aside:
            self.stdout.write(f"Thư mục media cũ được giữ ở {restored.set_aside}")
        for label, (expected, found) in sorted(restored.differences.items()):
            self.stderr.write(self.style.WARNING(f"{label}: bản sao lưu có {expected} dòng, sau khi nâng cấp còn {found}."))
