"""The media library and albums in Chromium, under the site's CSP: three images uploaded at
once with progress, one refused before it is sent, an album made from uploads, the editor's
upload and browse hooks, the album at 390 and 1366 px, a video that loads its player on click.
Screenshots: test-artifacts/gallery/."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from articles.library import MediaImage
from portal.gallery import Album, Status, Video

from .conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ROOT / "test-artifacts" / "gallery"
PASSWORD = "mật-khẩu-dài-123"


def photo_file(n: int, size=(1600, 1067)) -> dict:
    image = Image.new("RGB", size, (40 + 60 * n % 200, 90, 140 - 30 * n % 120))
    draw = ImageDraw.Draw(image)
    for i in range(0, size[0], 80):  # some detail, so the file has a real size and the bar moves
        draw.line((i, 0, size[0] - i, size[1]), fill=(250, 220, 120), width=6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return {"name": f"Hoạt động {n}.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def log_in(page, live_server, django_user_model) -> list[str]:
    django_user_model.objects.create_superuser("bientap", "", PASSWORD)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    return problems


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


def csp_errors(problems: list[str]) -> list[str]:
    return [p for p in problems if "Content Security Policy" in p or "Refused to" in p]


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_library_uploads_three_at_once_and_refuses_a_heavy_one(live_server, page, django_user_model):
    page.set_viewport_size({"width": 1366, "height": 900})
    problems = log_in(page, live_server, django_user_model)
    page.goto(live_server.url + "/admin/articles/mediaimage/")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    heavy = {"name": "Video quay lén.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8" + b"\x00" * round(26.3 * 1024 * 1024)}
    page.set_input_files("#media-uploader-input", [photo_file(1), photo_file(2), heavy, photo_file(3)], timeout=180_000)
    page.wait_for_selector(".media-uploader-done:not([hidden])", timeout=60_000)
    rows = page.locator(".media-uploader-list li")
    assert rows.count() == 4
    assert [rows.nth(i).locator(".ok, .refused").inner_text() for i in range(4)] == [
        "Đã tải lên",
        "Đã tải lên",
        "Tệp nặng 26,3 MB, vượt giới hạn 25 MB.",
        "Đã tải lên",
    ]
    assert [page.locator("progress").nth(i).get_attribute("value") for i in range(3)] == ["100"] * 3
    assert len([url for url in sent if url.endswith("/mediaimage/upload/")]) == 3  # the heavy one never left the browser
    shot(page, "library-upload")
    assert MediaImage.objects.count() == 3
    page.click(".media-uploader-done a")
    page.wait_for_selector("#result_list")
    assert page.locator("#result_list tbody img").count() == 3  # thumbnails in the list
    page.fill("#searchbar", "hoat dong 2")
    page.press("#searchbar", "Enter")
    page.wait_for_selector("#result_list")
    assert page.locator("#result_list tbody tr").count() == 1
    shot(page, "library-list")
    assert csp_errors(problems) == []


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_album_made_from_uploads_then_read_on_phone_and_desktop(live_server, page, django_user_model):
    page.set_viewport_size({"width": 1366, "height": 900})
    problems = log_in(page, live_server, django_user_model)
    page.goto(live_server.url + "/admin/portal/album/add/")
    page.fill("#id_title", "Ngày hội Đại đoàn kết toàn dân tộc ở bản Na Mèo")
    page.fill("#id_description", "Bà con các dân tộc cùng cán bộ Ban Dân vận vui ngày hội.")
    page.select_option("#id_status", "published")
    page.set_input_files("#media-uploader-input", [photo_file(4), photo_file(5, (1200, 1600)), photo_file(6)])
    page.wait_for_selector(".media-uploader-done:not([hidden])", timeout=60_000)
    assert len(page.input_value("#id_new_images").split(",")) == 3
    shot(page, "album-admin")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/portal/album/")
    album = Album.objects.get()
    assert album.slug == "ngay-hoi-dai-doan-ket-toan-dan-toc-o-ban-na-meo"  # made on save by danvan.text, not the admin's URLify
    assert album.photos.count() == 3 and album.cover_id == album.photos.order_by("order").first().image_id
    for photo in album.photos.select_related("image"):
        photo.caption = f"Bà con vui ngày hội ({photo.order})"
        photo.alt_text = "Người dân múa xòe trên sân văn hóa bản"
        photo.save()
    assert csp_errors(problems) == []
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + album.get_absolute_url())
        assert page.locator(".album__photo img").count() == 3
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
        for photo in page.locator(".album__photo img").all():  # lazy images load as they come into view
            photo.scroll_into_view_if_needed()
        page.wait_for_function("() => [...document.querySelectorAll('.album__photo img')].every(i => i.complete && i.naturalWidth > 0)")
        page.evaluate("window.scrollTo(0, 0)")
        shot(page, "album")
        page.goto(live_server.url + "/hinh-anh/")
        assert page.locator(".gallery-card").count() == 1
        shot(page, "album-list")
        page.goto(live_server.url + "/")
        assert page.locator(".gallery-block .gallery-card").count() == 1
        page.locator(".gallery-block").scroll_into_view_if_needed()
        page.locator(".gallery-block").screenshot(path=str(SHOTS / f"home-gallery-{width}.png"))
    assert csp_errors(problems) == []


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_editor_uploads_and_browses_through_the_library(live_server, page, django_user_model):
    page.set_viewport_size({"width": 1366, "height": 900})
    problems = log_in(page, live_server, django_user_model)
    MediaImage.objects.create(
        image=__import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile("le.jpg", photo_file(7)["buffer"]),
        caption="Lễ ra quân Tháng Thanh niên",
        alt_text="Thanh niên xếp hàng",
    )
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.wait_for_function("() => window.tinymce && tinymce.activeEditor && tinymce.activeEditor.initialized")
    # An image pasted into the text goes through images_upload_handler into the library.
    pasted = photo_file(8, (300, 200))["buffer"]
    import base64

    data_url = "data:image/jpeg;base64," + base64.b64encode(pasted).decode()
    location = page.evaluate(
        """async (src) => { const ed = tinymce.activeEditor; ed.setContent('<p>Mở đầu</p><p><img src="' + src + '" alt="Ảnh dán"></p>');
           await ed.uploadImages(); return ed.dom.select('img')[0].getAttribute('src'); }""",
        data_url,
    )
    assert location.startswith("/media/photos/") and MediaImage.objects.count() == 2
    # The browse hook lists the library, searchable without diacritics, and inserts the chosen image.
    page.evaluate("window.danvanFilePicker((url, meta) => { window.picked = [url, meta.alt]; }, '', {filetype: 'image'})")
    page.fill(".media-picker input[type=search]", "ra quan")
    page.wait_for_function("() => document.querySelectorAll('.media-picker-grid button').length === 1")
    shot(page, "editor-browse")
    page.click(".media-picker-grid button")
    picked = page.evaluate("window.picked")
    assert picked[1] == "Thanh niên xếp hàng" and picked[0] == MediaImage.objects.get(caption__startswith="Lễ").image.url
    assert page.locator(".media-picker").count() == 0
    assert csp_errors(problems) == []


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_video_loads_its_player_only_on_click(live_server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    from django.core.files.uploadedfile import SimpleUploadedFile

    poster = MediaImage.objects.create(image=SimpleUploadedFile("p.jpg", photo_file(9)["buffer"]), alt_text="Hội thi")
    video = Video.objects.create(
        title="Hội thi Dân vận khéo năm 2025", status=Status.PUBLISHED, link="https://youtu.be/dQw4w9WgXcQ", poster=poster
    )
    third_party: list[str] = []
    page.on("request", lambda r: third_party.append(r.url) if "youtube" in r.url else None)
    page.route("**/*youtube*/**", lambda route: route.abort())  # no network in tests: the click is what counts
    page.goto(live_server.url + video.get_absolute_url())
    assert page.locator("iframe").count() == 0 and third_party == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "video")
    page.click(".video__play")
    assert page.locator(".video__embed iframe").get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
