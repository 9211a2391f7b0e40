from pathlib import Path

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from organizations.reference import FIXTURES_DIR, load_reference


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu tham chiếu (chuyên mục, tổ chức, văn bản, mô hình “Dân vận khéo”) từ fixtures/; "
        "với --seeds, nhập thêm các bài mẫu trong fixtures/seeds/. Chạy lại nhiều lần không tạo bản trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, default=FIXTURES_DIR, help="Thư mục chứa các tệp JSON tham chiếu.")
        parser.add_argument("--update", action="store_true", help="Ghi đè bản ghi đã có bằng dữ liệu trong tệp.")
        parser.add_argument("--seeds", action="store_true", help="Nhập các bài mẫu trong fixtures/seeds/ sau khi nạp tham chiếu.")

    def handle(self, *args, directory: Path, update: bool, seeds: bool, verbosity: int, **options):
        if not directory.is_dir():
            raise CommandError(f"Không tìm thấy thư mục dữ liệu tham chiếu: {directory}")
        result = load_reference(directory, update=update)
        labels = sorted(set(result.created) | set(result.updated) | set(result.unchanged))
        for label in labels:
            self.stdout.write(
                f"{label}: {result.created[label]} mới, {result.updated[label]} cập nhật, {result.unchanged[label]} giữ nguyên"
            )
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu tham chiếu." if result.changed else "Dữ liệu tham chiếu đã đầy đủ."))
        if seeds:
            if "import_articles" not in get_commands():
                raise CommandError("Chưa có lệnh import_articles để nhập bài mẫu.")
            call_command("import_articles", str(directory / "seeds"), verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
