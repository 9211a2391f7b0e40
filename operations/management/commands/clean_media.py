import datetime

from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError

from operations.orphans import find_orphans, media_root, move_aside, quarantine_dir


class Command(BaseCommand):
    help = (
        "Tìm các tệp trong thư mục media không còn bản ghi nào dùng (ảnh đã xóa, tệp tải lên dở); "
        "với --move, chuyển chúng sang một thư mục riêng bên cạnh thư mục media (không xóa)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--move", action="store_true", help="Chuyển các tệp mồ côi sang thư mục media.mo-coi-<ngày giờ>.")
        parser.add_argument(
            "--older-than", type=float, default=24, metavar="GIỜ", help="Chỉ tính các tệp cũ hơn số giờ này (mặc định: 24)."
        )
        parser.add_argument("--database", default="default", help="Bí danh cơ sở dữ liệu (mặc định: default).")

    def handle(self, *args, move, older_than, database, verbosity, **options):
        if older_than < 0:
            raise CommandError("--older-than phải là số giờ không âm.")
        if not isinstance(default_storage, FileSystemStorage):
            raise CommandError("Tệp media nằm trên kho lưu trữ đối tượng (S3): hãy dùng quy tắc vòng đời của bucket.")
        root = media_root()
        if not root.is_dir():
            self.stdout.write(f"Chưa có thư mục media ({root}): không có gì để dọn.")
            return
        found = find_orphans(root, grace=datetime.timedelta(hours=older_than), using=database)
        size = found.orphan_bytes / 1024 / 1024
        self.stdout.write(
            f"Đã xem {found.scanned} tệp: {len(found.orphans)} tệp không còn bản ghi nào dùng ({size:.1f} MB); "
            f"{found.kept_young} tệp mới hơn {older_than:g} giờ được giữ lại."
        )
        if verbosity >= 2 or not move:
            for name in found.orphans[:200] if verbosity < 2 else found.orphans:
                self.stdout.write(f"  {name}")
            if verbosity < 2 and len(found.orphans) > 200:
                self.stdout.write(f"  … và {len(found.orphans) - 200} tệp khác (-v 2 để xem hết).")
        if not found.orphans:
            return
        if not move:
            self.stdout.write("Chưa chuyển tệp nào: chạy lại với --move để chuyển chúng sang thư mục riêng.")
            return
        target = quarantine_dir(root)
        moved = move_aside(root, found.orphans, target)
        self.stdout.write(
            self.style.SUCCESS(f"Đã chuyển {moved} tệp sang {target}. Kiểm tra trang web rồi xóa thư mục đó khi chắc chắn.")
        )
