from django.db import migrations

from newsroom.roles import sync_roles


class Migration(migrations.Migration):
    """Section rules (articles.0010) are the editors' to keep."""

    dependencies = [
        ("newsroom", "0005_document_file_roles"),
        ("articles", "0010_section_rules"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
