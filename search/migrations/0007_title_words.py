from django.db import migrations


def install_engine(apps, schema_editor):
    """PostgreSQL: the GIN index of the titles' words (``search.backends.TITLE_INDEX``),
    through which the titles holding a phrase are found, then the table is analysed, so the
    estimate of how common a word is in titles (pg_stats of the index's expression) is there
    at once. SQLite: nothing changes (installing again is a no-op)."""
    from search.backends import get_backend

    connection = schema_editor.connection
    backend = get_backend(connection)
    backend.install()
    if connection.vendor == "postgresql":
        backend.analyse()


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0006_match_vector'),
    ]

    operations = [
        migrations.RunPython(install_engine, migrations.RunPython.noop, elidable=False),
    ]
