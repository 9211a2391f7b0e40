from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.archive import ArchiveError
from operations.backup import backup_dir, make_backup, prune, table_lines


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu, thư mục media và thông tin trang vào một tệp tar (kèm manifest kiểm tra)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Thư mục ghi bản sao lưu (mặc định: BACKUP_DIR, hoặc var/backups/).")
        parser.add_argument("--keep-daily", type=int, metavar="N", help="Giữ bản mới nhất của N ngày gần nhất; xóa các bản khác.")
        parser.add_argument("--keep-weekly", type=int, metavar="M", help="Giữ bản mới nhất của M tuần gần nhất (cùng với --keep-daily).")
        parser.add_argument("--database", default="default", help="Bí danh cơ sở dữ liệu (mặc định: default).")

    def handle(self, *args, output, keep_daily, keep_weekly, database, verbosity, **options):
        for name, value in (("--keep-daily", keep_daily), ("--keep-weekly", keep_weekly)):
            if value is not None and value < 0:
                raise CommandError(f"{name} phải là số không âm.")
        directory = output or backup_dir()
        try:
            backup = make_backup(output=directory, using=database)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        manifest = backup.manifest
        rows = sum(entry["rows"] for entry in manifest["tables"].values())
        size = backup.path.stat().st_size / 1024 / 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu vào {backup.path} ({size:.1f} MB): {rows} dòng dữ liệu, {manifest['media']['files']} tệp media."
            )
        )
        if manifest["media"]["storage"] != "local":
            self.stderr.write(
                self.style.WARNING(
                    "Tệp media nằm trên kho lưu trữ đối tượng (S3): bản sao lưu không chứa chúng; hãy bật versioning của bucket."
                )
            )
        if verbosity >= 2:
            for line in table_lines(manifest["tables"]):
                self.stdout.write(f"  {line}")
        if keep_daily is not None or keep_weekly is not None:
            removed = prune(Path(directory), daily=keep_daily or 0, weekly=keep_weekly or 0)
            for path in removed:
                self.stdout.write(f"Đã xóa bản sao lưu cũ {path.name}")
