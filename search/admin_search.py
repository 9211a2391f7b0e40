"""The admin's search boxes, with the site's Vietnamese folding.

Django's admin searches with ``icontains``, which knows case but not diacritics, "đ" or
NFD input: "dong thap" never found "Đồng Tháp". ``FoldedSearchMixin`` keeps the admin's own
``get_search_results`` (each word in any field, the same single query, the same changelist
counts) and only turns every plain search field into a ``fcontains`` lookup: the field
folded by the database, against the word folded by ``danvan.text.fold``.

The database folds with a function named ``danvan_fold``: on SQLite it *is*
``danvan.text.fold``, registered on every connection; on PostgreSQL it is
``lower(unaccent(…))`` (migration 0002), which agrees with ``fold`` on Vietnamese letters
(and on "đ", which ``unaccent`` maps to "d"). Either way it reads every row a plain
``icontains`` would: the admin's lists are not the public search, and are bounded by
their filters and pages.
"""

from __future__ import annotations

from django.db.models import CharField, TextField
from django.db.models.lookups import Contains

from danvan.text import fold

FUNCTION = "danvan_fold"


class FoldedContains(Contains):
    """``name__fcontains="dong thap"``: the folded column contains the folded value."""

    lookup_name = "fcontains"

    def get_prep_lookup(self):
        return fold(super().get_prep_lookup())

    def process_lhs(self, compiler, connection, lhs=None):
        sql, params = super().process_lhs(compiler, connection, lhs)
        return f"{FUNCTION}({sql})", params

    def get_rhs_op(self, connection, rhs):
        return connection.operators["contains"] % rhs


CharField.register_lookup(FoldedContains)
TextField.register_lookup(FoldedContains)


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: give each SQLite connection ``danvan_fold``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 1, fold, deterministic=True)


POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(unaccent('unaccent'::regdictionary, value)) $$
"""


def folded(field: str) -> str:
    """A search field as the admin lists it ("name", "^slug", "organization__name") → its folded lookup."""
    if field[:1] in "^=@" or field.endswith("__fcontains"):
        return field  # prefix, exact and full-text searches keep their own meaning
    return f"{field}__fcontains"


class FoldedSearchMixin:
    """For a ModelAdmin: its search box (and its autocomplete) folds case, diacritics and "đ"."""

    def get_search_fields(self, request):
        return [folded(field) for field in super().get_search_fields(request)]
