"""The desk in Chromium at a laptop's width: an editor sends an article back with a note,
and the reporter finds the note on the form and a notification under the bell
(screenshots in test-artifacts/screenshots/desk-*.png)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article, AuditEvent
from desk.models import Notification
from newsroom.roles import EDITOR, REPORTER
from tests.admin_forms import member

pytestmark = pytest.mark.browser

PASSWORD = "mật-khẩu-dài-123"


def _roles() -> None:
    """The newsroom's groups, written by a migration, are gone after an earlier browser test's flush."""
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from newsroom.roles import sync_roles

    if not Group.objects.filter(name=EDITOR).exists():
        sync_roles(MigrationExecutor(connection).loader.project_state().apps)


def _log_in(browser, live_server, username: str):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return context, page


def test_editor_sends_back_with_a_note_and_the_reporter_sees_it(transactional_db, live_server, browser, django_user_model):
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _roles()
    editor = member(django_user_model, "bientap", EDITOR)
    editor.first_name, editor.last_name = "Minh", "Nguyễn Văn"
    editor.save()
    reporter = member(django_user_model, "phongvien", REPORTER)
    reporter.first_name, reporter.last_name = "Nga", "Trần Thị"
    reporter.save()
    article = Article.objects.create(
        title="Ban Dân vận Tỉnh ủy sơ kết phong trào thi đua “Dân vận khéo”", body="<p>Nội dung</p>", status="review", created_by=reporter
    )

    context, page = _log_in(browser, live_server, "bientap")
    assert page.locator("#desk-panel").get_by_text("Chờ duyệt").is_visible()
    page.goto(live_server.url + f"/admin/articles/article/{article.pk}/change/")
    note_row = page.locator(".form-row.field-return_note")
    assert note_row.is_hidden()  # asked for only when the article is set back to a draft
    page.select_option("#id_status", "draft")
    assert note_row.is_visible()
    page.fill("#id_return_note", "Cần dẫn nguồn số liệu ở đoạn 2 và thêm ảnh hội nghị.")
    page.screenshot(path=str(SCREENSHOTS / "desk-send-back-1366.png"), full_page=True)
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")
    # The calendar: this month, Monday first, the scheduled article on its day.
    when = timezone.localtime() + dt.timedelta(minutes=5)
    Article.objects.create(title="Hội nghị giao ban công tác dân vận", status="published", published_at=when, created_by=editor)
    page.goto(live_server.url + "/admin/articles/article/lich/")
    headers = page.locator(".desk-calendar thead th").all_inner_texts()
    assert [h.strip().lower() for h in headers] == ["thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật"]
    day = page.locator(".desk-calendar td", has=page.locator(".desk-calendar__date", has_text=when.strftime("%d/%m")))
    assert "Hội nghị giao ban công tác dân vận" in day.inner_text() and when.strftime("%H:%M") in day.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "desk-calendar-1366.png"), full_page=True)
    context.close()

    article.refresh_from_db()
    assert article.status == "draft" and article.return_note == "Cần dẫn nguồn số liệu ở đoạn 2 và thêm ảnh hội nghị."
    assert AuditEvent.objects.get().action == "returned"
    assert Notification.objects.get().recipient == reporter

    context, page = _log_in(browser, live_server, "phongvien")
    bell = page.locator(".desk-bell")
    page.wait_for_function("() => !document.querySelector('.desk-bell__count').hidden")
    assert bell.locator(".desk-bell__count").inner_text() == "1"
    assert page.locator("#desk-panel").get_by_text("Bị trả lại").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "desk-reporter-home-1366.png"), full_page=True)
    bell.click()
    page.wait_for_url("**/admin/desk/notification/**")
    message = page.locator("a.desk-note")
    assert message.inner_text() == (
        "Nguyễn Văn Minh trả lại bài «Ban Dân vận Tỉnh ủy sơ kết phong trào thi đua “Dân vận khéo”»: "
        "Cần dẫn nguồn số liệu ở đoạn 2 và thêm ảnh hội nghị."
    )
    message.click()
    page.wait_for_url(f"**/admin/articles/article/{article.pk}/change/")
    returned = page.locator("fieldset.desk-returned")
    assert returned.is_visible()
    assert "Ghi chú của biên tập viên" in returned.inner_text()
    assert "Nguyễn Văn Minh trả lại lúc" in returned.inner_text()
    assert "Cần dẫn nguồn số liệu ở đoạn 2 và thêm ảnh hội nghị." in returned.inner_text()
    page.wait_for_function("() => document.querySelector('.desk-bell__count').hidden")  # read once opened
    page.screenshot(path=str(SCREENSHOTS / "desk-returned-note-1366.png"), full_page=False)
    context.close()
    assert Notification.objects.get().read_at is not None
