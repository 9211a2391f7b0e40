"""A throwaway site for the import benchmarks: Django set up on a fresh SQLite file inside
the benchmark's own folder (never the project's database), migrated, reference data loaded."""

from __future__ import annotations

import os
import sys
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def scratch_site(folder: Path) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ["DANVAN_VAR_DIR"] = str(folder / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"]["NAME"] = str(folder / "bench.sqlite3")
    settings.DEBUG = False
    from django.core.management import call_command
    from django.db import connection

    assert connection.settings_dict["NAME"].startswith(str(folder)), "the benchmark must not touch the project database"
    call_command("migrate", verbosity=0)
    call_command("load_reference", stdout=StringIO())
