from django.core.management.base import BaseCommand, CommandError

from operations.deploy_checks import run_all


class Command(BaseCommand):
    help = "Kiểm tra sau khi nâng cấp: kiểm tra triển khai của Django, migration, tệp tĩnh, media, khóa bí mật, sao lưu."

    def handle(self, *args, **options):
        results = run_all()
        for result in results:
            mark, style = ("✓", self.style.SUCCESS) if result.ok else ("✗", self.style.ERROR)
            self.stdout.write(style(f"{mark} {result.name}: {result.message}"))
        failed = [r for r in results if not r.ok]
        if failed:
            raise CommandError(f"{len(failed)}/{len(results)} kiểm tra không đạt.")
        self.stdout.write(self.style.SUCCESS(f"Cả {len(results)} kiểm tra đều đạt."))
