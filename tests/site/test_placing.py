"""Sections that say what they hold, undated articles that still place, feeds and the
sitemap that date and address articles as readers see them."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .conftest import make_article, make_section

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_an_empty_section_says_what_it_will_hold(client):
    section = make_section(name="Quy chế dân chủ", description="Thực hiện dân chủ ở cơ sở.")
    html = client.get(section.get_absolute_url()).content.decode()
    assert "Chuyên mục này sẽ đăng: Thực hiện dân chủ ở cơ sở." in html
    assert "Chưa có bài viết nào được xuất bản trong chuyên mục" in html

    make_article(title="Hội nghị đối thoại với nhân dân", section=section)
    html = client.get(section.get_absolute_url()).content.decode()
    assert "Chuyên mục này sẽ đăng" not in html
    assert '<p class="page-header__intro">Thực hiện dân chủ ở cơ sở.</p>' in html and "Hội nghị đối thoại với nhân dân" in html


def test_the_reference_sections_have_descriptions():
    from django.core.management import call_command

    call_command("load_reference", verbosity=0)
    from articles.models import Section

    assert Section.objects.exists() and not Section.objects.filter(description="").exists()


def _undated(year_hint=None, **kwargs) -> Article:
    kwargs.setdefault("import_source", f"seeds/{kwargs['title']}.txt")
    return make_article(published_at=None, year_hint=year_hint, year_hint_source="năm trong đường dẫn bài gốc", **kwargs)


def test_an_undated_article_whose_year_is_known_shows_it_and_sits_in_its_year(client, section):
    article = _undated(2016, title="Đoàn giám sát làm việc với huyện Đầm Hà", section=section)
    _undated(None, title="Bài không rõ năm")
    make_article(title="Bài có ngày năm 2016", published_at=timezone.make_aware(datetime.datetime(2016, 9, 28, 8)))

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Năm 2016 (không rõ ngày đăng)" in page
    assert '<p class="card__meta">Năm 2016</p>' in client.get(section.get_absolute_url()).content.decode()

    year = client.get(reverse("articles:archive_year", args=[2016])).content.decode()
    assert "Đoàn giám sát làm việc với huyện Đầm Hà" in year and "Bài có ngày năm 2016" in year
    assert year.index("Bài có ngày năm 2016") < year.index("Đoàn giám sát")  # dated first
    assert "Bài không rõ năm" not in year
    assert "Đoàn giám sát" not in client.get(reverse("articles:archive_month", args=[2016, 9])).content.decode()


def test_a_year_of_undated_articles_only_is_in_the_archive_index(client):
    _undated(2014, title="Bài năm 2014")
    index = client.get(reverse("articles:archive_index")).content.decode()
    assert f'href="{reverse("articles:archive_year", args=[2014])}"' in index


def test_rss_description_falls_back_to_the_opening(client):
    make_article(title="Bài không sapo", lead="", body="<p>Sáng 6/10, Ban Dân vận Tỉnh ủy tổ chức <b>hội nghị</b> sơ kết.</p><p>Hai.</p>")
    root = ET.fromstring(client.get(reverse("articles:rss")).content)
    assert root.find("channel/item/description").text.startswith("Sáng 6/10, Ban Dân vận Tỉnh ủy tổ chức hội nghị sơ kết. Hai.")


def _lastmods(client) -> dict[str, str]:
    root = ET.fromstring(client.get(reverse("sitemap")).content)
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root.iter(f"{SITEMAP}url")}


def test_sitemap_lastmod_is_the_articles_own_change_not_the_import(client):
    dated = timezone.make_aware(datetime.datetime(2016, 9, 28, 8))
    imported = make_article(title="Bài nhập", published_at=dated, import_source="seeds/a.txt", imported_at=timezone.now())
    undated = _undated(2015, title="Bài nhập không ngày", imported_at=timezone.now())
    lastmods = _lastmods(client)
    assert lastmods[f"http://testserver{imported.get_absolute_url()}"] == "2016-09-28"
    assert lastmods[f"http://testserver{undated.get_absolute_url()}"] is None

    # An editor changes it a week after the import: that is its last change.
    Article.objects.filter(pk=imported.pk).update(imported_at=timezone.now() - datetime.timedelta(days=7))
    imported.refresh_from_db()
    imported.save()
    assert _lastmods(client)[f"http://testserver{imported.get_absolute_url()}"] == timezone.localdate().isoformat()


def _addresses(client, host: str) -> list[str]:
    """Every absolute address the pages, feeds, sitemap and robots.txt give, asked for at ``host``."""
    article = Article.objects.get()
    found = []
    for name, args in (("articles:home", []), ("articles:section", [article.section.slug])):
        html = client.get(reverse(name, args=args), HTTP_HOST=host).content.decode()
        found += re.findall(r'<link rel="canonical" href="([^"]+)"', html) + re.findall(r'<meta property="og:url" content="([^"]+)"', html)
    html = client.get(article.get_absolute_url(), HTTP_HOST=host).content.decode()
    found += re.findall(r'<link rel="canonical" href="([^"]+)"', html) + re.findall(r'"url": "([^"]+)"', html)
    missing = client.get("/khong-co-trang-nay/", HTTP_HOST=host).content.decode()
    found += re.findall(r'<link rel="canonical" href="([^"]+)"', missing)
    rss = ET.fromstring(client.get(reverse("articles:rss"), HTTP_HOST=host).content)
    found += [rss.findtext("channel/link"), rss.findtext("channel/item/link"), rss.findtext("channel/item/guid")]
    atom = ET.fromstring(client.get(reverse("articles:section_atom", args=[article.section.slug]), HTTP_HOST=host).content)
    found += [link.get("href") for link in atom.iter(f"{ATOM}link")]
    found += list(_sitemap_locs(client, host))
    found += re.findall(r"Sitemap: (\S+)", client.get(reverse("robots_txt"), HTTP_HOST=host).content.decode())
    return found


def _sitemap_locs(client, host):
    root = ET.fromstring(client.get(reverse("sitemap"), HTTP_HOST=host).content)
    return [url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")]


def test_every_page_and_feed_uses_site_url_where_set(client, section, settings):
    settings.SITE_URL = "https://danvan.example.vn"
    make_article(title="Hội nghị", section=section)
    addresses = _addresses(client, "localhost")
    assert len(addresses) > 12
    assert all(a.startswith("https://danvan.example.vn/") for a in addresses), addresses


def test_without_site_url_links_use_the_host_readers_used(client, section, settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["192.168.1.20"]
    make_article(title="Hội nghị", section=section)
    addresses = _addresses(client, "192.168.1.20:8000")
    assert all(a.startswith("http://192.168.1.20:8000/") for a in addresses), addresses


def test_the_admin_shows_the_year_and_how_it_was_found(admin_client):
    article = _undated(2016, title="Bài nhập không ngày")
    html = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert re.search(r'<input[^>]*name="year_hint"[^>]*value="2016"', html)  # the editor confirms or corrects it
    assert "năm trong đường dẫn bài gốc" in html and 'name="year_hint_source"' not in html  # read-only
