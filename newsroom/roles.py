"""The newsroom's roles, as Django groups with model permissions.

Model permissions say what a role may touch; the rules that depend on the row (a reporter
edits only their own drafts, only an editor publishes) live in ``articles.admin`` and are
enforced on the server. ``sync_roles`` is run by a migration and is safe to run again.
"""

from __future__ import annotations

REPORTER = "Phóng viên"
EDITOR = "Biên tập viên"
DATA_KEEPER = "Quản lý dữ liệu"
LEADER = "Lãnh đạo Ban"  # reads the statistics and the royalty report; writes nothing

_ALL = ("add", "change", "delete", "view")
_REFERENCE_MODELS = (
    "organizations.organization",
    "organizations.document",
    "organizations.documentrelation",
    "organizations.documentfile",
    "organizations.exemplar",
)

ROLES: dict[str, list[str]] = {
    REPORTER: [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.view_section",
        *(f"articles.{a}_photo" for a in _ALL),
        "taggit.view_tag",
        *(f"{m.split('.')[0]}.view_{m.split('.')[1]}" for m in _REFERENCE_MODELS),
        # Drafts of the commission's pages, for an editor to publish.
        "portal.add_page",
        "portal.change_page",
        "portal.view_page",
        # The media library: upload and describe images, never delete them; album and video drafts.
        *(f"articles.{a}_mediaimage" for a in ("add", "change", "view")),
        *(f"portal.{a}_{m}" for m in ("album", "albumphoto", "video") for a in ("add", "change", "view")),
    ],
    EDITOR: [
        *(f"articles.{a}_article" for a in _ALL),
        "articles.publish_article",
        "articles.edit_others_article",
        *(f"articles.{a}_section" for a in _ALL),
        *(f"articles.{a}_sectionrule" for a in _ALL),  # the rules that file imported articles
        *(f"articles.{a}_photo" for a in _ALL),
        *(f"taggit.{a}_tag" for a in _ALL),
        "articles.view_slugredirect",
        *(f"redirects.{a}_oldaddress" for a in _ALL),
        "redirects.view_missedaddress",
        "redirects.delete_missedaddress",
        "articles.view_auditevent",
        *(f"{m.split('.')[0]}.view_{m.split('.')[1]}" for m in _REFERENCE_MODELS),
        *(f"portal.{a}_page" for a in _ALL),
        "portal.publish_page",
        *(f"portal.{a}_linkedsite" for a in _ALL),
        "portal.change_sitesettings",
        "portal.view_sitesettings",
        *(f"articles.{a}_mediaimage" for a in _ALL),
        *(f"portal.{a}_{m}" for m in ("album", "albumphoto", "video") for a in _ALL),
        "portal.publish_album",
        "portal.publish_video",
        "reports.view_statistics_report",
        "reports.view_royalty_report",
    ],
    DATA_KEEPER: [
        *(f"{m.split('.')[0]}.{a}_{m.split('.')[1]}" for m in _REFERENCE_MODELS for a in _ALL),
        "articles.view_article",
        "articles.view_section",
    ],
    LEADER: [
        "reports.view_statistics_report",
        "reports.view_royalty_report",
        "articles.view_article",
        "articles.view_section",
    ],
}


def sync_roles(apps, schema_editor=None) -> None:
    """Create the groups and give each exactly the permissions listed above.

    Run by newsroom's migration and again by each later migration that adds models with
    roles (portal 0003, 0005): a model not yet in the migration state is skipped until
    then; any other missing permission is a mistake in the lists and fails."""
    from django.contrib.auth.management import create_permissions

    using = schema_editor.connection.alias if schema_editor is not None else "default"  # the database being migrated
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps, using=using)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            # A model whose migrations have not run yet (a new app, or a model added to an
            # app later): those migrations call sync_roles themselves.
            if codename.rsplit("_", 1)[1] not in apps.all_models.get(app_label, {}):  # model names hold no "_"
                continue
            wanted.append(Permission.objects.using(using).get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
