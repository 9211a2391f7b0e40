"""The portable form of the database: every table's rows as Django sees them, one JSON
Lines file per model, so an archive taken on SQLite loads into PostgreSQL and back.

Rows are read with ``values_list`` over each model's own columns (many-to-many link tables
are models of their own here, so nothing is dumped twice) and written back with raw
inserts: no ``save()``, no signals, no ``auto_now``, so what comes back is what was dumped,
primary keys included. Foreign keys are deferred to the commit on both engines, so the
order of tables does not matter inside the one transaction the load runs in.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
import uuid
from collections.abc import Iterable, Iterator
from typing import IO

from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, transaction
from django.db.models.base import ModelState
from django.utils.duration import duration_iso_string

CHUNK = 2000


def dumped_models() -> list:
    """Every table Django manages, link tables included, in a stable order."""
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy and not m._meta.swapped]
    return sorted(models, key=lambda m: m._meta.label_lower)


def columns(model) -> list:
    return list(model._meta.local_concrete_fields)


def encode(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()  # every microsecond: DjangoJSONEncoder keeps only milliseconds
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    raise TypeError(f"{type(value).__name__} không ghi được ra JSON")


def rows(model, using: str) -> Iterator[tuple]:
    names = [f.attname for f in columns(model)]
    return model._base_manager.using(using).order_by("pk").values_list(*names).iterator(chunk_size=CHUNK)


def count_rows(using: str) -> dict[str, int]:
    return {m._meta.label: m._base_manager.using(using).count() for m in dumped_models()}


def write_model(model, using: str, out: IO[str]) -> int:
    """One model's rows to ``out``: a header line naming the columns, then a JSON array per row."""
    out.write(json.dumps({"model": model._meta.label, "columns": [f.attname for f in columns(model)]}) + "\n")
    written = 0
    for row in rows(model, using):
        out.write(json.dumps(row, default=encode, ensure_ascii=False) + "\n")
        written += 1
    return written


def decode(field, value):
    if isinstance(value, dict) and set(value) == {"base64"} and field.get_internal_type() == "BinaryField":
        return base64.b64decode(value["base64"])
    if value is None:
        return None
    if field.get_internal_type() == "JSONField":
        return value
    return field.to_python(value)


class PortableError(Exception):
    pass


def read_model(lines: Iterable[str]) -> tuple[object, list, Iterator[list]]:
    """The model, its columns (fields) and the rows of one portable file."""
    iterator = iter(lines)
    header = json.loads(next(iterator))
    try:
        model = apps.get_model(header["model"])
    except LookupError as error:
        raise PortableError(f"Bảng {header['model']} không có trong phiên bản này.") from error
    by_name = {f.attname: f for f in columns(model)}
    unknown = [name for name in header["columns"] if name not in by_name]
    if unknown:
        raise PortableError(f"Bảng {header['model']}: cột {', '.join(unknown)} không có trong phiên bản này.")
    fields = [by_name[name] for name in header["columns"]]
    return model, fields, (json.loads(line) for line in iterator if line.strip())


def empty_tables(using: str) -> None:
    """Remove every row of every managed table (inside the caller's transaction)."""
    connection = connections[using]
    tables = [m._meta.db_table for m in dumped_models()]
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
            cursor.execute(sql)


def insert_rows(model, fields: list, values: Iterable[list], using: str) -> int:
    connection = connections[using]
    manager = model._base_manager.using(using)
    batch: list = []
    size = None
    inserted = 0
    for row in values:
        obj = model.__new__(model)  # no __init__: no post_init (image dimensions), no defaults
        obj._state = ModelState()
        obj.__dict__.update({field.attname: decode(field, value) for field, value in zip(fields, row, strict=True)})
        batch.append(obj)
        size = size or max(1, connection.ops.bulk_batch_size(fields, batch) if fields else 1)
        if len(batch) >= min(size, 500):
            manager._insert(batch, fields=fields, using=using, raw=True)
            inserted += len(batch)
            batch = []
    if batch:
        manager._insert(batch, fields=fields, using=using, raw=True)
        inserted += len(batch)
    return inserted


def reset_sequences(using: str) -> None:
    """After rows came in with their own keys, new rows must be numbered after them (PostgreSQL)."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), dumped_models())
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def load(files: Iterable[Iterable[str]], using: str) -> dict[str, int]:
    """Empty the database, then load every portable file, in one transaction."""
    loaded: dict[str, int] = {}
    connection = connections[using]
    with transaction.atomic(using=using):
        empty_tables(using)
        for lines in files:
            model, fields, values = read_model(lines)
            loaded[model._meta.label] = insert_rows(model, fields, values, using)
        if connection.vendor == "sqlite":
            connection.check_constraints()
        reset_sequences(using)
    return loaded
