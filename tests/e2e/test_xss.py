"""None of the known XSS payloads runs on the public article page, in a real browser."""

from __future__ import annotations

import pytest

from articles.models import Article, Section
from tests.danvan.xss_payloads import PAYLOADS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_no_payload_runs_on_the_public_page(transactional_db, live_server, page, shoot):
    section = Section.objects.create(name="Tin hoạt động")
    body = "".join(f"<p>Đoạn {i}</p>{payload}" for i, payload in enumerate(PAYLOADS))
    article = Article.objects.create(
        title="Thử các chuỗi tấn công <script>window.__xss=1</script>",
        lead="<img src=x onerror=window.__xss=1> sapo",
        body=body,
        byline="<b onmouseover=window.__xss=1>Phóng viên</b>",
        section=section,
        status="published",
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + article.get_absolute_url())
    page.wait_for_load_state("load")
    # Give timers, image errors and focus handlers their chance to fire.
    page.mouse.move(200, 300)
    page.keyboard.press("Tab")
    page.wait_for_timeout(500)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dialogs == []
    assert page.locator("h1").first.inner_text().startswith("Thử các chuỗi tấn công")
    assert "Đoạn 0" in page.content() and f"Đoạn {len(PAYLOADS) - 1}" in page.content()
    shoot("xss-article")
