"""The site chrome every public page draws: identity (header, footer), pages in the menu and
footer, linked sites and banners.

Read once per content generation and Hà Nội date per process, like the sections menu
(danvan/context_processors.py): saving settings, a page or a link bumps the generation
(portal/apps.py), so each process reads three small queries after a change and none on
the pages that follow, however many pages or links there are.

A link's dates change what is shown without anything being saved. The date is part of the
memo's key, and the page cache is told to start a new generation at the next midnight
whenever a link is waiting for its first day or will end (the same mark scheduled articles
use, danvan/cache.py), so no page keeps an expired banner past midnight.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone

from danvan.cache import NEXT_SCHEDULED_KEY, current_generation, forget_local_state

from .models import LinkedSite, Page, SiteSettings


@dataclass
class Chrome:
    settings: SiteSettings
    menu_pages: list[Page] = field(default_factory=list)
    footer_pages: list[Page] = field(default_factory=list)
    home_links: list[LinkedSite] = field(default_factory=list)
    sidebar_links: list[LinkedSite] = field(default_factory=list)


_memo: dict = {"key": None, "chrome": None}


def site_chrome() -> Chrome:
    key = (current_generation(), timezone.localdate())
    if _memo["key"] != key:
        _memo.update(key=key, chrome=read_chrome(key[1]))
    return _memo["chrome"]


def forget_chrome() -> None:
    _memo.update(key=None, chrome=None)


def read_chrome(today: datetime.date) -> Chrome:
    chrome = Chrome(settings=SiteSettings.load())
    pages = Page.objects.published().exclude(placement=Page.Placement.NONE).only("title", "slug", "placement", "order")
    for page in pages:
        page.url = page.get_absolute_url()
        if page.placement in Page.IN_MENU:
            chrome.menu_pages.append(page)
        if page.placement in Page.IN_FOOTER:
            chrome.footer_pages.append(page)
    waiting = False
    for link in LinkedSite.objects.not_expired(today):
        if not link.is_shown_on(today):
            waiting = True
            continue
        (chrome.home_links if link.position == LinkedSite.Position.HOME else chrome.sidebar_links).append(link)
        waiting = waiting or link.shown_until is not None
    if waiting:
        regenerate_at(next_midnight())
    return chrome


def next_midnight() -> datetime.datetime:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def regenerate_at(when: datetime.datetime) -> None:
    """Have the page cache start a new generation at ``when``, unless it will sooner."""
    current = cache.get(NEXT_SCHEDULED_KEY)
    if not current or when.timestamp() < current:
        cache.set(NEXT_SCHEDULED_KEY, when.timestamp(), None)
        forget_local_state()  # this process reads the new mark on its next request
