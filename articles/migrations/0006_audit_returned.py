"""Audit log: "trả về bản nháp", for an article sent back from review or the archive to a draft."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_photo_unguessable_names"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("published", "xuất bản"),
                    ("scheduled", "hẹn giờ xuất bản"),
                    ("unpublished", "gỡ bài"),
                    ("submitted", "gửi duyệt"),
                    ("returned", "trả về bản nháp"),
                    ("archived", "lưu trữ"),
                    ("reverted", "khôi phục phiên bản"),
                    ("deleted", "xóa"),
                ],
                max_length=16,
                verbose_name="hành động",
            ),
        ),
    ]
