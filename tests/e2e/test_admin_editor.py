"""The editors' admin in a real browser, under the site's Content-Security-Policy."""

from __future__ import annotations

import pytest

from articles.models import Article

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_editor_writes_in_tinymce_and_publishes_under_csp(transactional_db, live_server, page, shoot, django_user_model):
    django_user_model.objects.create_superuser("bientap", "", "mật-khẩu-dài-123")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", "mật-khẩu-dài-123")
    page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/articles/article/add/")
    editor = page.frame_locator("iframe.tox-edit-area__iframe")
    editor.locator("body").click()
    editor.locator("body").type("Đoàn giám sát làm việc với huyện Đầm Hà")
    assert page.locator(".tox-toolbar__primary").is_visible()
    assert page.get_by_role("button", name="In đậm").count() >= 1  # the toolbar speaks Vietnamese
    page.fill("#id_title", "Bài viết từ trình soạn thảo")
    page.fill("#id_published_at_0", "06/10/2021")
    page.fill("#id_published_at_1", "08:30")
    page.select_option("#id_status", "published")
    shoot("admin-editor")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")

    article = Article.objects.get()
    assert article.body == "<p>Đoàn giám sát làm việc với huyện Đầm Hà</p>"
    assert article.status == "published" and article.published_at.strftime("%d/%m/%Y") == "06/10/2021"
    csp = [p for p in problems if "Content Security Policy" in p or "Refused to" in p]
    assert csp == [], csp
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator("h1").first.inner_text() == "Bài viết từ trình soạn thảo"
