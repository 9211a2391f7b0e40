from django.db import migrations


def install_engine(apps, schema_editor):
    """PostgreSQL: the candidates' vector (words without positions, kept in the row) and its
    GIN index replace the full vector's index, then the table is analysed, so the
    estimate of how common a word is (pg_stats of the new column) is there at once.
    SQLite: nothing changes (installing again is a no-op)."""
    from search.backends import TABLE, get_backend

    connection = schema_editor.connection
    get_backend(connection).install()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0005_kind_id_index'),
    ]

    operations = [
        migrations.RunPython(install_engine, migrations.RunPython.noop, elidable=False),
    ]
