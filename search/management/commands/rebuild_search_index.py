from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Empty the search index and build it again from every article, document, body and model."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be indexed; change nothing.")
        parser.add_argument("--batch-size", type=int, default=500, help="Rows written per INSERT (default 500).")

    def handle(self, *args, dry_run: bool = False, batch_size: int = 500, verbosity: int = 1, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            counts = rebuild(batch_size=batch_size, dry_run=dry_run)
        except DatabaseError as error:
            raise CommandError(f"Could not rebuild the search index: {error}") from error
        if verbosity >= 2:
            for kind, count in counts.items():
                self.stdout.write(f"  {kind}: {count}")
        verb = "Would index" if dry_run else "Indexed"
        self.stdout.write(self.style.SUCCESS(f"{verb} {sum(counts.values())} records."))
