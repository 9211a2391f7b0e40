"""The article form's comforts in Chromium at 1366 px, under the site's CSP: autosave and
restore after a closed tab, two people seeing each other, a conflict merged field by
field, the preview of the unsaved form (editing/README.md)."""

from __future__ import annotations

import time

import pytest
import reversion

from articles.models import Article
from editing.models import Autosave
from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser
PASSWORD = "mật-khẩu-dài-123"
LONG_TITLE = (
    "Ban Dân vận Tỉnh ủy tổ chức hội nghị sơ kết 5 năm thực hiện phong trào thi đua “Dân vận khéo” "
    "giai đoạn 2021–2025 và triển khai nhiệm vụ trọng tâm những tháng cuối năm tại các huyện miền núi"
)


@pytest.fixture
def people(transactional_db, django_user_model):
    minh = django_user_model.objects.create_superuser("minh", "", PASSWORD, first_name="Minh", last_name="Nguyễn Văn")
    lan = django_user_model.objects.create_superuser("lan", "", PASSWORD, first_name="Lan", last_name="Trần Thị")
    with reversion.create_revision():  # as the admin saves it: the version both will start from
        article = Article.objects.create(title=LONG_TITLE, lead="Sapo gốc", body="<p>Đoạn một.</p><p>Đoạn hai.</p>", created_by=minh)
    return minh, lan, article


def _context(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    # The form's heartbeats, autosaves and its "left" beacon, still on their way: a test
    # ends only once they are answered (see _close).
    context.in_flight = set()
    context.on("request", lambda r: context.in_flight.add(r) if "/editing/" in r.url else None)
    context.on("requestfinished", lambda r: context.in_flight.discard(r))
    context.on("requestfailed", lambda r: context.in_flight.discard(r))
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(m.text) if m.type == "error" else None)
    tab.goto(live_server.url + "/admin/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", PASSWORD)
    tab.click("input[type=submit]")
    tab.wait_for_url("**/admin/")
    return context, tab


def _close(context) -> None:
    """Leave every page (the "left" beacon goes out), wait for the form's own requests to be
    answered, then close: a request still being served when the test's database is flushed
    holds a lock on SQLite's shared in-memory database, and the flush fails."""
    for tab in context.pages:
        tab.on("dialog", lambda dialog: dialog.accept())  # "leave with unsaved changes?": yes
        tab.goto("about:blank")
    deadline = time.monotonic() + 5
    while context.in_flight and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # the server finishes its response after the browser has it
    context.close()


def _open(tab, live_server, article):
    tab.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    tab.wait_for_function("() => window.tinymce && tinymce.get('id_body') && tinymce.get('id_body').initialized")


def _shoot(tab, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}-1366.png"), full_page=False)


def _csp(tab):
    return [p for p in tab.problems if "Content Security Policy" in p or "Refused to" in p]


def test_typed_text_survives_a_closed_tab(browser, live_server, people):
    minh, _lan, article = people
    context, tab = _context(browser, live_server, "minh")
    _open(tab, live_server, article)
    # The long title wraps beside the page's tools; it never runs under "Lịch sử".
    history = tab.get_by_role("link", name="Lịch sử").bounding_box()
    heading = tab.locator("#content > h2").bounding_box()
    apart = heading["x"] + heading["width"] <= history["x"] or heading["y"] >= history["y"] + history["height"]
    assert apart or history["y"] >= heading["y"] + heading["height"], (heading, history)
    tab.fill("#id_title", "Tiêu đề đang gõ dở")
    tab.evaluate("() => { const e = tinymce.get('id_body'); e.setContent('<p>Đoạn viết lại sau hội nghị.</p>'); e.fire('change'); }")
    tab.locator(".editing__status").filter(has_text="Đã lưu tự động lúc").wait_for()
    _shoot(tab, "editing-autosaved")
    assert Autosave.objects.get(user=minh).data["title"] == "Tiêu đề đang gõ dở"
    tab.close()  # the tab is closed without saving

    tab = context.new_page()
    _open(tab, live_server, article)
    offer = tab.locator(".editing__offer")
    assert offer.inner_text().startswith("Khôi phục bản lưu tự động lúc ")
    _shoot(tab, "editing-restore-offer")
    offer.get_by_role("button", name="Khôi phục").click()
    assert tab.input_value("#id_title") == "Tiêu đề đang gõ dở"
    assert tab.evaluate("() => tinymce.get('id_body').getContent()") == "<p>Đoạn viết lại sau hội nghị.</p>"
    tab.click("input[name=_save]")  # no "leave site?" question after a submit
    tab.wait_for_url("**/admin/articles/article/")
    article.refresh_from_db()
    assert (article.title, article.body) == ("Tiêu đề đang gõ dở", "<p>Đoạn viết lại sau hội nghị.</p>")
    assert not Autosave.objects.exists()
    _close(context)


def test_leaving_with_unsaved_changes_asks_first(browser, live_server, people):
    _minh, _lan, article = people
    context, tab = _context(browser, live_server, "minh")
    _open(tab, live_server, article)
    tab.fill("#id_lead", "Sapo chưa lưu")
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    tab.on("dialog", stay)
    tab.get_by_role("link", name="Lịch sử").click()
    tab.wait_for_timeout(500)
    assert asked == ["beforeunload"] and "/change/" in tab.url
    tab.remove_listener("dialog", stay)
    _close(context)


def test_two_people_see_each_other_and_merge_a_conflict(browser, live_server, people):
    _minh, _lan, article = people
    minh_context, minh = _context(browser, live_server, "minh")
    lan_context, lan = _context(browser, live_server, "lan")
    _open(minh, live_server, article)
    _open(lan, live_server, article)
    lan.locator(".editing__presence").filter(has_text="Nguyễn Văn Minh đang sửa bài này").wait_for()
    minh.reload()
    minh.locator(".editing__presence").filter(has_text="Trần Thị Lan đang sửa bài này").wait_for()
    minh.wait_for_function("() => tinymce.get('id_body') && tinymce.get('id_body').initialized")
    listing = lan_context.new_page()
    listing.goto(live_server.url + "/admin/articles/article/")
    assert "Nguyễn Văn Minh đang sửa bài này" in listing.locator("#result_list").inner_text()
    _shoot(listing, "editing-list-presence")
    listing.close()

    # Lan saves first: a new title and a changed second paragraph.
    lan.fill("#id_title", "Tiêu đề do Lan sửa")
    lan.evaluate("() => tinymce.get('id_body').setContent('<p>Đoạn một.</p><p>Đoạn hai, Lan bổ sung.</p>')")
    lan.click("input[name=_continue]")
    lan.wait_for_load_state()
    # Minh, on the version he opened, changes the lead and the first paragraph.
    minh.fill("#id_lead", "Sapo do Minh sửa")
    minh.evaluate("() => tinymce.get('id_body').setContent('<p>Đoạn một, Minh viết lại.</p><p>Đoạn hai.</p>')")
    minh.click("input[name=_continue]")
    panel = minh.locator(".editing__merge")
    panel.wait_for()
    assert "Trần Thị Lan đã lưu bài trong lúc bạn sửa" in panel.inner_text()
    _shoot(minh, "editing-merge")
    assert minh.locator("input[name='merge-title'][value='theirs']").is_checked()
    assert minh.locator("input[name='merge-lead'][value='mine']").is_checked()
    assert minh.locator("input[name='merge-body'][value='merge']").is_checked()
    panel.get_by_role("button", name="Lưu theo lựa chọn").click()
    minh.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.title == "Tiêu đề do Lan sửa"
    assert article.lead == "Sapo do Minh sửa"
    assert article.body == "<p>Đoạn một, Minh viết lại.</p><p>Đoạn hai, Lan bổ sung.</p>"
    assert _csp(minh) == [] and _csp(lan) == []
    _close(minh_context)
    _close(lan_context)


def test_preview_of_the_unsaved_form_at_phone_and_desktop_width(browser, live_server, people):
    _minh, _lan, article = people
    context, tab = _context(browser, live_server, "minh")
    _open(tab, live_server, article)
    tab.fill("#id_title", "Tiêu đề chỉ trong bản xem trước")
    with context.expect_page() as opened:
        tab.get_by_role("button", name="Xem trước", exact=True).click()
    preview = opened.value
    preview.problems = []
    preview.on("console", lambda m: preview.problems.append(m.text) if m.type == "error" else None)
    preview.wait_for_load_state()
    assert "Bản xem trước — chưa xuất bản" in preview.locator(".editing-preview__bar").inner_text()

    frame = preview.frame_locator("iframe.editing-preview__frame")
    assert frame.locator("h1").inner_text() == "Tiêu đề chỉ trong bản xem trước"
    _shoot(preview, "editing-preview-desktop")
    preview.get_by_role("button", name="Điện thoại (390 px)").click()
    assert preview.locator("iframe.editing-preview__frame").bounding_box()["width"] == 390
    _shoot(preview, "editing-preview-phone")
    article.refresh_from_db()
    assert article.title != "Tiêu đề chỉ trong bản xem trước"
    assert tab.url.endswith(f"/{article.pk}/change/")  # the form stays open, unsaved
    assert _csp(preview) == [] and _csp(tab) == []
    _close(context)
