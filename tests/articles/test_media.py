"""Photo files: stored under random tokens, not the uploaded name, and served only while the
article is public (staff see the files of unpublished articles, uncached)."""

import datetime as dt
import io
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from articles import photos
from articles.models import Article, Photo

pytestmark = pytest.mark.django_db

TOKEN_NAME = re.compile(r"photos/\d{4}/\d{2}/[0-9a-f]{32}\.jpg")


def jpeg(size=(1000, 600)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (183, 28, 28)).save(buffer, "JPEG")
    return buffer.getvalue()


def photo_of(article: Article, name: str = "hoi-nghi-bi-mat.jpg") -> Photo:
    return Photo.objects.create(article=article, image=SimpleUploadedFile(name, jpeg()), caption="Quang cảnh", alt_text="Hội trường")


def files_of(photo: Photo) -> list[str]:
    """The URL of the original and of every rendition the page's srcset names."""
    urls = [photo.image.url]
    for ext in ("webp", "jpg"):
        urls += [entry.split()[0] for entry in photo.srcset(ext).split(", ")]
    return urls


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_stored_names_are_random_tokens_not_the_upload_name():
    draft = Article.objects.create(title="Bản nháp có ảnh")
    photo = photo_of(draft)
    assert TOKEN_NAME.fullmatch(photo.image.name), photo.image.name
    assert photo.original_name == "hoi-nghi-bi-mat.jpg"
    urls = files_of(photo)
    assert len(urls) == 5  # the original, 400 and 800 px in WebP and JPEG
    for url in urls:
        assert "hoi-nghi" not in url and "bi-mat" not in url
        assert default_storage.exists(url.removeprefix("/media/"))
    # Two uploads of the same name get unrelated names.
    assert photo_of(draft).image.name != photo.image.name


@pytest.mark.parametrize(
    "state",
    [
        {"status": "draft"},
        {"status": "review"},
        {"status": "archived"},
        {"status": "published", "published_at": timezone.now() + dt.timedelta(days=1)},
    ],
    ids=["draft", "review", "archived", "scheduled"],
)
def test_photos_of_an_unpublished_article_are_404_until_it_is_published(client, state):
    article = Article.objects.create(title="Bài chưa xuất bản", **state)
    photo = photo_of(article)
    guessed = f"/media/{photo.image.name.rsplit('/', 1)[0]}/hoi-nghi-bi-mat.jpg"
    for url in [*files_of(photo), guessed]:
        assert client.get(url).status_code == 404, url
    article.status, article.published_at = "published", timezone.now() - dt.timedelta(minutes=1)
    article.save()
    for url in files_of(photo):
        response = client.get(url)
        assert response.status_code == 200, url
        with default_storage.open(url.removeprefix("/media/"), "rb") as stored:
            assert body(response) == stored.read()
        assert response["Cache-Control"] == "public, max-age=60"
    assert client.get(guessed).status_code == 404  # the upload's name never existed
    article.status = "draft"
    article.save()
    assert [client.get(url).status_code for url in files_of(photo)] == [404] * 5


@pytest.fixture
def debug_urls(settings):
    """The URLs as `make dev` / runserver builds them, with DEBUG on (where Django's own
    static() view used to serve every file under MEDIA_ROOT)."""
    import importlib

    from django.urls import clear_url_caches

    import danvan.urls

    settings.DEBUG = True
    importlib.reload(danvan.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(danvan.urls)
    clear_url_caches()


def test_with_debug_on_a_drafts_photo_is_404_too(client, debug_urls):
    article = Article.objects.create(title="Bản nháp")
    photo = photo_of(article)
    assert [client.get(url).status_code for url in files_of(photo)] == [404] * 5
    article.status = "published"
    article.save()
    assert [client.get(url).status_code for url in files_of(photo)] == [200] * 5


def test_staff_see_a_drafts_photos_uncached_for_previews(admin_client):
    photo = photo_of(Article.objects.create(title="Bản nháp"))
    response = admin_client.get(photo.image.url)
    assert response.status_code == 200 and body(response)[:2] == b"\xff\xd8"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_files_that_belong_to_no_public_photo_are_404(client):
    default_storage.save("photos/2026/01/khong-thuoc-anh-nao.jpg", ContentFile(jpeg()))
    photo = photo_of(Article.objects.create(title="Bài", status="published"))
    folder = photo.image.name.rsplit("/", 1)[0]
    for url in (
        "/media/photos/2026/01/khong-thuoc-anh-nao.jpg",
        f"/media/{folder}/../../../../danvan.sqlite3",  # out of the media folder
        "/media/../danvan.sqlite3",
        f"/media/{folder}/renditions/khong-co-400.webp",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(photo.image.url).status_code == 200


def test_behind_nginx_the_file_is_sent_by_x_accel_redirect(client, settings):
    settings.MEDIA_X_ACCEL_REDIRECT = "/_media/"
    published = photo_of(Article.objects.create(title="Bài", status="published"))
    response = client.get(published.image.url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_media/{published.image.name}"
    assert "Content-Type" not in response
    draft = photo_of(Article.objects.create(title="Bản nháp"))
    response = client.get(draft.image.url)
    assert response.status_code == 404 and "X-Accel-Redirect" not in response


def old_style_photo(article: Article, name: str) -> Photo:
    """A photo as uploads were stored before: under the upload's name, renditions beside it."""
    photo = photo_of(article)
    for stored in [photo.image.name, *(photos.rendition_name(photo.image.name, w, e) for w in (400, 800) for e in ("webp", "jpg"))]:
        default_storage.delete(stored)
    default_storage.save(name, ContentFile(jpeg()))
    photos.make_renditions(default_storage, name, 1000)
    Photo.objects.filter(pk=photo.pk).update(image=name, original_name="")
    return Photo.objects.get(pk=photo.pk)


def test_existing_photos_are_moved_to_random_names(client, capsys):
    article = Article.objects.create(title="Bài cũ", status="published")
    old = old_style_photo(article, "photos/2021/10/hoi-nghi-dan-van.jpg")
    old_files = [old.image.name, *(photos.rendition_name(old.image.name, w, e) for w in (400, 800) for e in ("webp", "jpg"))]
    twin = Photo.objects.create(article=article, caption="Cùng tệp")  # two rows, one file (as the benchmark corpus has)
    Photo.objects.filter(pk=twin.pk).update(image=old.image.name, width=1000, height=600)
    missing = Photo.objects.create(article=article, caption="Tệp đã mất")
    Photo.objects.filter(pk=missing.pk).update(image="photos/2021/10/da-mat.jpg")

    call_command("rename_photo_files", "--dry-run")
    assert Photo.objects.get(pk=old.pk).image.name == old.image.name
    assert "Sẽ đổi tên 1 tệp ảnh." in capsys.readouterr().out

    call_command("rename_photo_files")
    out, err = capsys.readouterr()
    assert "Đã đổi tên 1 tệp ảnh." in out
    assert f"Ảnh #{missing.pk}: không thấy tệp photos/2021/10/da-mat.jpg, để nguyên." in err
    moved = Photo.objects.get(pk=old.pk)
    assert re.fullmatch(r"photos/2021/10/[0-9a-f]{32}\.jpg", moved.image.name)
    assert moved.original_name == "hoi-nghi-dan-van.jpg"
    assert Photo.objects.get(pk=twin.pk).image.name == moved.image.name
    assert [default_storage.exists(name) for name in old_files] == [False] * 5
    assert [client.get(url).status_code for url in files_of(moved)] == [200] * 5
    assert [client.get(f"/media/{name}").status_code for name in old_files] == [404] * 5

    call_command("rename_photo_files")  # nothing left to move
    assert "Đã đổi tên 0 tệp ảnh." in capsys.readouterr().out


def test_migration_renames_with_the_same_function():
    from articles import media

    migration = __import__("articles.migrations.0005_photo_unguessable_names", fromlist=["rename_existing"])
    old = old_style_photo(Article.objects.create(title="Bài"), "photos/2020/05/anh-goc.jpg")
    migration.rename_existing(apps, SimpleNamespace(connection=SimpleNamespace(alias="default")))
    assert media.is_unguessable(Photo.objects.get(pk=old.pk).image.name)
    assert not default_storage.exists("photos/2020/05/anh-goc.jpg")
