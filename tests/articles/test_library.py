"""The media library: one image reused by many articles, its upload endpoint (staff only, CSRF,
the photo checks, 25 MB refused before the body is read), the editor's browse list, search
without diacritics, where an image is used, and migration of existing photos into it."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from articles import photos
from articles.library import MediaImage, names_in_body
from articles.models import Article, Photo
from articles.uploads import LimitedUploadHandler
from tests.admin_forms import article_form

pytestmark = pytest.mark.django_db

UPLOAD = "admin:articles_mediaimage_upload"


def jpeg_bytes(size=(900, 600)) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (183, 28, 28))
    exif = Image.Exif()
    exif[0x010E] = "bí mật: 0912 345 678"  # ImageDescription: must not survive
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def upload(name="Hội nghị.jpg", data=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else jpeg_bytes(), content_type="image/jpeg")


def library_image(**kwargs) -> MediaImage:
    kwargs.setdefault("caption", "Hội nghị tại Đồng Tháp")
    kwargs.setdefault("alt_text", "Đại biểu trong hội trường")
    return MediaImage.objects.create(image=upload(), **kwargs)


def test_upload_is_cleaned_renamed_and_renditioned():
    image = library_image(credit="Phương Hoa/TTXVN")
    assert image.original_name == "Hội nghị.jpg"
    assert "Hoi" not in image.image.name and image.image.name.startswith("photos/")
    with image.image.open("rb") as handle, Image.open(handle) as stored:
        assert 0x010E not in stored.getexif()
    assert image.thumbnail_url.endswith("-400.webp")
    assert image.image.storage.exists(photos.rendition_name(image.image.name, 800, "jpg"))


def test_search_ignores_case_diacritics_and_nfd():
    wanted = library_image()
    library_image(caption="Lễ ra quân tình nguyện", alt_text="Thanh niên")
    for query in ("Đồng Tháp", "đồng tháp", "ĐỒNG THÁP", "dong thap", "Đồng Tháp".encode().decode() and "Đồng Tháp"):
        assert list(MediaImage.objects.matching(query)) == [wanted], query
    nfd = "\u0110o\u0302\u0300ng Tha\u0301p"
    assert list(MediaImage.objects.matching(nfd)) == [wanted]


def test_admin_search_finds_without_diacritics(admin_client):
    library_image(caption="Hội nghị tại Đồng Tháp")
    response = admin_client.get(reverse("admin:articles_mediaimage_changelist"), {"q": "dong thap"})
    assert response.context["cl"].result_count == 1
    assert 'class="media-uploader"' in response.content.decode()


def test_one_image_in_two_articles_and_where_it_is_used(admin_client):
    image = library_image()
    public = Article.objects.create(title="Bài đã đăng", status=Article.Status.PUBLISHED)
    draft = Article.objects.create(title="Bài còn nháp")
    for article in (public, draft):
        Photo.objects.create(article=article, library_image=image, caption="")
    first, second = Photo.objects.order_by("pk")
    assert first.image.name == second.image.name == image.image.name
    assert first.caption == "Hội nghị tại Đồng Tháp" and first.alt_text == "Đại biểu trong hội trường"
    page = admin_client.get(reverse("admin:articles_mediaimage_change", args=[image.pk])).content.decode()
    assert "Bài đã đăng</a> (công khai)" in page and "Bài còn nháp</a> (chưa công khai)" in page
    first.delete()  # the file belongs to the library: still there for the second article
    assert image.image.storage.exists(image.image.name)


def test_photo_uploaded_in_an_article_goes_into_the_library(admin_client):
    data = article_form(photos=[{"image": upload("Lễ ký kết.jpg"), "caption": "Lễ ký kết", "alt_text": "Hai bên ký", "order": "0"}])
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.library_image.original_name == "Lễ ký kết.jpg"
    assert photo.library_image.caption == "Lễ ký kết" and photo.image.name == photo.library_image.image.name
    assert MediaImage.objects.count() == 1


def test_article_picks_a_library_image_and_publishes_with_its_alt_text(admin_client):
    image = library_image()
    data = article_form(status="published", photos=[{"library_image": str(image.pk), "order": "0"}])
    data["photos-0-library_image"] = str(image.pk)
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert Photo.objects.get().alt_text == "Đại biểu trong hội trường"


def test_upload_endpoint_stores_and_answers_tinymce_json(admin_client):
    response = admin_client.post(reverse(UPLOAD), {"file": upload(), "alt": "Đại biểu"})
    assert response.status_code == 201
    data = response.json()
    image = MediaImage.objects.get(pk=data["id"])
    assert data["location"] == image.image.url and image.alt_text == "Đại biểu"
    assert data["thumbnail"].endswith("-400.webp")


def test_upload_endpoint_refuses_with_the_photo_checks(admin_client):
    not_image = admin_client.post(reverse(UPLOAD), {"file": SimpleUploadedFile("anh.jpg", b"<html>not an image</html>")})
    assert not_image.status_code == 400
    assert not_image.json() == {"error": {"message": "Tệp không phải là ảnh đọc được (JPEG, PNG hoặc WebP)."}}
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    refused = admin_client.post(reverse(UPLOAD), {"file": SimpleUploadedFile("anh.gif", gif.getvalue())})
    assert refused.json()["error"]["message"] == "Chỉ nhận ảnh JPEG, PNG hoặc WebP (tệp này là GIF)."
    assert admin_client.post(reverse(UPLOAD), {}).json()["error"]["message"] == "Chưa chọn tệp ảnh nào."
    assert not MediaImage.objects.exists()


def test_upload_endpoint_needs_staff_with_permission_and_csrf(client, django_user_model, reporter, keeper):
    anonymous = client.post(reverse(UPLOAD), {"file": upload()})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client.force_login(keeper)  # "Quản lý dữ liệu": no media library
    assert client.post(reverse(UPLOAD), {"file": upload()}).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reporter)
    assert strict.post(reverse(UPLOAD), {"file": upload()}).status_code == 403
    strict.get(reverse("admin:articles_mediaimage_changelist"))  # sets the CSRF cookie, as the page does
    token = strict.cookies["csrftoken"].value
    assert strict.post(reverse(UPLOAD), {"file": upload()}, headers={"X-CSRFToken": token}).status_code == 201
    assert MediaImage.objects.get().uploaded_by == reporter


def test_over_25_mb_is_refused_by_content_length_before_the_body_is_read(admin_client):
    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("the body was read")

    size = round(31.4 * 1024 * 1024)
    response = admin_client.generic(
        "POST",
        reverse(UPLOAD),
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert response.json() == {"error": {"message": "Tệp nặng 31,4 MB, vượt giới hạn 25 MB."}}


def test_upload_handler_stops_a_file_passing_the_limit_without_content_length():
    from django.core.files.uploadhandler import StopUpload

    request = type("Request", (), {})()
    handler = LimitedUploadHandler(request, limit=1000)
    handler.new_file("file", "a.jpg", "image/jpeg", None)
    assert handler.receive_data_chunk(b"x" * 600, 0) == b"x" * 600
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * 600, 600)
    assert request.upload_refused == 1200


def test_size_message_uses_a_decimal_comma_and_never_reads_as_the_limit():
    mb = 1024 * 1024
    assert photos.too_large(round(31.4 * mb), 25 * mb) == "Tệp nặng 31,4 MB, vượt giới hạn 25 MB."
    assert photos.too_large(25 * mb + 1, 25 * mb) == "Tệp nặng 25,1 MB, vượt giới hạn 25 MB."


def test_browse_lists_library_images_for_the_editor(admin_client, client):
    library_image()
    library_image(caption="Lễ ra quân", alt_text="Thanh niên")
    found = admin_client.get(reverse("admin:articles_mediaimage_browse"), {"q": "ra quan"}).json()["images"]
    assert [image["caption"] for image in found] == ["Lễ ra quân"]
    assert found[0]["alt"] == "Thanh niên" and found[0]["location"].startswith("/media/photos/")
    assert client.get(reverse("admin:articles_mediaimage_browse")).status_code == 302  # not for readers


def test_editor_is_configured_with_the_library_hooks():
    from django.conf import settings

    config = settings.TINYMCE_DEFAULT_CONFIG
    assert config["images_upload_url"] == reverse(UPLOAD)
    assert config["images_upload_handler"] == "danvanImagesUpload" and config["file_picker_callback"] == "danvanFilePicker"
    assert settings.TINYMCE_EXTRA_MEDIA["js"] == ["js/media_upload.js", "js/editor_paste.js"]


def test_image_in_a_body_is_served_only_while_the_article_is_public(client):
    image = library_image()
    url = image.image.url
    article = Article.objects.create(title="Bài có ảnh trong thân bài", body=f'<p>Trước</p><p><img src="{url}" alt="Đại biểu"></p>')
    assert names_in_body(article.body) == {image.image.name}
    assert list(article.body_images.all()) == [image]
    assert client.get(url).status_code == 404  # a draft's image
    article.status = Article.Status.PUBLISHED
    article.save()
    assert client.get(url).status_code == 200
    article.body = "<p>Ảnh đã bỏ</p>"
    article.save()
    assert client.get(url).status_code == 404


def test_library_image_not_used_anywhere_is_staff_only(client, admin_client):
    image = library_image()
    assert client.get(image.image.url).status_code == 404
    assert admin_client.get(image.image.url).status_code == 200


def test_an_image_in_use_cannot_be_deleted():
    from django.db.models import ProtectedError

    image = library_image()
    Photo.objects.create(article=Article.objects.create(title="Bài"), library_image=image)
    with pytest.raises(ProtectedError):
        image.delete()


def test_migration_moves_existing_photos_into_the_library_keeping_files():
    from importlib import import_module

    from django.apps import apps
    from django.core.files.storage import default_storage
    from django.db import connection

    migration = import_module("articles.migrations.0008_media_library")
    article = Article.objects.create(title="Bài cũ")
    name = default_storage.save("photos/2024/05/0123456789abcdef0123456789abcdef.jpg", photos.clean_original(upload())[0])
    photos.make_renditions(default_storage, name, 900)
    # Photos as they were before the library: their own file, shared by two of them, none in the library.
    Photo.objects.bulk_create(
        Photo(article=article, image=name, width=900, height=600, caption=caption, original_name="hoi-nghi.jpg", order=n)
        for n, caption in enumerate(("Ảnh một", "Ảnh hai (cùng tệp)"))
    )
    Photo.objects.bulk_create([Photo(article=article, caption="Ảnh nhập chưa có tệp", order=3)])
    migration.photos_into_library(apps, SimpleNamespace(connection=connection))  # it reads only the alias
    image = MediaImage.objects.get()
    assert image.image.name == name and image.original_name == "hoi-nghi.jpg" and (image.width, image.height) == (900, 600)
    assert image.caption == "Ảnh một" and "anh mot" in image.search_text
    assert list(Photo.objects.order_by("order").values_list("library_image", flat=True)) == [image.pk, image.pk, None]
    assert default_storage.exists(name) and default_storage.exists(photos.rendition_name(name, 400, "webp"))
    assert image.thumbnail_url.endswith("-400.webp")
