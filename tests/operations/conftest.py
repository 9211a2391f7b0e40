"""Fresh databases for the restore tests: a SQLite file, or a PostgreSQL database made for
the test (on the suite's server, or ``TEST_POSTGRES_URL`` when the suite runs on SQLite).
A missing server skips the test loudly, or fails it when REQUIRE_SERVERS=1 (CI)."""

from __future__ import annotations

import itertools
import os

import dj_database_url
import pytest
from django.db import connections

from operations.databases import register, unregister

_names = itertools.count(1)


def missing(reason: str):
    if os.environ.get("REQUIRE_SERVERS", "").strip() not in ("", "0"):
        pytest.fail(f"REQUIRE_SERVERS is set but {reason}")
    pytest.skip(reason)


def add_alias(alias: str, overrides: dict) -> None:
    register(alias, {**connections["default"].settings_dict, "OPTIONS": {}, "TEST": {}, **overrides})


def drop_alias(alias: str) -> None:
    unregister(alias)


def postgres_server() -> dict:
    if connections["default"].vendor == "postgresql":
        params = connections["default"].settings_dict
        return {k: params[k] for k in ("HOST", "PORT", "USER", "PASSWORD")}
    parts = dj_database_url.parse(os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    return {k: parts.get(k) or "" for k in ("HOST", "PORT", "USER", "PASSWORD")}


@pytest.fixture
def sqlite_database(tmp_path):
    alias = f"fresh_sqlite_{next(_names)}"
    add_alias(alias, {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / f"{alias}.sqlite3")})
    yield alias
    drop_alias(alias)


@pytest.fixture
def postgres_database():
    import psycopg

    server = postgres_server()
    name = f"danvan_restore_{os.getpid()}_{next(_names)}"
    try:
        admin = psycopg.connect(
            dbname="postgres",
            host=server["HOST"] or "127.0.0.1",
            port=server["PORT"] or 5432,
            user=server["USER"] or None,
            password=server["PASSWORD"] or None,
            autocommit=True,
            connect_timeout=3,
        )
    except psycopg.OperationalError as error:
        missing(f"no PostgreSQL server for the restore test: {error}")
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    alias = name
    add_alias(alias, {"ENGINE": "django.db.backends.postgresql", "NAME": name, "CONN_MAX_AGE": 0, **server})
    try:
        yield alias
    finally:
        drop_alias(alias)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def fresh_database(request):
    """A fresh, never migrated database of the suite's own engine."""
    vendor = connections["default"].vendor
    return request.getfixturevalue("postgres_database" if vendor == "postgresql" else "sqlite_database")


@pytest.fixture
def other_engine_database(request):
    """A fresh database of the other engine: PostgreSQL when the suite runs on SQLite."""
    vendor = connections["default"].vendor
    return request.getfixturevalue("sqlite_database" if vendor == "postgresql" else "postgres_database")


@pytest.fixture
def pg_tools():
    """pg_dump and pg_restore, which the PostgreSQL round trip runs."""
    import shutil

    if connections["default"].vendor == "postgresql":
        for tool in ("pg_dump", "pg_restore"):
            if not shutil.which(tool):
                missing(f"{tool} is not on PATH (apt install postgresql-client)")
