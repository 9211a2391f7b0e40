from django.db import migrations

from newsroom.roles import sync_roles


class Migration(migrations.Migration):
    """The media library's, albums' and videos' permissions for the newsroom's roles (newsroom/roles.py)."""

    dependencies = [("portal", "0004_gallery"), ("articles", "0008_media_library"), ("newsroom", "0001_roles")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
