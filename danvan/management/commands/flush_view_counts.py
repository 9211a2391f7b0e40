"""Write the article views buffered in Redis to the database now.

The page-cache middleware flushes them by itself every few seconds while readers arrive;
run this before reading view counts straight from the database (a report, a benchmark),
or from cron on a quiet site so the last views of the day are written.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError

from danvan.viewcounts import REDIS_ERRORS, flush_view_counts


class Command(BaseCommand):
    help = "Ghi số lượt xem đang đệm trong Redis vào cơ sở dữ liệu."

    def handle(self, *args, **options):
        try:
            written = flush_view_counts()
        except DatabaseError as error:
            raise CommandError(f"Không ghi được lượt xem vào cơ sở dữ liệu, chúng vẫn nằm trong bộ đệm: {error}") from error
        except REDIS_ERRORS as error:
            raise CommandError(f"Không đọc được bộ đệm lượt xem trong Redis: {error}") from error
        self.stdout.write(f"Đã ghi {written} lượt xem vào cơ sở dữ liệu.")
