from django.db import migrations

from newsroom.roles import sync_roles


class Migration(migrations.Migration):
    """The portal's permissions for the newsroom's roles (newsroom/roles.py lists them)."""

    dependencies = [("portal", "0002_defaults"), ("newsroom", "0001_roles")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
