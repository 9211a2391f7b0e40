"""The portal's records: one settings row, pages with ASCII slugs and clean bodies, links between dates."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.models import LinkedSite, Page, SiteSettings

from .conftest import make_link, make_page, png

pytestmark = pytest.mark.django_db


def test_the_first_migration_fills_plain_defaults_from_site_name():
    row = SiteSettings.objects.get()
    assert (row.pk, row.name, row.owning_agency, row.responsible_person) == (1, settings.SITE_NAME, "Ban Dân vận", "Trưởng Ban Dân vận")
    assert row.slogan == "Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng"
    assert row.licence == "" and row.phone == "" and row.email == ""  # never an invented permit or number


def test_the_usual_pages_are_seeded_published_with_introduction_as_their_parent():
    pages = {p.slug: p for p in Page.objects.select_related("parent").order_by("pk")}
    assert list(pages) == ["gioi-thieu", "chuc-nang-nhiem-vu", "lanh-dao-ban", "co-cau-to-chuc", "lien-he"]
    assert [p.title for p in pages.values()] == ["Giới thiệu", "Chức năng, nhiệm vụ", "Lãnh đạo Ban", "Cơ cấu tổ chức", "Liên hệ"]
    assert {p.slug for p in pages.values() if p.parent and p.parent.slug == "gioi-thieu"} == {
        "chuc-nang-nhiem-vu",
        "lanh-dao-ban",
        "co-cau-to-chuc",
    }
    assert (pages["gioi-thieu"].placement, pages["lien-he"].placement) == ("both", "footer")
    assert all(p.status == "published" and p.body.startswith("<p>") and "lorem" not in p.body.lower() for p in pages.values())


def test_settings_stay_one_row_whatever_is_saved():
    SiteSettings(name="Ban Dân vận Tỉnh ủy Nghệ An").save()
    SiteSettings(pk=7, name="Ban Dân vận Tỉnh ủy Hà Tĩnh").save()
    assert list(SiteSettings.objects.values_list("pk", "name")) == [(1, "Ban Dân vận Tỉnh ủy Hà Tĩnh")]


def test_a_logo_goes_through_the_photo_checks_and_is_stored_under_an_ascii_name():
    row = SiteSettings.load()
    row.logo = SimpleUploadedFile("logo.png", b"<?php system($_GET['c']); ?>", content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert refused.value.message_dict == {"logo": ["Tệp không phải là ảnh đọc được (JPEG, PNG hoặc WebP)."]}

    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh của phóng viên"  # Make
    Image.new("RGB", (96, 96), (242, 201, 76)).save(buffer, format="JPEG", exif=exif)
    row.logo = SimpleUploadedFile("Biểu trưng Ban Dân vận.jpg", buffer.getvalue(), content_type="image/jpeg")
    row.full_clean()
    row.save()
    assert row.logo.name.startswith("portal/sitesettings/") and row.logo.name.endswith("/bieu-trung-ban-dan-van.jpg")
    assert (row.logo_width, row.logo_height) == (96, 96)
    with row.logo.open("rb") as stored, Image.open(stored) as image:
        assert dict(image.getexif()) == {}


def test_page_slug_is_ascii_with_d_for_đ_and_unique():
    first = make_page(title="Đảng đoàn, Ban cán sự đảng")
    second = make_page(title="Đảng đoàn, Ban cán sự đảng")
    assert (first.slug, second.slug) == ("dang-doan-ban-can-su-dang", "dang-doan-ban-can-su-dang-2")
    assert first.get_absolute_url() == "/trang/dang-doan-ban-can-su-dang/"


def test_page_body_is_sanitised_like_an_article_body():
    page = make_page(
        body='<p onclick="steal()">Liên hệ<script>alert(1)</script> <a href="javascript:alert(1)">đây</a></p><iframe src="https://evil.example/"></iframe>'
    )
    assert page.body == '<p>Liên hệ <a rel="noopener noreferrer">đây</a></p>'


def test_pages_nest_one_level_only():
    top = make_page(title="Giới thiệu chung")
    child = make_page(title="Lịch sử", parent=top)
    grandchild = Page(title="Thời kỳ đầu", parent=child)
    with pytest.raises(ValidationError) as refused:
        grandchild.full_clean()
    assert list(refused.value.message_dict) == ["parent"]
    top.parent = make_page(title="Trang khác")
    with pytest.raises(ValidationError) as refused:
        top.full_clean()
    assert refused.value.message_dict["parent"] == ["Trang này đang có trang con nên không thể thuộc trang khác."]


def test_published_pages_are_only_the_published_ones():
    draft = make_page(title="Trang nháp", status=Page.Status.DRAFT)
    assert draft not in Page.objects.published()
    assert Page.objects.published().count() == 5  # the seeded pages


@pytest.mark.parametrize(
    ("shown_from", "shown_until", "shown"),
    [
        (None, None, True),
        (dt.date(2026, 3, 10), None, True),  # from today
        (dt.date(2026, 3, 11), None, False),  # from tomorrow
        (None, dt.date(2026, 3, 10), True),  # until the end of today
        (None, dt.date(2026, 3, 9), False),  # ended yesterday
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), True),
    ],
)
def test_links_are_shown_between_the_editors_dates(shown_from, shown_until, shown):
    link = make_link(shown_from=shown_from, shown_until=shown_until)
    today = dt.date(2026, 3, 10)
    assert (link in LinkedSite.objects.shown(today)) is shown
    assert link.is_shown_on(today) is shown


def test_a_link_cannot_end_before_it_starts_and_its_banner_is_checked():
    link = LinkedSite(title="Báo Dân vận", url="https://baodanvan.vn", shown_from=dt.date(2026, 5, 2), shown_until=dt.date(2026, 5, 1))
    with pytest.raises(ValidationError) as refused:
        link.full_clean()
    assert refused.value.message_dict == {"shown_until": ["Ngày kết thúc phải từ ngày bắt đầu trở đi."]}
    link.shown_until = None
    link.image = png(120, 60)
    link.full_clean()
    link.save()
    assert link.image.name.endswith("/anh-banner-dep.png") and (link.image_width, link.image_height) == (120, 60)


def test_a_replaced_or_deleted_banner_leaves_no_file_behind(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        link = make_link(image=png(120, 60))
    first = link.image.name
    storage = link.image.storage
    with django_capture_on_commit_callbacks(execute=True):
        link.image = png(200, 100)
        link.save()
    assert storage.exists(link.image.name) and not storage.exists(first)
    second = link.image.name
    with django_capture_on_commit_callbacks(execute=True):
        link.title = "Đổi tên, giữ ảnh"
        link.save()
    assert storage.exists(second)
    with django_capture_on_commit_callbacks(execute=True):
        link.delete()
    assert not storage.exists(second)
