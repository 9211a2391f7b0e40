"""An index for lists ordered newest first with undated rows last.

The public lists order by ``published_at DESC NULLS LAST`` (see ``Article.Meta.ordering``).
SQLite (and MySQL) already put NULLs last in a descending order, so a plain descending index
serves that order there, and SQLite refuses ``NULLS LAST`` inside ``CREATE INDEX``. PostgreSQL
puts NULLs first in a descending index, and uses it for such an ORDER BY only when the index
says ``NULLS LAST`` too. ``NullsLastIndex`` is declared with plain ``fields`` and writes the
modifier on PostgreSQL only, for its descending nullable columns.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F


class NullsLastIndex(models.Index):
    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        parts = []
        for field_name, order in self.fields_orders:
            column = F(field_name)
            if order == "DESC":
                nullable = model._meta.get_field(field_name).null
                parts.append(column.desc(nulls_last=True) if nullable else column.desc())
            else:
                parts.append(column.asc())
        twin = models.Index(*parts, name=self.name, condition=self.condition)
        return twin.create_sql(model, schema_editor, using=using, **kwargs)
