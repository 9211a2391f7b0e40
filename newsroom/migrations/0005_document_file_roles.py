from django.db import migrations

from newsroom.roles import sync_roles


class Migration(migrations.Migration):
    """Document files (organizations.0003) join the reference data the data keepers manage and the others view."""

    dependencies = [
        ("newsroom", "0004_revision_tags"),
        ("organizations", "0003_document_library"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
