"""Albums ("Hình ảnh hoạt động") and videos ("Video hoạt động"): models, pages, what the public
never sees, fixed queries per page, feed, sitemap, the admin and its roles."""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from articles.library import MediaImage
from articles.models import Article
from danvan.cache import current_generation
from portal.gallery import Album, AlbumPhoto, Status, Video, embed_for, video_kind

pytestmark = pytest.mark.django_db

_seq = itertools.count(1)
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
WEBM_HEAD = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm" + b"\x00" * 64


def image(caption: str = "") -> MediaImage:
    n = next(_seq)
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (20 * (n % 12), 90, 40)).save(buffer, "JPEG")
    return MediaImage.objects.create(
        image=SimpleUploadedFile(f"anh-{n}.jpg", buffer.getvalue()), caption=caption or f"Ảnh hoạt động {n}", alt_text=f"Mô tả {n}"
    )


def album(photos: int = 1, **kwargs) -> Album:
    n = next(_seq)
    kwargs.setdefault("title", f"Album hoạt động số {n}")
    kwargs.setdefault("status", Status.PUBLISHED)
    made = Album.objects.create(**kwargs)
    for order in range(photos):
        AlbumPhoto.objects.create(album=made, image=image(), order=order)
    made.set_cover_from_photos()
    return made


def video(**kwargs) -> Video:
    n = next(_seq)
    kwargs.setdefault("title", f"Video hoạt động số {n}")
    kwargs.setdefault("status", Status.PUBLISHED)
    kwargs.setdefault("link", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    kwargs.setdefault("poster", image())
    return Video.objects.create(**kwargs)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# Models


def test_album_slug_is_ascii_and_photos_take_the_library_words():
    made = album(photos=0, title="Đoàn công tác thăm Đồng Tháp")
    assert made.slug == "doan-cong-tac-tham-dong-thap"
    library = image("Chú thích thư viện")
    photo = AlbumPhoto.objects.create(album=made, image=library, credit="Minh Anh")
    assert (photo.caption, photo.credit, photo.alt_text) == ("Chú thích thư viện", "Minh Anh", library.alt_text)
    made.set_cover_from_photos()
    assert made.cover == library


@pytest.mark.parametrize(
    "url, provider",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
        ("https://youtu.be/dQw4w9WgXcQ?t=4", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
        (
            "https://www.facebook.com/bandanvan/videos/123456789/",
            "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fbandanvan%2Fvideos%2F123456789%2F&autoplay=1",
        ),
    ],
)
def test_links_become_privacy_respecting_players(url, provider):
    assert embed_for(url)[1] == provider


@pytest.mark.parametrize(
    "url", ["https://vimeo.com/1234", "javascript:alert(1)", "https://www.youtube.com/watch?v=short", "https://evil.example/youtube.com"]
)
def test_other_links_are_refused(url):
    assert embed_for(url) is None
    with pytest.raises(ValidationError) as error:
        Video(title="Video", link=url).full_clean()
    assert "Chỉ nhận đường dẫn video YouTube hoặc Facebook." in str(error.value)


def test_video_files_are_checked_by_content_not_name():
    assert video_kind(MP4_HEAD) == "mp4" and video_kind(WEBM_HEAD) == "webm"
    disguised = Video(title="Video", file=SimpleUploadedFile("that-ra-la-trang.mp4", b"<html><script>alert(1)</script></html>"))
    with pytest.raises(ValidationError) as error:
        disguised.full_clean()
    assert error.value.message_dict["file"] == ["Tệp không phải video MP4 hoặc WebM (xét theo nội dung tệp, không theo tên)."]
    webm = Video(title="Video WebM", file=SimpleUploadedFile("ten-sai.mp4", WEBM_HEAD))
    webm.full_clean()
    webm.save()
    assert webm.file.name.endswith(".webm") and webm.mime_type == "video/webm" and "ten-sai" not in webm.file.name


def test_video_size_limit_and_rules(settings):
    import portal.gallery as gallery

    gallery.VIDEO_MAX_BYTES, old = 1024 * 1024, gallery.VIDEO_MAX_BYTES
    try:
        heavy = Video(title="Nặng", file=SimpleUploadedFile("nang.mp4", MP4_HEAD + b"\x00" * (2 * 1024 * 1024)))
        with pytest.raises(ValidationError) as error:
            heavy.full_clean()
        assert error.value.message_dict["file"] == ["Tệp nặng 2,0 MB, vượt giới hạn 1 MB."]
    finally:
        gallery.VIDEO_MAX_BYTES = old
    with pytest.raises(ValidationError) as both:
        Video(title="Cả hai", link="https://youtu.be/dQw4w9WgXcQ", file=SimpleUploadedFile("a.mp4", MP4_HEAD)).full_clean()
    assert "chỉ một trong hai" in str(both.value)
    with pytest.raises(ValidationError) as poster:
        Video(title="Không ảnh", link="https://youtu.be/dQw4w9WgXcQ", status=Status.PUBLISHED).full_clean()
    assert poster.value.message_dict["poster"] == ["Video xuất bản cần ảnh đại diện."]


# Pages and visibility


def test_album_page_shows_photos_in_order_with_captions(client):
    made = album(photos=3)
    page = client.get(made.get_absolute_url()).content.decode()
    captions = [photo.caption for photo in made.photos.order_by("order")]
    assert [page.index(caption) for caption in captions] == sorted(page.index(caption) for caption in captions)
    assert "3 ảnh" in page and 'alt="Mô tả' in page
    listing = client.get(reverse("portal:album_list")).content.decode()
    assert made.title in listing and made.cover.thumbnail_url.rsplit("-", 1)[0] in listing


def test_video_page_loads_nothing_from_youtube_until_clicked(client):
    made = video()
    page = client.get(made.get_absolute_url()).content.decode()
    assert "<iframe" not in page and "youtube.com/watch" in page  # only the link to the original
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in page
    assert "/static/js/video_embed.js" in page and "Video phát từ YouTube; trình phát chỉ được tải khi bạn bấm xem." in page
    csp = client.get(made.get_absolute_url())["Content-Security-Policy"]
    assert "https://www.youtube-nocookie.com" in csp and "https://www.facebook.com" in csp


def test_uploaded_video_is_played_by_the_browser_and_served_only_while_published(client, admin_client):
    made = video(link="", file=SimpleUploadedFile("le-ra-quan.mp4", MP4_HEAD))
    page = client.get(made.get_absolute_url()).content.decode()
    assert f'<source src="{made.file.url}" type="video/mp4">' in page and f'poster="{made.poster.image.url}"' in page
    assert client.get(made.file.url).status_code == 200
    made.status = Status.DRAFT
    made.save()
    assert client.get(made.file.url).status_code == 404
    assert admin_client.get(made.file.url).status_code == 200


def test_nothing_unpublished_reaches_the_public(client):
    draft = album(photos=2, status=Status.DRAFT, title="Album nháp bí mật")
    draft_video = video(status=Status.DRAFT, title="Video nháp bí mật")
    article = Article.objects.create(title="Bài đã đăng", status=Article.Status.PUBLISHED)
    draft.articles.add(article)
    draft_video.articles.add(article)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft_video.get_absolute_url()).status_code == 404
    for url in (
        "/",
        reverse("portal:album_list"),
        reverse("portal:video_list"),
        reverse("portal:gallery_feed"),
        "/sitemap.xml",
        article.get_absolute_url(),
    ):
        assert "bí mật" not in client.get(url).content.decode(), url
    for photo in draft.photos.select_related("image"):
        assert client.get(photo.image.image.url).status_code == 404
        assert client.get(photo.image.thumbnail_url).status_code == 404
    assert client.get(draft_video.poster.image.url).status_code == 404
    draft.status = Status.PUBLISHED
    draft.save()
    assert all(client.get(photo.image.image.url).status_code == 200 for photo in draft.photos.select_related("image"))


def test_home_feed_sitemap_and_articles_show_published_albums_and_videos(client):
    made, clip = album(photos=2, title="Album Ngày hội Đại đoàn kết"), video(title="Video Dân vận khéo")
    article = Article.objects.create(title="Bài có album", status=Article.Status.PUBLISHED)
    made.articles.add(article)
    clip.articles.add(article)
    home = client.get("/").content.decode()
    assert made.title in home and clip.title in home and "Hình ảnh, video hoạt động" in home
    feed = client.get(reverse("portal:gallery_feed")).content.decode()
    assert "Album ảnh: Album Ngày hội Đại đoàn kết" in feed and "Video: Video Dân vận khéo" in feed
    sitemap = client.get("/sitemap.xml").content.decode()
    assert made.get_absolute_url() in sitemap and clip.get_absolute_url() in sitemap
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Hình ảnh, video liên quan" in page and made.get_absolute_url() in page and clip.get_absolute_url() in page


def test_saving_an_album_or_video_invalidates_the_page_cache():
    before = current_generation()
    made = album(photos=1)
    assert current_generation() > before
    before = current_generation()
    made.articles.add(Article.objects.create(title="Bài"))
    assert current_generation() > before
    before = current_generation()
    video()
    assert current_generation() > before


# Queries: the same however many photos, albums or videos


def _build(n: int) -> dict[str, str]:
    article = Article.objects.create(title=f"Bài {n}", status=Article.Status.PUBLISHED)
    albums = [album(photos=n) for _ in range(n)]
    videos = [video() for _ in range(n)]
    for item in (*albums, *videos):
        item.articles.add(article)
    return {
        "album": albums[0].get_absolute_url(),
        "albums": reverse("portal:album_list"),
        "video": videos[0].get_absolute_url(),
        "videos": reverse("portal:video_list"),
        "home": "/",
        "article": article.get_absolute_url(),
    }


def test_query_counts_do_not_grow_with_photos_or_albums(client):
    small = {name: queries(client, url) for name, url in _build(1).items()}
    Album.objects.all().delete()
    Video.objects.all().delete()
    large = {name: queries(client, url) for name, url in _build(20).items()}
    assert small == large
    assert max(large.values()) <= 12


# Admin and roles


def test_album_admin_adds_uploaded_library_images_in_order(admin_client):
    first, second = image("Ảnh thứ nhất"), image("Ảnh thứ hai")
    data = {
        "title": "Hội thi Dân vận khéo",
        "slug": "",
        "description": "",
        "date": "05/03/2025",
        "status": "published",
        "new_images": f"{second.pk},{first.pk}",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(reverse("admin:portal_album_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    made = Album.objects.get()
    assert [p.caption for p in made.photos.order_by("order")] == ["Ảnh thứ hai", "Ảnh thứ nhất"]
    assert made.cover == second and made.slug == "hoi-thi-dan-van-kheo"
    form = admin_client.get(reverse("admin:portal_album_change", args=[made.pk])).content.decode()
    assert 'class="media-uploader"' in form and 'data-target="id_new_images"' in form and "/static/js/media_upload.js" in form
    usage = admin_client.get(reverse("admin:articles_mediaimage_change", args=[first.pk])).content.decode()
    assert "Album: <a" in usage and "Hội thi Dân vận khéo</a> (công khai)" in usage


def test_reporter_drafts_albums_and_cannot_publish_them(client, reporter, editor):
    client.force_login(reporter)
    form = client.get(reverse("admin:portal_album_add"))
    assert form.status_code == 200
    choices = [value for value, _label in form.context["adminform"].form.fields["status"].choices]
    assert choices == ["draft"]
    published = album(photos=0)
    change = reverse("admin:portal_album_change", args=[published.pk])
    assert client.get(change).context["has_change_permission"] is False  # read-only for them
    assert client.post(change, {"title": "Sửa trộm", "status": "draft"}).status_code == 403
    assert Album.objects.get(pk=published.pk).title == published.title
    assert client.get(reverse("admin:articles_mediaimage_changelist")).status_code == 200
    assert not reporter.has_perm("articles.delete_mediaimage")
    assert editor.has_perm("portal.publish_album") and editor.has_perm("portal.publish_video")


def test_library_image_in_a_page_body_is_served_while_the_page_is_published(client, admin_client):
    from portal.models import Page

    library = image("Trụ sở Ban Dân vận")
    page = Page.objects.create(title="Liên hệ", body=f'<p><img src="{library.image.url}" alt="Trụ sở"></p>', status=Page.Status.DRAFT)
    assert client.get(library.image.url).status_code == 404
    page.status = Page.Status.PUBLISHED
    page.save()
    assert client.get(library.image.url).status_code == 200
    usage = admin_client.get(reverse("admin:articles_mediaimage_change", args=[library.pk])).content.decode()
    assert "Trang thông tin: <a" in usage and "Liên hệ</a> (công khai)" in usage
