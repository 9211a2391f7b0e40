"""RSS and Atom feeds (all, per section, per document) and sitemap.xml."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from .conftest import make_article, make_document, make_exemplar, make_organization, make_section

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _rss_titles(response) -> list[str]:
    root = ET.fromstring(response.content)
    return [item.findtext("title") for item in root.iter("item")]


def _atom_titles(response) -> list[str]:
    root = ET.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_site_feeds_list_newest_public_articles(client, section):
    make_article(title="Bài cũ", section=section, days_ago=3)
    make_article(title="Bài mới", section=section, days_ago=1, lead="Sapo bài mới", byline="Phạm Anh Thiện")
    rss = client.get(reverse("articles:rss"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert _rss_titles(rss) == ["Bài mới", "Bài cũ"]
    assert "Sapo bài mới" in rss.content.decode()
    atom = client.get(reverse("articles:atom"))
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert _atom_titles(atom) == ["Bài mới", "Bài cũ"]


def test_section_feed_only_has_the_section(client, section):
    make_article(title="Trong chuyên mục", section=section)
    make_article(title="Ngoài chuyên mục", section=make_section())
    assert _rss_titles(client.get(reverse("articles:section_rss", args=[section.slug]))) == ["Trong chuyên mục"]
    assert _atom_titles(client.get(reverse("articles:section_atom", args=[section.slug]))) == ["Trong chuyên mục"]
    assert client.get(reverse("articles:section_rss", args=["khong-co"])).status_code == 404


def test_document_feed_only_has_articles_citing_it(client):
    document = make_document(symbol="217-QĐ/TW")
    make_article(title="Bài về Quy định 217").documents.add(document)
    make_article(title="Bài khác")
    assert _rss_titles(client.get(reverse("organizations:document_rss", args=[document.slug]))) == ["Bài về Quy định 217"]
    assert _atom_titles(client.get(reverse("organizations:document_atom", args=[document.slug]))) == ["Bài về Quy định 217"]


def test_undated_imported_articles_are_in_feeds_after_dated_ones(client):
    make_article(title="Bài không ngày", published_at=None, import_source="seeds/a.txt")
    make_article(title="Bài có ngày")
    assert _rss_titles(client.get(reverse("articles:rss"))) == ["Bài có ngày", "Bài không ngày"]
    assert _atom_titles(client.get(reverse("articles:atom"))) == ["Bài có ngày", "Bài không ngày"]


def test_sitemap_lists_public_pages(client, section):
    article = make_article(section=section)
    document = make_document()
    body = make_organization()
    exemplar = make_exemplar()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for url in (
        article.get_absolute_url(),
        section.get_absolute_url(),
        document.get_absolute_url(),
        body.get_absolute_url(),
        exemplar.get_absolute_url(),
        reverse("organizations:document_list"),
    ):
        assert f"<loc>http://testserver{url}</loc>" in xml, url


def test_feeds_and_structured_data_carry_the_name_editors_set(client, section):
    """The name in "Thông tin trang", not the SITE_NAME setting the site was installed with."""
    import json
    import re

    from portal.models import SiteSettings

    site = SiteSettings.load()
    site.name = "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng"
    site.save()
    article = make_article(title="Bài có tên cơ quan", section=section)

    rss = ET.fromstring(client.get(reverse("articles:rss")).content)
    assert rss.find("channel").findtext("title") == "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng — Tin mới"
    section_feed = ET.fromstring(client.get(reverse("articles:section_rss", args=[section.slug])).content)
    assert section_feed.find("channel").findtext("title") == f"Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng — {section.name}"
    page = client.get(article.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["publisher"]["name"] == "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng"
