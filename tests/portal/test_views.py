"""The public side: identity in the header and footer, the editors' pages, links and banners,
share and print; nothing unpublished or out of date anywhere, and flat query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import LinkedSite, Page, SiteSettings
from tests.site.conftest import make_article

from .conftest import make_link, make_page, png

pytestmark = pytest.mark.django_db


def html_of(client, path: str = "/") -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def footer(html: str) -> str:
    return re.search(r"<footer.*?</footer>", html, re.S).group(0)


def nav(html: str) -> str:
    return re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)


@pytest.fixture
def identity():
    row = SiteSettings.load()
    row.name = "Ban Dân vận Tỉnh ủy Nghệ An"
    row.slogan = "Gần dân, hiểu dân, giúp dân"
    row.owning_agency = "Tỉnh ủy Nghệ An"
    row.responsible_person = "Nguyễn Văn Bình, Phó Trưởng Ban"
    row.licence = "Giấy phép số 12/GP-TTĐT do Sở Thông tin và Truyền thông Nghệ An cấp ngày 05/03/2024"
    row.address = "Số 1 đường Phan Đăng Lưu, thành phố Vinh"
    row.phone = "0238 3844 123"
    row.email = "banbientap@danvan.nghean.vn"
    row.facebook_url = "https://www.facebook.com/danvannghean"
    row.zalo_url = "https://zalo.me/danvannghean"
    row.save()
    return row


def test_the_footer_prints_what_a_state_portal_must(client, identity):
    html = footer(html_of(client))
    for line in (
        "<dt>Cơ quan chủ quản:</dt> <dd>Tỉnh ủy Nghệ An</dd>",
        "<dt>Chịu trách nhiệm nội dung:</dt> <dd>Nguyễn Văn Bình, Phó Trưởng Ban</dd>",
        "<dt>Địa chỉ:</dt> <dd>Số 1 đường Phan Đăng Lưu, thành phố Vinh</dd>",
        "<dt>Điện thoại:</dt> <dd>0238 3844 123</dd>",
        '<a href="mailto:banbientap@danvan.nghean.vn">banbientap@danvan.nghean.vn</a>',
        "Giấy phép số 12/GP-TTĐT do Sở Thông tin và Truyền thông Nghệ An cấp ngày 05/03/2024",
        '<a href="https://www.facebook.com/danvannghean" rel="noopener me" target="_blank">Facebook',
        '<a href="https://zalo.me/danvannghean" rel="noopener me" target="_blank">Zalo',
    ):
        assert line in html
    assert "YouTube" not in html  # not filled in: not printed
    assert '<a href="/trang/gioi-thieu/">Giới thiệu</a>' in html and '<a href="/trang/lien-he/">Liên hệ</a>' in html


def test_the_header_and_titles_use_the_name_set_in_the_admin(client, identity):
    html = html_of(client)
    assert "<title>Ban Dân vận Tỉnh ủy Nghệ An — Trang chủ</title>" in html
    assert '<span class="brand__name">Ban Dân vận Tỉnh ủy Nghệ An</span>' in html
    assert '<span class="brand__tagline">Gần dân, hiểu dân, giúp dân</span>' in html
    assert '<span class="brand__mark" aria-hidden="true">★</span>' in html  # no logo yet
    identity.logo = png(96, 96)
    identity.save()
    html = html_of(client)
    assert f'<img class="brand__logo" src="{identity.logo.url}" alt="" width="96" height="96">' in html
    assert "brand__mark" not in html


def test_a_published_page_is_served_with_its_section_and_siblings(client):
    intro = Page.objects.get(slug="gioi-thieu")
    html = html_of(client, "/trang/lanh-dao-ban/")
    assert '<h1 id="tieu-de" class="article__title">Lãnh đạo Ban</h1>' in html
    assert "<title>Lãnh đạo Ban — Ban Dân vận</title>" in html
    assert f'<li><a href="{intro.get_absolute_url()}">Giới thiệu</a></li>' in html  # breadcrumb
    assert '<a href="/trang/lanh-dao-ban/" aria-current="page">Lãnh đạo Ban</a>' in html
    assert '<a href="/trang/gioi-thieu/" aria-current="page">Giới thiệu</a>' in nav(html)  # its section
    html = html_of(client, "/trang/gioi-thieu/")
    assert html.index("/trang/chuc-nang-nhiem-vu/") < html.index("/trang/lanh-dao-ban/") < html.index("/trang/co-cau-to-chuc/")
    assert '<a href="/trang/gioi-thieu/" aria-current="page">Giới thiệu</a>' in nav(html)


def test_a_draft_page_is_404_for_readers_and_a_marked_uncached_preview_for_staff(client, reporter):
    draft = make_page(title="Quy chế làm việc", status=Page.Status.DRAFT, placement=Page.Placement.BOTH)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(reporter)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Bản xem trước</strong> — trang chưa hiện với bạn đọc (trạng thái: Bản nháp)." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_an_unpublished_page_is_nowhere_public(client):
    intro = Page.objects.get(slug="gioi-thieu")
    make_page(title="Trang nháp bí mật", status=Page.Status.DRAFT, placement=Page.Placement.BOTH, parent=intro)
    leaders = Page.objects.get(slug="lanh-dao-ban")
    leaders.status = Page.Status.DRAFT
    leaders.save()
    article = make_article()
    for path in ("/", "/trang/gioi-thieu/", "/trang/chuc-nang-nhiem-vu/", article.get_absolute_url(), "/sitemap.xml", "/khong-co/"):
        content = client.get(path).content.decode()
        assert "Trang nháp bí mật" not in content and "trang-nhap-bi-mat" not in content, path
        assert "Lãnh đạo Ban" not in content and "/trang/lanh-dao-ban/" not in content, path
    sitemap = html_of(client, "/sitemap.xml")
    assert "http://testserver/trang/gioi-thieu/" in sitemap and "http://testserver/trang/lien-he/" in sitemap


def test_pages_sit_in_the_menu_and_footer_where_the_editors_placed_them(client):
    make_page(title="Hỏi đáp", placement=Page.Placement.MENU, order=5)
    make_page(title="Sơ đồ trang", placement=Page.Placement.FOOTER, order=5)
    make_page(title="Trang ẩn", placement=Page.Placement.NONE)
    html = html_of(client)
    menu, bottom = nav(html), footer(html)
    assert menu.index(">Giới thiệu</a>") < menu.index(">Hỏi đáp</a>") < menu.index('href="/van-ban/"')
    assert "Liên hệ" not in menu and "Sơ đồ trang" not in menu and "Trang ẩn" not in menu
    assert bottom.index(">Giới thiệu</a>") < bottom.index(">Sơ đồ trang</a>") < bottom.index(">Liên hệ</a>")
    assert "Hỏi đáp" not in bottom and "Trang ẩn" not in bottom


def test_only_the_links_shown_today_appear_on_the_home_page_and_sidebars(client):
    today = timezone.localdate()
    make_link(title="Báo Dân vận", url="https://baodanvan.vn/", position=LinkedSite.Position.HOME)
    make_link(title="Cổng Thông tin Đảng Cộng sản", url="https://dangcongsan.vn/", order=1)
    make_link(title="Banner đang chạy", url="https://dvk.example.vn/", image=png(300, 100), shown_until=today, order=2)
    make_link(title="Banner đã hết hạn", url="https://cu.example.vn/", shown_until=today - dt.timedelta(days=1))
    make_link(title="Banner chưa đến ngày", url="https://moi.example.vn/", shown_from=today + dt.timedelta(days=1))
    article = make_article()
    home = html_of(client)
    main, aside = home.split('<aside class="page__sidebar"', 1)
    assert '<a href="https://baodanvan.vn/" rel="noopener" target="_blank">Báo Dân vận' in main
    assert "Báo Dân vận" not in aside
    banner = LinkedSite.objects.get(title="Banner đang chạy")
    for html in (aside, html_of(client, article.get_absolute_url()), html_of(client, "/trang/lien-he/")):
        assert '<a href="https://dangcongsan.vn/" rel="noopener" target="_blank">Cổng Thông tin Đảng Cộng sản' in html
        assert f'<img src="{banner.image.url}" alt="Banner đang chạy" width="300" height="100" loading="lazy">' in html
        assert html.index("dangcongsan.vn") < html.index("dvk.example.vn")
    for path in ("/", article.get_absolute_url(), "/trang/lien-he/"):
        content = html_of(client, path)
        assert "hết hạn" not in content and "chưa đến ngày" not in content


def test_without_links_the_sidebar_of_a_page_stays_empty():
    from django.test import Client

    html = html_of(Client(), "/trang/lien-he/")
    assert '<aside class="page__sidebar" aria-label="Thông tin thêm"></aside>' in html


def test_the_article_page_offers_sharing_without_third_party_scripts(client, settings):
    settings.SITE_URL = "https://danvan.example.vn"
    article = make_article(title="Hội nghị Dân vận khéo", slug="hoi-nghi-dan-van-kheo")
    html = html_of(client, article.get_absolute_url())
    encoded = "https%3A%2F%2Fdanvan.example.vn%2Fbai-viet%2Fhoi-nghi-dan-van-kheo%2F"
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={encoded}" rel="noopener noreferrer" target="_blank">Facebook' in html
    assert f'href="https://zalo.me/share?url={encoded}" rel="noopener noreferrer" target="_blank">Zalo' in html
    assert 'data-copy="https://danvan.example.vn/bai-viet/hoi-nghi-dan-van-kheo/"' in html
    assert re.search(r'<button type="button" class="share__button" data-copy="[^"]+" [^>]*hidden>Sao chép liên kết</button>', html)
    assert '<script src="/static/js/share.js" defer></script>' in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all('src="/static/' in tag or 'type="application/ld+json"' in tag for tag in scripts), scripts
    # Printed: the address and the date, and the print sheet only for print.
    assert '<span class="article__address">https://danvan.example.vn/bai-viet/hoi-nghi-dan-van-kheo/</span>' in html
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html


def test_a_preview_offers_no_sharing(client, reporter):
    draft = make_article(title="Bản nháp chia sẻ", status="draft")
    client.force_login(reporter)
    html = html_of(client, draft.get_absolute_url())
    assert "Bản xem trước" in html and 'class="share"' not in html


def _queries(client, path: str) -> int:
    """Queries of a second, warm request of ``path``."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _fill(n: int) -> None:
    intro = Page.objects.get(slug="gioi-thieu")
    for i in range(n):
        make_page(placement=Page.Placement.BOTH, parent=intro)
        make_link(position=LinkedSite.Position.HOME if i % 2 else LinkedSite.Position.SIDEBAR, image=png() if i % 3 == 0 else None)


@pytest.mark.parametrize("path", ["/", "/trang/gioi-thieu/", "/trang/lien-he/", "article", "/sitemap.xml"])
def test_query_counts_stay_flat_however_many_pages_and_links(client, path):
    article = make_article()
    path = article.get_absolute_url() if path == "article" else path
    _fill(1)
    one = _queries(client, path)
    _fill(29)
    thirty = _queries(client, path)
    assert one == thirty, f"{path}: {one} queries with 1 page and link, {thirty} with 30"


def chrome_queries(captured) -> list[str]:
    """The chrome's reads: the settings row, the placed pages, the links."""
    return [
        q["sql"]
        for q in captured.captured_queries
        if '"portal_sitesettings"' in q["sql"] or '"portal_linkedsite"' in q["sql"] or "\"placement\" = 'none'" in q["sql"]
    ]


def test_the_chrome_is_read_once_per_generation_and_not_again(client):
    _fill(3)
    article = make_article()
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    assert len(chrome_queries(first)) == 3
    for path in ("/", "/trang/lien-he/", article.get_absolute_url(), "/khong-co-trang-nay/"):
        with CaptureQueriesContext(connection) as again:
            client.get(path)
        assert chrome_queries(again) == [], path
