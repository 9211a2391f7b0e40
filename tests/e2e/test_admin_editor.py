"""The editors' admin in a real browser, under the site's Content-Security-Policy."""

from __future__ import annotations

from urllib.parse import quote

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
    assert page.locator(".tox-editor-header .tox-toolbar").first.is_visible()
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


# What Word (Windows, Office 365) puts on the clipboard for a two-level bulleted list and
# a numbered one, trimmed of its <head>: paragraphs carrying the list in their style, the
# bullet or number as text in a "mso-list:Ignore" span, between conditional comments.
WORD_LISTS = (
    "<p class=MsoNormal>Các nhiệm vụ trọng tâm:<o:p></o:p></p>"
    "<p class=MsoListParagraphCxSpFirst style='text-indent:-.25in;mso-list:l0 level1 lfo1'><![if !supportLists]>"
    "<span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt \"Times New Roman\"'>"
    "&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Tuyên truyền Nghị quyết<o:p></o:p></p>"
    "<p class=MsoListParagraphCxSpMiddle style='margin-left:1.0in;text-indent:-.25in;mso-list:l0 level2 lfo1'>"
    "<![if !supportLists]><span style='font-family:\"Courier New\"'><span style='mso-list:Ignore'>o<span>&nbsp;&nbsp; </span>"
    "</span></span><![endif]>Ở khu dân cư<o:p></o:p></p>"
    "<p class=MsoListParagraphCxSpLast style='text-indent:-.25in;mso-list:l0 level1 lfo1'><![if !supportLists]>"
    "<span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span>&nbsp;&nbsp; </span></span></span><![endif]>"
    "Xây dựng mô hình “Dân vận khéo”<o:p></o:p></p>"
    "<p class=MsoNormal>Kết quả:</p>"
    "<p class=MsoListParagraph style='text-indent:-.25in;mso-list:l1 level1 lfo2'><![if !supportLists]>"
    "<span><span style='mso-list:Ignore'>1.<span>&nbsp;&nbsp; </span></span></span><![endif]>Hoàn thành 12 công trình<o:p></o:p></p>"
    "<p class=MsoListParagraph style='text-indent:-.25in;mso-list:l1 level1 lfo2'><![if !supportLists]>"
    "<span><span style='mso-list:Ignore'>2.<span>&nbsp;&nbsp; </span></span></span><![endif]>Vận động 3 tỷ đồng<o:p></o:p></p>"
)


def _log_in_to_new_article(page, live_server, django_user_model) -> None:
    django_user_model.objects.create_superuser("bientap", "", "mật-khẩu-dài-123")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", "mật-khẩu-dài-123")
    page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.frame_locator("iframe.tox-edit-area__iframe").locator("body").click()


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_lists_pasted_from_word_become_real_lists(transactional_db, live_server, page, django_user_model):
    _log_in_to_new_article(page, live_server, django_user_model)
    page.evaluate(
        """(html) => {
          const editor = tinymce.activeEditor;
          const data = new DataTransfer();
          data.setData('text/html', html);
          data.setData('text/plain', 'Các nhiệm vụ');
          editor.getBody().dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        WORD_LISTS,
    )
    content = page.evaluate("() => tinymce.activeEditor.getContent()").replace("\n", "")
    assert content == (
        "<p>Các nhiệm vụ trọng tâm:</p>"
        "<ul><li>Tuyên truyền Nghị quyết<ul><li>Ở khu dân cư</li></ul></li><li>Xây dựng mô hình “Dân vận khéo”</li></ul>"
        "<p>Kết quả:</p>"
        "<ol><li>Hoàn thành 12 công trình</li><li>Vận động 3 tỷ đồng</li></ol>"
    )


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_a_youtube_address_in_the_video_dialog_becomes_a_player_the_save_keeps(
    transactional_db, live_server, page, shoot, django_user_model
):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    _log_in_to_new_article(page, live_server, django_user_model)
    facebook = "https://www.facebook.com/bandanvan/videos/1234567890/"
    for address in ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", facebook):
        page.evaluate("() => { const e = tinymce.activeEditor; e.selection.select(e.getBody(), true); e.selection.collapse(false); }")
        page.get_by_role("button", name="Chèn/sửa đa phương tiện").click()
        dialog = page.locator(".tox-dialog")
        dialog.locator("input[type=url]").first.fill(address)
        dialog.get_by_role("button", name="Lưu").click()
        dialog.wait_for(state="detached")
    page.frame_locator("iframe.tox-edit-area__iframe").locator("iframe").nth(1).wait_for()
    shoot("admin-editor-video")
    page.fill("#id_title", "Bài có video")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")

    body = Article.objects.get().body
    assert '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"' in body, body
    player = "https://www.facebook.com/plugins/video.php?href=" + quote(facebook, safe="")
    assert f'title="Video Facebook" src="{player}&amp;show_text=false"' in body, body
    csp = [p for p in problems if "Content Security Policy" in p or "Refused to" in p]
    assert csp == [], csp
