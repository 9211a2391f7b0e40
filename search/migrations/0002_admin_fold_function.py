"""``danvan_fold(text)`` on PostgreSQL, the admin search's folding (search/admin_search.py).

SQLite gets the same function from Python on every connection, so there is nothing to
create there."""

from django.db import migrations


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from search.admin_search import POSTGRESQL_FUNCTION

        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        schema_editor.execute(POSTGRESQL_FUNCTION)


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS danvan_fold(text)")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_function, drop_function)]
