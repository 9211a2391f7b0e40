"""The home page's lead article and "Đọc nhiều" read from the top of an index.

``article_featured_idx`` replaces 0004's partial ``article_featured_newest_idx``, which
SQLite's planner passed over for the status index and a sort of every published article;
the new one leads with ``status`` and serves the order on both engines (danvan/indexes.py).
"""

import importlib

import danvan.indexes
from django.db import migrations, models

newest_first = importlib.import_module("articles.migrations.0004_newest_first_and_link_indexes")


def drop_old_featured(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS article_featured_newest_idx")


def recreate_old_featured(apps, schema_editor):
    for sql in newest_first.statements(schema_editor.connection.vendor):
        if "article_featured_newest_idx" in sql:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_section_rules"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "-view_count", "-id"], name="article_most_read_idx"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=danvan.indexes.NullsLastIndex(fields=["status", "-featured", "-published_at", "-id"], name="article_featured_idx"),
        ),
        migrations.RunPython(drop_old_featured, recreate_old_featured, elidable=False),
    ]
