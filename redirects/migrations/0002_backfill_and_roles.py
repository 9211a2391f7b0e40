"""Every article already imported keeps its old address; editors get the new models."""

from django.db import migrations

from newsroom.roles import sync_roles
from redirects.addresses import split_old_url


def backfill(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    OldAddress = apps.get_model("redirects", "OldAddress")
    from danvan.text import fold

    # Read and write where the migration runs: a read through the replica router would ask a replica.
    alias = schema_editor.connection.alias if schema_editor is not None else "default"
    for pk, url, title in Article.objects.using(alias).exclude(source_url="").values_list("pk", "source_url", "title").iterator():
        host, key = split_old_url(url)
        if key != "/":
            OldAddress.objects.using(alias).get_or_create(
                host=host, key=key, defaults={"old_url": url, "article_id": pk, "origin": "import", "search_key": fold(f"{url} {key} {title}")[:2000]}
            )


class Migration(migrations.Migration):
    dependencies = [("redirects", "0001_initial"), ("newsroom", "0003_tag_slugs"), ("portal", "0003_roles")]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
