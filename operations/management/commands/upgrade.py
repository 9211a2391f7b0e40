from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.upgrade import UpgradeFailed, upgrade


class Command(BaseCommand):
    help = "Nâng cấp: sao lưu, chạy migration, thu thập tệp tĩnh, nạp lại gunicorn (make upgrade)."

    def add_arguments(self, parser):
        parser.add_argument("--pid-file", type=Path, help="Tệp pid của gunicorn (mặc định: GUNICORN_PID_FILE, hoặc var/gunicorn.pid).")

    def handle(self, *args, pid_file, **options):
        try:
            upgrade(write=self.stdout.write, pid_file=pid_file)
        except UpgradeFailed as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS("Nâng cấp xong. Chạy manage.py check_deploy để kiểm tra."))
