from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsroom.catalogue import catalogues, stale, write_mo


class Command(BaseCommand):
    help = "Biên dịch các tệp dịch .po của dự án (locale/) thành .mo, không cần gettext."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Chỉ kiểm tra: báo lỗi nếu tệp .mo không khớp tệp .po.")

    def handle(self, *args, check: bool, **options):
        pos = catalogues(settings.LOCALE_PATHS)
        if check:
            outdated = [po for po in pos if stale(po)]
            for po in outdated:
                self.stderr.write(self.style.ERROR(f"{po.with_suffix('.mo')} không khớp {po.name}"))
            if outdated:
                raise CommandError("Chạy manage.py compile_catalogue rồi commit các tệp .mo.")
            return
        for po in pos:
            self.stdout.write(self.style.SUCCESS(f"{write_mo(po)}"))
