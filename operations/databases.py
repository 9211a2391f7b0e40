"""The database in its own engine's form: SQLite through the online backup API, PostgreSQL
through pg_dump / pg_restore (custom format). Which program runs is ``PG_DUMP`` /
``PG_RESTORE`` in the settings, else the one on PATH."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.utils import load_backend

from .archive import ArchiveError


def vendor(using: str) -> str:
    return connections[using].vendor


def sqlite_snapshot(using: str, destination: Path) -> None:
    """A consistent copy of the live SQLite database, taken while others keep writing.

    The backup API copies every page in one step (``pages=-1``) inside one read
    transaction: in WAL mode that never blocks a writer, and the copy is the database as
    it was at one instant, never a mix of before and after an editor's save.
    """
    connection = connections[using]
    connection.ensure_connection()
    target = sqlite3.connect(destination)
    try:
        connection.connection.backup(target, pages=-1)
    finally:
        target.close()


def sqlite_replace(using: str, source: Path) -> None:
    """Put the archived SQLite database in place of the live one, in one step."""
    connection = connections[using]
    connection.ensure_connection()
    origin = sqlite3.connect(source)
    try:
        origin.backup(connection.connection, pages=-1)
    finally:
        origin.close()


def register(alias: str, settings_dict: dict) -> None:
    """A connection for ``alias`` made here, not from settings.DATABASES (so never routed to)."""
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    setattr(connections._connections, alias, wrapper)


def unregister(alias: str) -> None:
    if hasattr(connections._connections, alias):
        connections[alias].close()
        delattr(connections._connections, alias)


@contextmanager
def sqlite_alias(path: Path):
    """A temporary database alias for a SQLite file, for Django to read it as it reads the site's."""
    alias = f"danvan_snapshot_{os.getpid()}"
    params = {**connections["default"].settings_dict, "ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": {}, "TEST": {}}
    register(alias, params)
    try:
        yield alias
    finally:
        unregister(alias)


def tool(name: str) -> str:
    """The path of pg_dump or pg_restore, or a message saying how to get it."""
    configured = getattr(settings, name.upper(), "") or ""
    if configured:
        if Path(configured).is_file() and os.access(configured, os.X_OK):
            return configured
        raise ArchiveError(f"Biến {name.upper()} chỉ tới {configured}, nhưng không có chương trình chạy được ở đó.")
    found = shutil.which(name)
    if not found:
        raise ArchiveError(
            f"Không tìm thấy chương trình {name}. Hãy cài gói postgresql-client (cùng phiên bản chính với máy chủ "
            f"PostgreSQL, ví dụ: apt install postgresql-client-15) hoặc ghi đường dẫn của nó vào biến {name.upper()}."
        )
    return found


def _connection_args(using: str) -> tuple[list[str], dict[str, str]]:
    params = connections[using].settings_dict
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if params.get(key):
            args += [flag, str(params[key])]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])  # never on the command line, where `ps` shows it
    return [*args, "--dbname", params["NAME"]], env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise ArchiveError(f"{what} thất bại (mã {result.returncode}): {' / '.join(detail[-3:])}")


def pg_dump(using: str, destination: Path, snapshot: str | None) -> None:
    args, env = _connection_args(using)
    command = [tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={destination}", *args]
    if snapshot:
        command.insert(1, f"--snapshot={snapshot}")
    _run(command, env, "pg_dump")


def pg_restore(using: str, source: Path) -> None:
    connections[using].close()  # the tables are dropped and made again: hold no connection meanwhile
    args, env = _connection_args(using)
    command = [tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", *args, str(source)]
    _run(command, env, "pg_restore")
