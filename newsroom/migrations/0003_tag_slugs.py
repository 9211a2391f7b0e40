"""Tags saved before every tag got a usable slug: give the empty ones "tu-khoa", "tu-khoa-2" …"""

from django.db import migrations

from newsroom.tags import usable_tag_slug


def fill_empty_slugs(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    tags = Tag.objects.using(schema_editor.connection.alias if schema_editor else "default")  # the database being migrated
    for tag in tags.filter(slug="").order_by("pk"):
        tag.slug = usable_tag_slug(tag, tags)
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0002_known_login_address")]

    operations = [migrations.RunPython(fill_empty_slugs, migrations.RunPython.noop)]
