"""The tags an article had at each revision, for revert (django-taggit is not in the versions)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_tag_slugs"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.CreateModel(
            name="RevisionTags",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("names", models.JSONField(default=list)),
                (
                    "revision",
                    models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="article_tags", to="reversion.revision"),
                ),
            ],
            options={
                "verbose_name": "từ khóa của phiên bản",
                "verbose_name_plural": "từ khóa của phiên bản",
            },
        ),
    ]
