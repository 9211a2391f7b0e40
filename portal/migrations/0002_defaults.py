"""Plain defaults an operator then edits in the admin: the identity from the SITE_NAME
setting, and the pages every commission portal carries, with short honest text saying what
each will hold (no invented names, numbers or permits)."""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, migrations

SLOGAN = "Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng"

# (slug, title, placement, order, parent slug, body)
PAGES = [
    (
        "gioi-thieu",
        "Giới thiệu",
        "both",
        1,
        None,
        "<p>{name} là cơ quan tham mưu, giúp việc của cấp ủy về công tác dân vận. Cổng thông tin điện tử này đưa tin "
        "về hoạt động dân vận, các văn bản của Đảng và Nhà nước về công tác dân vận, các mô hình, điển hình "
        "“Dân vận khéo”.</p><p>Các trang dưới đây giới thiệu chức năng, nhiệm vụ, lãnh đạo và cơ cấu tổ chức của Ban.</p>",
    ),
    (
        "chuc-nang-nhiem-vu",
        "Chức năng, nhiệm vụ",
        "none",
        1,
        "gioi-thieu",
        "<p>Trang này trình bày chức năng, nhiệm vụ, quyền hạn và mối quan hệ công tác của Ban theo quy định của cấp ủy. "
        "Ban biên tập sẽ đăng toàn văn quy định hiện hành tại đây.</p>",
    ),
    (
        "lanh-dao-ban",
        "Lãnh đạo Ban",
        "none",
        2,
        "gioi-thieu",
        "<p>Họ tên, chức vụ và lĩnh vực phụ trách của Trưởng Ban và các Phó Trưởng Ban được Ban biên tập cập nhật tại đây.</p>",
    ),
    (
        "co-cau-to-chuc",
        "Cơ cấu tổ chức",
        "none",
        3,
        "gioi-thieu",
        "<p>Các phòng, đơn vị thuộc Ban và nhiệm vụ của từng đơn vị được Ban biên tập cập nhật tại đây.</p>",
    ),
    (
        "lien-he",
        "Liên hệ",
        "footer",
        9,
        None,
        "<p>Bạn đọc gửi tin, bài và ý kiến góp ý về nội dung cổng thông tin theo địa chỉ, điện thoại và thư điện tử "
        "ghi ở cuối trang.</p>",
    ),
]


def create_defaults(apps, schema_editor):
    SiteSettings = apps.get_model("portal", "SiteSettings")
    Page = apps.get_model("portal", "Page")
    name = settings.SITE_NAME
    # The database being migrated, which need not be "default" (the browser tests call this
    # with no schema editor, to put the defaults back after a flush).
    using = schema_editor.connection.alias if schema_editor else DEFAULT_DB_ALIAS
    SiteSettings.objects.using(using).get_or_create(
        pk=1,
        defaults={
            "name": name,
            "slogan": SLOGAN,
            "owning_agency": name,
            "responsible_person": f"Trưởng {name}" if name.startswith("Ban ") else "",
        },
    )
    by_slug = {}
    for slug, title, placement, order, parent, body in PAGES:
        by_slug[slug], _created = Page.objects.using(using).get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "placement": placement,
                "order": order,
                "parent": by_slug.get(parent),
                "status": "published",
                "body": body.format(name=name),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
