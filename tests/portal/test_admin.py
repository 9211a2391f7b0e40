"""The admin: editors keep the settings, pages and links; reporters write page drafts only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from reversion.models import Version

from portal.models import LinkedSite, Page, SiteSettings

from .conftest import make_page, png

pytestmark = pytest.mark.django_db

SETTINGS_FORM = {
    "name": "Ban Dân vận Tỉnh ủy Hà Tĩnh",
    "slogan": "Dân vận khéo",
    "owning_agency": "Tỉnh ủy Hà Tĩnh",
    "responsible_person": "Trần Thị Hoa, Phó Trưởng Ban",
    "licence": "Giấy phép số 7/GP-TTĐT",
    "address": "Số 2 Phan Đình Phùng",
    "phone": "0239 3855 000",
    "email": "danvan@hatinh.vn",
    "facebook_url": "",
    "zalo_url": "",
    "youtube_url": "https://www.youtube.com/@danvanhatinh",
}


def page_form(**overrides) -> dict:
    return {
        "title": "Hỏi đáp",
        "slug": "",
        "body": "<p>Câu hỏi thường gặp.</p>",
        "status": "draft",
        "placement": "menu",
        "parent": "",
        "order": "3",
    } | overrides


def test_editor_edits_the_settings_row_and_can_neither_add_another_nor_delete_it(client, editor):
    client.force_login(editor)
    listing = client.get(reverse("admin:portal_sitesettings_changelist"))
    assert listing.status_code == 302 and listing["Location"] == reverse("admin:portal_sitesettings_change", args=[1])
    form = client.get(listing["Location"]).content.decode()
    assert "Cơ quan chủ quản" in form and "In ở cuối trang sau “Cơ quan chủ quản:”" in form
    response = client.post(listing["Location"], SETTINGS_FORM | {"logo": png(96, 96)})
    assert response.status_code == 302, response.content.decode()[:3000]
    row = SiteSettings.objects.get()
    assert (row.name, row.responsible_person, row.youtube_url) == (
        "Ban Dân vận Tỉnh ủy Hà Tĩnh",
        "Trần Thị Hoa, Phó Trưởng Ban",
        "https://www.youtube.com/@danvanhatinh",
    )
    assert row.logo.name.endswith("/anh-banner-dep.png")
    assert client.get(reverse("admin:portal_sitesettings_add")).status_code == 403
    assert client.get(reverse("admin:portal_sitesettings_delete", args=[1])).status_code == 403


def test_a_logo_in_a_format_the_photo_checks_refuse_is_refused_with_their_reason(client, editor):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    client.force_login(editor)
    buffer = BytesIO()
    Image.new("RGB", (96, 96), (183, 28, 28)).save(buffer, format="GIF")
    gif = SimpleUploadedFile("logo.gif", buffer.getvalue(), content_type="image/gif")
    response = client.post(reverse("admin:portal_sitesettings_change", args=[1]), SETTINGS_FORM | {"logo": gif})
    assert response.status_code == 200
    assert "Chỉ nhận ảnh JPEG, PNG hoặc WebP (tệp này là GIF)." in response.content.decode()
    assert not SiteSettings.objects.get().logo


def test_editor_publishes_a_page_and_every_save_keeps_a_revision(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:portal_page_add"), page_form(status="published", body='<p onclick="x()">Câu hỏi thường gặp.</p>'))
    assert response.status_code == 302
    page = Page.objects.get(title="Hỏi đáp")
    assert (page.slug, page.status, page.body, page.updated_by) == ("hoi-dap", "published", "<p>Câu hỏi thường gặp.</p>", editor)
    client.post(reverse("admin:portal_page_change", args=[page.pk]), page_form(status="published", slug="hoi-dap", body="<p>Bản mới.</p>"))
    assert [v.field_dict["body"] for v in Version.objects.get_for_object(page)] == ["<p>Bản mới.</p>", "<p>Câu hỏi thường gặp.</p>"]
    assert client.get(reverse("admin:portal_page_history", args=[page.pk])).status_code == 200


def test_reporter_writes_a_page_draft_but_cannot_publish_nor_touch_a_published_page(client, reporter):
    client.force_login(reporter)
    form = client.get(reverse("admin:portal_page_add")).content.decode()
    assert 'value="draft"' in form and 'value="published"' not in form
    assert "Bạn viết bản nháp; biên tập viên xuất bản trang." in form
    refused = client.post(reverse("admin:portal_page_add"), page_form(status="published"))
    assert refused.status_code == 200 and not Page.objects.filter(title="Hỏi đáp").exists()
    assert client.post(reverse("admin:portal_page_add"), page_form()).status_code == 302
    assert Page.objects.get(title="Hỏi đáp").status == "draft"
    published = Page.objects.get(slug="lien-he")
    assert (
        client.post(reverse("admin:portal_page_change", args=[published.pk]), page_form(title="Liên hệ", slug="lien-he")).status_code == 403
    )
    assert Page.objects.get(slug="lien-he").status == "published"
    draft = make_page(title="Nháp của phóng viên", status="draft")
    response = client.post(reverse("admin:portal_page_change", args=[draft.pk]), page_form(title="Nháp đã sửa", slug=draft.slug))
    assert response.status_code == 302 and Page.objects.get(pk=draft.pk).title == "Nháp đã sửa"


def test_reporter_keeps_out_of_the_settings_and_links(client, reporter):
    client.force_login(reporter)
    assert client.get(reverse("admin:portal_sitesettings_change", args=[1])).status_code == 403
    assert client.get(reverse("admin:portal_linkedsite_add")).status_code == 403


def test_editor_adds_a_banner_with_dates_typed_day_first(client, editor):
    client.force_login(editor)
    data = {
        "title": "Cuộc thi Dân vận khéo",
        "url": "https://dvk.example.vn/",
        "image": png(300, 100),
        "position": "sidebar",
        "order": "1",
        "shown_from": "01/03/2026",
        "shown_until": "31/03/2026",
    }
    assert client.post(reverse("admin:portal_linkedsite_add"), data).status_code == 302
    link = LinkedSite.objects.get()
    assert (str(link.shown_from), str(link.shown_until), link.image_width) == ("2026-03-01", "2026-03-31", 300)
    listing = client.get(reverse("admin:portal_linkedsite_changelist")).content.decode()
    assert "Cuộc thi Dân vận khéo" in listing and "300×100" in listing


@pytest.mark.parametrize("name", ["sitesettings", "page", "linkedsite"])
def test_admin_pages_speak_vietnamese(admin_client, name):
    html = admin_client.get(reverse(f"admin:portal_{name}_changelist"), follow=True).content.decode()
    assert {"sitesettings": "Thông tin trang", "page": "trang thông tin", "linkedsite": "website liên kết, banner"}[name] in html


def test_the_page_list_shows_each_page_under_its_section(client, editor):
    client.force_login(editor)
    html = client.get(reverse("admin:portal_page_changelist")).content.decode()
    titles = ["Giới thiệu", "— Chức năng, nhiệm vụ", "— Lãnh đạo Ban", "— Cơ cấu tổ chức", "Liên hệ"]
    positions = [html.index(f">{title}</a>") for title in titles]
    assert positions == sorted(positions)
