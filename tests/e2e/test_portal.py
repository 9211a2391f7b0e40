"""The commission's own pages, identity, links and the share bar in a real browser, at a
phone's 390 px and a desktop's 1366 px; printed, the article drops the site's chrome."""

from __future__ import annotations

import datetime as dt
import importlib
from io import BytesIO

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Article

from .conftest import ROOT, menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ROOT / "test-artifacts" / "portal"
WIDTHS = {"phone": 390, "desktop": 1366}


def _banner(text_colour=(183, 28, 28)) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 200), (253, 246, 224))
    ImageDraw.Draw(image).rectangle((12, 12, 588, 188), outline=text_colour, width=8)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("Banner Dân vận khéo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def portal_site(seeded):
    """The first run's defaults (the migration's own function: transactional tests flush
    what migrations wrote), filled in as an operator would, and a few links."""
    from portal.models import LinkedSite, SiteSettings

    importlib.import_module("portal.migrations.0002_defaults").create_defaults(django_apps, None)
    row = SiteSettings.load()
    row.name = "Ban Dân vận Tỉnh ủy Nghệ An"
    row.owning_agency = "Tỉnh ủy Nghệ An"
    row.responsible_person = "Nguyễn Văn Bình, Phó Trưởng Ban"
    row.licence = "Giấy phép số 12/GP-TTĐT do Sở Thông tin và Truyền thông Nghệ An cấp ngày 05/03/2024"
    row.address = "Số 1 đường Phan Đăng Lưu, phường Trường Thi, thành phố Vinh, tỉnh Nghệ An"
    row.phone = "0238 3844 123"
    row.email = "banbientap@danvan.nghean.vn"
    row.facebook_url = "https://www.facebook.com/danvannghean"
    row.zalo_url = "https://zalo.me/danvannghean"
    row.save()
    today = timezone.localdate()
    LinkedSite.objects.create(title="Cuộc thi Dân vận khéo", url="https://dvk.example.vn/", image=_banner(), position="sidebar", order=1)
    LinkedSite.objects.create(
        title="Banner đã hết hạn", url="https://cu.example.vn/", position="sidebar", shown_until=today - dt.timedelta(days=1)
    )
    for n, (title, url) in enumerate(
        [
            ("Báo Điện tử Đảng Cộng sản Việt Nam", "https://dangcongsan.vn/"),
            ("Ban Dân vận Trung ương", "https://danvan.vn/"),
            ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
        ]
    ):
        LinkedSite.objects.create(title=title, url=url, position="home", order=n)
    LinkedSite.objects.create(title="Tạp chí Dân vận", url="https://tapchidanvan.example.vn/", position="sidebar", order=2)
    return seeded


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def tab(request, browser):
    width = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.width = width
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    yield page
    context.close()


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.width}.png"), full_page=True)


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at {page.width}px"


def test_identity_pages_and_links(portal_site, tab):
    tab.goto(portal_site.url + "/")
    assert tab.locator(".brand__name").inner_text().casefold() == "ban dân vận tỉnh ủy nghệ an"
    footer = tab.locator(".site-footer").inner_text()
    for line in (
        "Cơ quan chủ quản: Tỉnh ủy Nghệ An",
        "Chịu trách nhiệm nội dung: Nguyễn Văn Bình, Phó Trưởng Ban",
        "Giấy phép số 12/GP-TTĐT",
    ):
        assert line in footer
    home_links = tab.locator(".links-block--home a")
    assert home_links.count() == 3 and home_links.first.get_attribute("rel") == "noopener"
    assert "Banner đã hết hạn" not in tab.content()
    assert tab.locator(".page__sidebar .links-block__banner img").is_visible()
    no_sideways_scroll(tab)
    shoot(tab, "home")

    menu(tab).get_by_role("link", name="Giới thiệu", exact=True).click()
    tab.wait_for_url("**/trang/gioi-thieu/")
    assert tab.locator("h1").inner_text() == "Giới thiệu"
    tab.locator(".static-page__children").get_by_role("link", name="Lãnh đạo Ban").click()
    tab.wait_for_url("**/trang/lanh-dao-ban/")
    assert tab.locator(".breadcrumbs li").nth(1).inner_text() == "Giới thiệu"
    no_sideways_scroll(tab)
    shoot(tab, "page")
    assert tab.console_errors == []


def test_share_copy_and_print_an_article(portal_site, tab):
    article = Article.objects.published().exclude(published_at=None).first()
    tab.goto(portal_site.url + article.get_absolute_url())
    share = tab.get_by_role("complementary", name="Chia sẻ bài viết")
    assert share.get_by_role("link", name="Facebook").get_attribute("href").startswith("https://www.facebook.com/sharer/sharer.php?u=http")
    copy = share.get_by_role("button", name="Sao chép liên kết")
    copy.click()
    tab.locator(".share__status", has_text="Đã sao chép liên kết").wait_for()
    assert tab.evaluate("navigator.clipboard.readText()").endswith(article.get_absolute_url())
    no_sideways_scroll(tab)
    shoot(tab, "article")
    assert tab.console_errors == []  # no CSP refusal of the share script

    tab.emulate_media(media="print")
    for hidden in (".main-nav", ".share", ".page__sidebar", ".site-footer", ".breadcrumbs", ".search-form"):
        assert not tab.locator(hidden).is_visible(), hidden
    address = tab.locator(".article__address")
    assert address.is_visible() and address.inner_text().endswith(article.get_absolute_url())
    assert tab.locator(".article__meta time").is_visible()
    shoot(tab, "article-print")


def test_without_javascript_the_share_links_stay_and_the_buttons_hide(portal_site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    article = Article.objects.published().first()
    page.goto(portal_site.url + article.get_absolute_url())
    assert page.locator(".share").get_by_role("link", name="Zalo").is_visible()
    assert not page.locator("[data-copy]").is_visible() and not page.locator("[data-print]").is_visible()
    context.close()
