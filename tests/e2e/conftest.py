"""Headless Chromium for the end-to-end tests: Debian's /usr/bin/chromium through Playwright.

Without Chromium or Playwright the tests skip, loudly; CI installs both and sets
REQUIRE_BROWSER=1, which turns a missing browser into a failure.
Screenshots go to test-artifacts/screenshots/ (git-ignored, kept by CI as artefacts).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = {"phone": 375, "desktop": 1366}  # an editor at 1366 px, a reader on a phone


def _missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM}: install Debian's chromium (CI does) or set CHROMIUM_PATH"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install -r requirements-dev.txt)"
    return None


def menu(page):
    """The main menu, opened first where it folds behind its "Danh mục" button (phones)."""
    nav = page.get_by_role("navigation", name="Chuyên mục")
    button = nav.locator("summary")
    if button.is_visible() and nav.locator("details[open]").count() == 0:
        button.click()
    return nav


@pytest.fixture(scope="session")
def browser():
    reason = _missing()
    if reason:
        # CI sets REQUIRE_BROWSER=1: there a missing browser is a failure, not a skip.
        if os.environ.get("REQUIRE_BROWSER", "").strip() not in ("", "0"):
            pytest.fail(f"REQUIRE_BROWSER is set but {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    # Playwright's sync API runs an event loop in this thread; Django must allow ORM calls anyway.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def page(request, browser):
    width = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.width = width
    yield tab
    context.close()


@pytest.fixture
def shoot(page):
    """shoot("home") saves test-artifacts/screenshots/home-375.png (full page)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shoot(name: str) -> Path:
        path = SCREENSHOTS / f"{name}-{page.width}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shoot


@pytest.fixture
def seeded(transactional_db, live_server):
    """Reference data and the seed corpus, loaded by the operators' own commands."""
    commands = get_commands()
    for name in ("load_reference", "import_articles"):
        if name not in commands:
            pytest.skip(f"management command {name!r} is not available yet")
    call_command("load_reference", verbosity=0)
    call_command("import_articles", str(ROOT / "fixtures" / "seeds"), verbosity=0)
    if "rebuild_search_index" in commands:
        call_command("rebuild_search_index", verbosity=0)
    return live_server
