"""Tags slugged by taggit keep Vietnamese letters ("dân-vận-khéo"): give them the site's slug
("dan-van-kheo", newsroom.tags.usable_tag_slug) and leave their old address behind, leading
to the tag (301), as a corrected slug does from now on."""

from urllib.parse import unquote

from django.db import migrations
from django.urls import reverse

from danvan.text import fold
from newsroom.tags import usable_tag_slug
from redirects.addresses import make_key


def ascii_slugs(apps, schema_editor):
    alias = schema_editor.connection.alias if schema_editor else "default"
    Tag = apps.get_model("taggit", "Tag")
    OldAddress = apps.get_model("redirects", "OldAddress")
    tags = Tag.objects.using(alias)
    for tag in tags.order_by("pk"):
        if tag.slug.isascii():
            continue
        old_path = unquote(reverse("articles:tag", args=[tag.slug]))  # as readers wrote it: "/tu-khoa/dân-vận-khéo/"
        tag.slug = usable_tag_slug(tag, tags)
        tag.save(update_fields=["slug"])
        key = make_key(old_path)
        if OldAddress.objects.using(alias).filter(host="", key=key).exists():
            continue
        OldAddress.objects.using(alias).create(
            old_url=old_path, host="", key=key, tag=tag, search_key=fold(f"{old_path} {key} {tag.name}")[:2000]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("redirects", "0002_backfill_and_roles"),
        ("newsroom", "0006_section_rule_roles"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(ascii_slugs, migrations.RunPython.noop)]
