"""Uploads: checked by content, bombs refused, upright, no location, renditions with srcset."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles import photos
from articles.models import Article, Photo
from tests.admin_forms import article_form

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_exif(size=(1600, 900), orientation=6) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Máy ảnh phóng viên"  # camera make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def png(size=(500, 300)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 10)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(content: bytes, name: str = "anh.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_jpeg_is_made_upright_and_loses_location():
    article = Article.objects.create(title="Bài có ảnh")
    photo = Photo(article=article, image=upload(jpeg_with_exif()), caption="Quang cảnh", alt_text="Hội trường")
    photo.full_clean()
    photo.save()
    assert (photo.width, photo.height) == (900, 1600)  # orientation 6 = rotated a quarter turn
    with photo.image.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "JPEG"
        exif = stored.getexif()
        assert not exif.get_ifd(GPS_IFD) and ORIENTATION not in exif and 0x010F not in exif


def test_renditions_and_srcset():
    article = Article.objects.create(title="Bài có ảnh")
    photo = Photo.objects.create(article=article, image=upload(jpeg_with_exif(size=(1600, 900), orientation=1)))
    storage = photo.image.storage
    for width in (400, 800, 1200):
        for ext in ("webp", "jpg"):
            name = photos.rendition_name(photo.image.name, width, ext)
            assert storage.exists(name)
            with storage.open(name, "rb") as handle, Image.open(handle) as image:
                assert image.width == width and image.format == {"webp": "WEBP", "jpg": "JPEG"}[ext]
    assert photo.srcset_webp.count("w,") == 2 and photo.srcset_webp.endswith("-1200.webp 1200w")
    small = Photo.objects.create(article=article, image=upload(png(size=(500, 300)), "nho.png"))
    assert small.srcset_jpeg.endswith("-400.jpg 400w") and "800w" not in small.srcset_jpeg
    name = photo.image.name
    library = photo.library_image
    photo.delete()  # the file is the library's: it stays for whatever else uses it
    assert storage.exists(name) and storage.exists(photos.rendition_name(name, 400, "webp"))
    library.delete()
    assert not storage.exists(name) and not storage.exists(photos.rendition_name(name, 400, "webp"))


def test_content_decides_not_the_name():
    article = Article.objects.create(title="Bài")
    disguised = Photo(article=article, image=upload(png(), "that-ra-la-png.jpg"))
    disguised.full_clean()
    disguised.save()
    assert disguised.image.name.endswith(".png")
    for content, name in ((b"<?php echo 1; ?>", "shell.jpg"), (b"GIF89a" + b"\x00" * 40, "anh.gif")):
        with pytest.raises(ValidationError) as error:
            Photo(article=article, image=upload(content, name)).full_clean()
        assert "image" in error.value.message_dict
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    with pytest.raises(ValidationError) as error:
        Photo(article=article, image=upload(gif.getvalue(), "anh.jpg")).full_clean()
    assert "Chỉ nhận ảnh JPEG, PNG hoặc WebP" in str(error.value)


def test_decompression_bomb_is_refused_before_decoding():
    bomb = io.BytesIO()
    Image.new("1", (9000, 5000)).save(bomb, "PNG")  # 45 megapixels in a few kilobytes
    assert len(bomb.getvalue()) < 200_000
    with pytest.raises(ValidationError) as error:
        photos.inspect(upload(bomb.getvalue(), "bom.png"))
    assert "vượt giới hạn 40 triệu" in str(error.value)


def test_too_heavy_is_refused():
    heavy = upload(b"\xff\xd8" + b"\x00" * (photos.MAX_BYTES + 1))
    with pytest.raises(ValidationError) as error:
        photos.inspect(heavy)
    assert error.value.messages == ["Tệp nặng 25,1 MB, vượt giới hạn 25 MB."]


def test_admin_requires_alt_text_on_published_articles(admin_client):
    photo = {"image": upload(jpeg_with_exif(orientation=1)), "order": "0", "caption": "Quang cảnh buổi làm việc"}
    data = article_form(title="Bài xuất bản có ảnh", status="published", photos=[{**photo, "credit": "Ảnh: TTXVN"}])
    refused = admin_client.post(reverse("admin:articles_article_add"), data)
    assert refused.status_code == 200
    assert "cần mô tả ảnh cho người khiếm thị" in refused.content.decode()
    assert not Article.objects.exists()
    data["photos-0-image"] = upload(jpeg_with_exif(orientation=1))
    data["photos-0-alt_text"] = "Đại biểu dự buổi làm việc"
    assert admin_client.post(reverse("admin:articles_article_add"), data).status_code == 302
    photo = Photo.objects.get()
    assert photo.alt_text == "Đại biểu dự buổi làm việc" and photo.width == 1600


def test_admin_shows_a_clear_message_for_a_bad_upload(admin_client):
    article = Article.objects.create(title="Bài")
    data = article_form(article, photos=[{"image": upload(b"not an image", "anh.webp"), "order": "0"}])
    response = admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Hãy tải lên một hình ảnh hợp lệ" in content
    assert not Photo.objects.exists()


def test_article_page_serves_renditions_with_srcset(client):
    article = Article.objects.create(title="Bài có ảnh", status="published", body="<p>Một</p><p>Hai</p>")
    Photo.objects.create(
        article=article,
        image=upload(jpeg_with_exif(size=(1600, 900), orientation=1)),
        caption="Quang cảnh buổi làm việc",
        credit="Phương Hoa/TTXVN",
        alt_text="Hội trường",
        after_paragraph=1,
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="' in page and "-400.webp 400w" in page and "-1200.webp 1200w" in page
    assert '<source type="image/jpeg" srcset="' in page and "-800.jpg 800w" in page
    assert 'alt="Hội trường" width="1600" height="900"' in page
    assert "Quang cảnh buổi làm việc" in page and "Phương Hoa/TTXVN" in page
