"""The article list at a laptop's width: wide titles, a thumbnail, one-line status badges,
author and section columns (screenshots in test-artifacts/screenshots/article-list-*.png)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article, Photo, Section
from tests.articles.test_photos import png, upload

pytestmark = pytest.mark.browser

TITLES = [
    "Ban Dân vận Tỉnh ủy Đồng Tháp sơ kết 5 năm thực hiện phong trào thi đua “Dân vận khéo” giai đoạn 2021 - 2025",
    "Hội nghị quán triệt Nghị quyết 25-NQ/TW về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận",
    "Đoàn giám sát làm việc với huyện Đầm Hà về thực hiện Quy chế dân chủ ở cơ sở",
    "Mặt trận Tổ quốc tỉnh tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại khu dân cư",
    "Tọa đàm “Dân vận chính quyền” với cán bộ, công chức cấp xã sau sắp xếp đơn vị hành chính",
    "Thực hiện Quyết định 217-QĐ/TW và 218-QĐ/TW: giám sát, phản biện xã hội",
]


@pytest.fixture
def article_list(transactional_db, live_server, django_user_model):
    editor = django_user_model.objects.create_superuser("bientap", "", "mật-khẩu-dài-123", first_name="Minh", last_name="Nguyễn Văn")
    sections = [Section.objects.create(name=name) for name in ("Dân vận khéo", "Quy chế dân chủ", "Dân vận chính quyền")]
    statuses = ["published", "review", "draft", "published", "archived", "published"]
    for n, (title, status) in enumerate(zip(TITLES, statuses, strict=True)):
        when = timezone.now() + dt.timedelta(days=2) if n == 5 else timezone.now() - dt.timedelta(days=n)
        article = Article.objects.create(
            title=title,
            status=status,
            published_at=when if status == "published" else None,
            section=sections[n % 3],
            byline="Bài và ảnh: Nguyễn Thị Nga" if n % 2 else "",
            created_by=editor,
            featured=n == 0,
            view_count=1234 * n,
        )
        if n % 3 != 2:
            Photo.objects.create(article=article, image=upload(png((900, 600)), "anh.png"), alt_text="Quang cảnh hội nghị")
    return live_server


def measure(page) -> dict:
    return page.evaluate(
        """() => {
        const table = document.querySelector('#result_list');
        // Lines of text an element's content takes: the distinct tops of its text boxes.
        const lines = el => {
            const range = document.createRange();
            range.selectNodeContents(el);
            return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
        };
        const titles = [...document.querySelectorAll('#result_list td.field-title_column .article-title')];
        const badges = [...document.querySelectorAll('#result_list .status-badge')];
        const thumbs = [...document.querySelectorAll('#result_list img.article-thumb')];
        return {
            headers: [...table.querySelectorAll('thead th')].map(th => th.innerText.trim()).filter(Boolean),
            titleWidth: document.querySelector('#result_list td.field-title_column').getBoundingClientRect().width,
            tableWidth: table.getBoundingClientRect().width,
            titleLines: titles.map(lines),
            badgeLines: badges.map(lines),
            badgeTexts: badges.map(b => b.innerText),
            thumbsLoaded: thumbs.filter(i => i.complete && i.naturalWidth > 0).length,
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            // A cell whose content is wider than the cell runs into its neighbour.
            spilling: [...table.querySelectorAll('tbody td, tbody th')]
                .filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.className),
            dateLines: [...document.querySelectorAll('#result_list td.field-published_display')].map(lines),
            titleTexts: titles.map(t => t.innerText),
        };
    }"""
    )


@pytest.mark.parametrize("width", [1366, 1400])
def test_article_list_reads_well_on_a_laptop(article_list, browser, width):
    from tests.e2e.conftest import SCREENSHOTS

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(article_list.url + "/admin/login/?next=/admin/articles/article/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", "mật-khẩu-dài-123")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/articles/article/")
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"article-list-{width}.png"), full_page=True)
    found = measure(page)
    context.close()

    assert found["headers"][:6] == ["ẢNH", "TIÊU ĐỀ", "TRẠNG THÁI", "CHUYÊN MỤC", "TÁC GIẢ", "XUẤT BẢN"]
    assert found["titleWidth"] >= 0.4 * found["tableWidth"], found
    assert max(found["titleLines"]) <= 2, found  # the longest title, 110 characters, in two lines
    assert found["badgeLines"] == [1] * len(TITLES), found
    assert "Hẹn giờ" in found["badgeTexts"]
    assert found["thumbsLoaded"] == 4, found
    assert found["overflow"] <= 0, found
    assert found["spilling"] == [], found
    assert max(found["dateLines"]) <= 2, found  # "06:49" over "04/12/2026", never "04/12/2" over "026"
