"""Numbers in names sort by their value ("Chi bộ số 2" before "Chi bộ số 10"): the ICU
collation is made again with numeric ordering (``vi-u-kn-true``; nothing is built on it,
lists only order by it), and the bodies' tree paths, which are Python sort keys, are
written again with the new key (danvan.collation)."""

from importlib import import_module

from django.db import migrations

from danvan.collation import COLLATION, ICU_LOCALE


def numeric_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP COLLATION IF EXISTS "{COLLATION}"')
        schema_editor.execute(f"CREATE COLLATION \"{COLLATION}\" (provider = icu, locale = '{ICU_LOCALE}')")
    # SQLite gets the collation from Python on each connection (danvan.collation).


def plain_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP COLLATION IF EXISTS "{COLLATION}"')
        schema_editor.execute(f"CREATE COLLATION \"{COLLATION}\" (provider = icu, locale = 'vi')")


def refill_tree_paths(apps, schema_editor):
    import_module("organizations.migrations.0003_document_library").refill_tree_paths(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0004_kept_article_counts"),
    ]

    operations = [
        migrations.RunPython(numeric_collation, plain_collation),
        migrations.RunPython(refill_tree_paths, migrations.RunPython.noop),
    ]
