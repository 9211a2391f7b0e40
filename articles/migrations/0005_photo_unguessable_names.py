from django.db import migrations, models


def rename_existing(apps, schema_editor):
    """Photos uploaded before now are stored under their upload's name: move them (and their
    renditions) to random tokens, so the old guessable names stop existing."""
    from articles.media import rename_guessable

    rename_guessable(apps.get_model("articles", "Photo").objects.using(schema_editor.connection.alias))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_newest_first_and_link_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="photo",
            name="original_name",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Chỉ để tòa soạn nhận ra ảnh; không hiện ra ngoài.",
                max_length=255,
                verbose_name="tên tệp tải lên",
            ),
        ),
        migrations.AddIndex(
            model_name="photo",
            index=models.Index(fields=["image"], name="photo_image_idx"),
        ),
        # Files are renamed, not restored, on the way back: the new names work with either schema.
        migrations.RunPython(rename_existing, migrations.RunPython.noop, elidable=True),
    ]
