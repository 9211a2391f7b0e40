"""Indexes that keep public pages flat as the archive grows.

- Newest first: lists order by ``published_at DESC NULLS LAST, id DESC`` over published
  articles. PostgreSQL cannot read a default (ascending, NULLS LAST) index backwards in that
  order, so without these a section page sorts every published article of the section. The
  indexes are partial (published only), the order spelled per vendor: SQLite takes no NULLS
  clause (its NULLs are smallest, so DESC already puts them last).
- Link tables: "the latest articles citing this document / naming this body, model or tag"
  (related articles) wants (target, article); Django's own indexes are (article, target)
  and (target) alone, which leave a sort of every citing article.

Raw SQL, run per vendor; none of it is in the model state, so ``makemigrations`` is
unaffected, and each statement is idempotent.
"""

from django.db import migrations

LINKS = [
    ("article_documents_target_idx", "articles_article_documents", "document_id, article_id"),
    ("article_organizations_target_idx", "articles_article_organizations", "organization_id, article_id"),
    ("article_exemplars_target_idx", "articles_article_exemplars", "exemplar_id, article_id"),
    ("taggeditem_tag_object_idx", "taggit_taggeditem", "tag_id, content_type_id, object_id"),
]

NEWEST = {
    "postgresql": "published_at DESC NULLS LAST, id DESC",
    "sqlite": "published_at DESC, id DESC",
}


def statements(vendor: str) -> list[str]:
    order = NEWEST.get(vendor, "published_at DESC, id DESC")
    return [
        *(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})" for name, table, columns in LINKS),
        f"CREATE INDEX IF NOT EXISTS article_newest_idx ON articles_article ({order}) WHERE status = 'published'",
        f"CREATE INDEX IF NOT EXISTS article_section_newest_idx ON articles_article (section_id, {order}) WHERE status = 'published'",
        # The home page's lead: the newest article editors marked featured, else the newest.
        f"CREATE INDEX IF NOT EXISTS article_featured_newest_idx ON articles_article (featured DESC, {order}) WHERE status = 'published'",
    ]


def create(apps, schema_editor):
    for sql in statements(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for name in [*(n for n, _t, _c in LINKS), "article_newest_idx", "article_section_newest_idx", "article_featured_newest_idx"]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_import_hash_index"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
