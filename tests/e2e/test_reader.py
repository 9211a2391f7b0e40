"""A reader's journey in a real browser, on a phone (375 px) and a desktop (1280 px):
home → a section → an article from the seed import → a document it cites → search
"dan van kheo" and follow a result."""

from __future__ import annotations

import re

import pytest
from django.urls import NoReverseMatch, reverse

from articles.models import Article

from .conftest import menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")


def _no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at {page.width}px"


def test_home_section_article_document(seeded, page, shoot):
    article = Article.objects.published().filter(documents__symbol="25-NQ/TW", section__isnull=False).first()
    assert article is not None, "the seed import should link an article to 25-NQ/TW"
    section = article.section

    page.goto(seeded.url + "/")
    assert page.title().startswith("Ban Dân vận")
    assert page.get_by_role("banner").is_visible()
    assert page.locator(".card__title a").first.is_visible()
    _no_sideways_scroll(page)
    shoot("home")

    # The section, from the main menu (behind its "Danh mục" button on a phone).
    menu(page).get_by_role("link", name=section.name, exact=True).click()
    page.wait_for_url(f"**{section.get_absolute_url()}")
    assert page.locator("h1").inner_text() == section.name
    _no_sideways_scroll(page)
    shoot("section")

    # The article, from the section's list.
    page.locator(f'.card__title a[href="{article.get_absolute_url()}"]').click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    heading = page.locator("h1")
    assert heading.inner_text() == article.title
    assert heading.is_visible()
    meta = page.locator(".article__meta").inner_text()
    assert DATE.search(meta), meta  # 06/10/2021, day first
    assert page.locator(".article__body p").count() >= 3
    for figure in page.locator(".article__body figure img").all():
        assert figure.get_attribute("alt") is not None
    _no_sideways_scroll(page)
    shoot("article")

    # Printed, the article keeps its title and body and drops the site's chrome.
    page.emulate_media(media="print")
    assert page.locator(".article__title").is_visible()
    assert page.locator(".article__body").is_visible()
    assert not page.locator(".main-nav").is_visible()
    assert not page.locator(".site-footer").is_visible()
    shoot("article-print")
    page.emulate_media(media="screen")

    # The document, from the symbol linked in the body (or the "concerns" list).
    link = page.locator(".article__body a.doc-link", has_text="25-NQ/TW")
    if link.count() == 0:
        link = page.locator(".concerns a", has_text="25-NQ/TW")
    link.first.click()
    page.wait_for_url("**/van-ban/**")
    assert page.locator("h1").inner_text() == "25-NQ/TW"
    timeline = page.locator(".timeline")
    assert article.title in timeline.inner_text()
    _no_sideways_scroll(page)
    shoot("document")


def test_search_without_diacritics_and_follow_a_result(seeded, page, shoot):
    try:
        reverse("search:results")
    except NoReverseMatch:
        pytest.skip("search:results is not wired yet")
    page.goto(seeded.url + "/")
    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill("dan van kheo")
    box.press("Enter")
    page.wait_for_url("**/tim-kiem/**")
    results = page.locator(".search-result__title a")
    assert results.count() >= 1, page.locator("main").inner_text()
    _no_sideways_scroll(page)
    shoot("search")
    title = results.first.inner_text()
    results.first.click()
    page.wait_for_load_state()
    assert title.strip() in page.locator("h1").inner_text()
    shoot("search-result")


def test_keyboard_reader_reaches_content_with_the_skip_link(seeded, page):
    page.goto(seeded.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Chuyển đến nội dung chính"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#noi-dung"


def test_lists_of_documents_bodies_and_models(seeded, page, shoot):
    for name, path, heading in [
        ("documents", "/van-ban/", "Văn bản"),
        ("bodies", "/to-chuc/", "Tổ chức, cơ quan"),
        ("models", "/dan-van-kheo/", "Mô hình “Dân vận khéo”"),
    ]:
        page.goto(seeded.url + path)
        assert page.locator("h1").inner_text() == heading
        _no_sideways_scroll(page)
        shoot(name)
