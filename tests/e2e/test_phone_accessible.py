"""Every public page type on a phone and a desktop: the menu button opens the whole menu
(with and without JavaScript), nothing scrolls sideways at 320 px, axe-core finds no
violation at 390 and 1366 px (WCAG 2.2 AA tap targets included) and the Nu HTML checker
no error."""

from __future__ import annotations

import importlib
from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import urlopen

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect
from taggit.models import Tag

from articles.models import Article, Section
from organizations.models import Document, Exemplar, Organization

from .checkers import axe_violations, html_errors
from .conftest import ROOT, menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ROOT / "test-artifacts" / "phone"


@pytest.fixture
def pages(seeded) -> dict[str, str]:
    """name → absolute URL of one page of every public type, from the seed corpus."""
    importlib.import_module("portal.migrations.0002_defaults").create_defaults(django_apps, None)
    public = Article.objects.published()
    dated = public.exclude(published_at=None).first()
    section = Section.objects.filter(articles__in=public).first()
    dated.tags.add("Dân vận khéo")  # the seed files carry no tags
    tag = Tag.objects.get(name="Dân vận khéo")
    document = Document.objects.filter(articles__in=public).first()
    body = Organization.objects.filter(articles__in=public).first()
    exemplar = Exemplar.objects.first()
    paths = {
        "home": "/",
        "section": section.get_absolute_url(),
        "tag": f"/tu-khoa/{tag.slug}/",
        "archive-year": f"/luu-tru/{dated.published_at.year}/",
        "archive-month": f"/luu-tru/{dated.published_at.year}/{dated.published_at.month}/",
        "archive-index": "/luu-tru/",
        "article": dated.get_absolute_url(),
        "documents": "/van-ban/",
        "document": document.get_absolute_url(),
        "bodies": "/to-chuc/",
        "body": body.get_absolute_url(),
        "models": "/dan-van-kheo/",
        "model": exemplar.get_absolute_url(),
        "search": "/tim-kiem/?q=dan+van+kheo",
        "search-none": "/tim-kiem/?q=khongcokhopnaodauxyz",
        "portal-page": "/trang/gioi-thieu/",
        "statistics": f"/thong-ke/?nam={dated.published_at.year}" + (f"&van-ban={document.slug}" if document else ""),
        "api-docs": "/api/v1/tai-lieu/",
        "not-found": "/khong-co-trang-nay/",
    }
    return {name: seeded.url + path for name, path in paths.items()}


def _tab(browser, width: int, javascript: bool = True):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN", java_script_enabled=javascript)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.width = width
    return context, tab


def _shoot(tab, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{name}-{tab.width}.png"), full_page=True)


def _menu_links(tab):
    return tab.get_by_role("navigation", name="Chuyên mục").locator("a")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_menu_button_opens_the_whole_menu_on_a_phone(pages, browser, javascript):
    context, tab = _tab(browser, 390, javascript)
    tab.goto(pages["home"])
    links = _menu_links(tab)
    assert links.count() >= 6
    assert not links.nth(links.count() - 1).is_visible()  # closed until asked for
    button = tab.get_by_role("navigation", name="Chuyên mục").locator("summary")
    assert button.inner_text().strip() == "Danh mục"
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    button.click()
    if javascript:
            expect(button).to_have_attribute("aria-expanded", "true")  # the "toggle" event is queued after the click
    for n in range(links.count()):
        link = links.nth(n)
        link.scroll_into_view_if_needed()
        assert link.is_visible(), link.inner_text()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (link.inner_text(), box)
        assert box["height"] >= 24 and box["width"] >= 24, (link.inner_text(), box)
    _shoot(tab, f"menu-open-{'js' if javascript else 'nojs'}")
    links.filter(has_text="Mô hình").click()
    tab.wait_for_url("**/dan-van-kheo/")
    context.close()


def test_menu_by_keyboard_on_a_phone(pages, browser):
    context, tab = _tab(browser, 390)
    tab.goto(pages["home"])
    button = tab.get_by_role("navigation", name="Chuyên mục").locator("summary")
    button.focus()
    tab.keyboard.press("Enter")
    # The "toggle" event that updates aria-expanded is queued after the key: wait for it.
    expect(button).to_have_attribute("aria-expanded", "true")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.closest('nav') !== null")
    tab.keyboard.press("Escape")  # closes the menu and gives focus back to its button
    expect(button).to_have_attribute("aria-expanded", "false")
    assert tab.evaluate("document.activeElement.tagName") == "SUMMARY"
    assert not _menu_links(tab).last.is_visible()
    context.close()


def test_desktop_shows_the_whole_menu_without_a_button(pages, browser):
    for javascript in (True, False):
        context, tab = _tab(browser, 1366, javascript)
        tab.goto(pages["home"])
        assert not tab.get_by_role("navigation", name="Chuyên mục").locator("summary").is_visible()
        links = _menu_links(tab)
        for n in range(links.count()):
            assert links.nth(n).is_visible(), links.nth(n).inner_text()
        context.close()


# The page itself, or any box in it that scrolls sideways (the old menu did): name → px.
SIDEWAYS = """() => {
  const found = {};
  const page = document.documentElement.scrollWidth - window.innerWidth;
  if (page > 0) found.page = page;
  for (const box of document.querySelectorAll("body *")) {
    const style = getComputedStyle(box);
    if (["auto", "scroll"].includes(style.overflowX) && box.scrollWidth > box.clientWidth && box.offsetParent !== null)
      found[box.className || box.tagName] = box.scrollWidth - box.clientWidth;
  }
  return found;
}"""


def test_no_page_scrolls_sideways_at_320_px(pages, browser):
    context, tab = _tab(browser, 320)
    wide = {}
    for name, url in pages.items():
        tab.goto(url)
        overflow = tab.evaluate(SIDEWAYS)
        if overflow:
            wide[name] = overflow
        _shoot(tab, name)
    context.close()
    assert wide == {}, f"pages that scroll sideways at 320 px (by px): {wide}"


# The site's own controls (not links inside running text, which WCAG exempts): every one
# at least 24×24 px, whatever the spacing around it.
CONTROLS = ", ".join(
    [
        ".main-nav summary, .main-nav a, .search-form input, .search-form button, .search-page__form input",
        ".search-page__form button, .breadcrumbs a, .pagination a, .chip-list a, .filters select, .filters button",
        ".filters__actions a, .site-footer a, .share a, .share button, .skip-link:focus, .block-title a, .more a",
    ]
)
SMALL = """selector => [...document.querySelectorAll(selector)]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, box]) => box.width < 24 || box.height < 24)
  .map(([el, box]) => `${el.tagName.toLowerCase()}.${el.className} “${el.textContent.trim().slice(0, 30)}” `
    + `${Math.round(box.width)}×${Math.round(box.height)}`)"""


def test_tap_targets_are_at_least_24_px_on_a_phone(pages, browser):
    context, tab = _tab(browser, 390)
    small = {}
    for name, url in pages.items():
        tab.goto(url)
        menu(tab)
        found = tab.evaluate(SMALL, CONTROLS)
        if found:
            small[name] = found
    context.close()
    assert small == {}, "\n".join(f"{name}: {line}" for name, lines in small.items() for line in lines)


@pytest.mark.parametrize("width", [390, 1366])
def test_axe_finds_no_violation_on_any_page_type(pages, browser, width):
    context, tab = _tab(browser, width)
    found = {}
    for name, url in pages.items():
        tab.goto(url)
        menu(tab)  # on a phone, check the open menu too
        violations = axe_violations(tab)
        if violations:
            found[name] = violations
        _shoot(tab, name)
    context.close()
    assert found == {}, "\n".join(f"{name}: {line}" for name, lines in found.items() for line in lines)


def test_html_checker_finds_no_error_on_any_page_type(pages, tmp_path):
    documents = {}
    for name, url in pages.items():
        try:
            response = urlopen(quote(url, safe=":/?=&+%"))  # the live test server
        except HTTPError as error:  # the 404 page
            response = error
        documents[name] = response.read().decode("utf-8")
    errors = html_errors(documents, tmp_path)
    assert errors == [], "\n".join(errors)
