"""Write the article views buffered in Redis to the database now.

The page-cache middleware flushes them by itself every few seconds while readers arrive;
run this before reading view counts straight from the database (a report, a benchmark),
or from cron on a quiet site so the last views of the day are written.
"""

from django.core.management.base import BaseCommand

from danvan.cache import flush_view_counts


class Command(BaseCommand):
    help = "Ghi số lượt xem đang đệm trong Redis vào cơ sở dữ liệu."

    def handle(self, *args, **options):
        written = flush_view_counts()
        self.stdout.write(f"Đã ghi {written} lượt xem vào cơ sở dữ liệu.")
