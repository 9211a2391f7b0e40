"""Old addresses answer 301 to where their page is now, however the request spells them."""

from __future__ import annotations

import datetime
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from redirects.models import MissedAddress, OldAddress
from tests.site.conftest import make_article, make_section

pytestmark = pytest.mark.django_db

OLD = "http://bdv.binhthuan.dcs.vn/tin-tuc/dân-vận-khéo-ở-cơ-sở.html"
ENCODED = "/tin-tuc/d%C3%A2n-v%E1%BA%ADn-kh%C3%A9o-%E1%BB%9F-c%C6%A1-s%E1%BB%9F.html"


@pytest.fixture
def imported():
    return make_article(title="Dân vận khéo ở cơ sở", source_url=OLD)


def assert_moved(response, location: str) -> None:
    assert (response.status_code, response.headers.get("Location")) == (301, location)


@pytest.mark.parametrize(
    ("path", "host"),
    [
        (ENCODED, "bdv.binhthuan.dcs.vn"),
        (ENCODED, "BDV.BinhThuan.dcs.vn"),
        (ENCODED, "www.bdv.binhthuan.dcs.vn"),
        ("/tin-tuc/dân-vận-khéo-ở-cơ-sở.html", "bdv.binhthuan.dcs.vn"),
        ("/tin-tuc/" + unicodedata.normalize("NFD", "dân-vận-khéo-ở-cơ-sở") + ".html", "bdv.binhthuan.dcs.vn"),
        ("/tin-tuc/dân-vận-khéo-ở-cơ-sở", "bdv.binhthuan.dcs.vn"),
        ("/tin-tuc/dân-vận-khéo-ở-cơ-sở/", "bdv.binhthuan.dcs.vn"),
        ("/tin-tuc/dân-vận-khéo-ở-cơ-sở/index.html", "bdv.binhthuan.dcs.vn"),
        ("/tin-tuc/dân-vận-khéo-ở-cơ-sở.htm", "bdv.binhthuan.dcs.vn"),
        (ENCODED + "?utm_source=facebook&fbclid=abc", "bdv.binhthuan.dcs.vn"),
    ],
)
def test_every_variant_on_the_old_host_goes_to_the_article_on_this_site(client, imported, path, host):
    assert_moved(client.get(path, HTTP_HOST=host), f"http://testserver{imported.get_absolute_url()}")


@pytest.mark.parametrize("path", [ENCODED, "/tin-tuc/dân-vận-khéo-ở-cơ-sở/", "/Tin-Tuc/DÂN-VẬN-KHÉO-Ở-CƠ-SỞ.HTML"])
def test_the_path_alone_on_this_site_goes_there_too(client, imported, path):
    assert_moved(client.get(path), imported.get_absolute_url())


def test_head_is_answered_like_get(client, imported):
    assert_moved(client.head(ENCODED), imported.get_absolute_url())


def test_an_entry_is_made_for_every_article_saved_with_a_source_url(imported):
    entry = OldAddress.objects.get(article=imported)
    assert (entry.host, entry.key, entry.origin) == ("bdv.binhthuan.dcs.vn", "/tin-tuc/dân-vận-khéo-ở-cơ-sở", OldAddress.Origin.IMPORT)
    imported.title = "Dân vận khéo ở cơ sở (sửa)"
    imported.save()
    assert OldAddress.objects.filter(article=imported).count() == 1


def test_wordpress_and_joomla_queries_identify_the_page_other_queries_do_not(client):
    post = make_article(source_url="http://dangbokhoi.vn/?p=123")
    joomla = make_article(source_url="http://dangbokhoi.vn/index.php?option=com_content&view=article&id=45&catid=2&Itemid=9")
    assert_moved(client.get("/?p=123&utm_source=zalo"), post.get_absolute_url())
    assert_moved(client.get("/index.php?view=article&id=45&option=com_content&Itemid=77"), joomla.get_absolute_url())
    assert client.get("/?p=124").status_code == 200  # the home page, as before: a found page is never redirected
    assert client.get("/index.php?option=com_content&view=article&id=46").status_code == 404


def test_several_old_portals_each_keep_their_own_paths(client):
    one = make_article(source_url="http://bdv.binhthuan.dcs.vn/tin-tuc/123.html")
    other = make_article(source_url="http://dangbokhoi.vn/tin-tuc/123.html")
    assert_moved(client.get("/tin-tuc/123.html", HTTP_HOST="bdv.binhthuan.dcs.vn"), f"http://testserver{one.get_absolute_url()}")
    assert_moved(client.get("/tin-tuc/123.html", HTTP_HOST="dangbokhoi.vn"), f"http://testserver{other.get_absolute_url()}")
    # On this site's own host the path alone is ambiguous: the first recorded wins, every time.
    assert_moved(client.get("/tin-tuc/123.html"), one.get_absolute_url())
    # An entry an editor made for any host wins over another portal's.
    page = OldAddress.objects.create(old_url="/tin-tuc/123.html", target_path="/trang/gioi-thieu/")
    assert page.host == ""
    assert_moved(client.get("/tin-tuc/123.html"), "/trang/gioi-thieu/")
    assert_moved(client.get("/tin-tuc/123.html", HTTP_HOST="dangbokhoi.vn"), f"http://testserver{other.get_absolute_url()}")


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.ARCHIVED},
        {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + datetime.timedelta(days=2)},
    ],
)
def test_an_unpublished_target_answers_404_without_its_slug(client, state):
    secret = make_article(title="Bài chưa công bố", source_url=OLD, **state)
    response = client.get(ENCODED, HTTP_HOST="bdv.binhthuan.dcs.vn")
    assert response.status_code == 404
    assert "Location" not in response.headers
    assert secret.slug not in response.content.decode()


def test_old_section_and_tag_addresses_go_to_the_new_pages(client):
    section = make_section(name="Dân vận khéo")
    make_article(section=section, tags=["Quy chế dân chủ"])
    from taggit.models import Tag

    tag = Tag.objects.get(name="Quy chế dân chủ")
    OldAddress.objects.create(old_url="http://bdv.binhthuan.dcs.vn/chuyen-muc/dan-van-kheo-15.html", section=section)
    OldAddress.objects.create(old_url="/tag/quy-che-dan-chu/", tag=tag)
    assert_moved(client.get("/chuyen-muc/dan-van-kheo-15.html"), section.get_absolute_url())
    assert_moved(client.get("/tag/Quy-Che-Dan-Chu"), reverse("articles:tag", args=[tag.slug]))


def test_an_old_slug_in_this_sites_own_shape_is_looked_up_too(client):
    article = make_article(source_url="http://dangbokhoi.vn/bai-viet/ten-cu-cua-bai/")
    assert_moved(client.get("/bai-viet/ten-cu-cua-bai/"), article.get_absolute_url())


def test_a_path_lacking_only_its_slash_is_left_to_append_slash(client):
    section = make_section()
    response = client.get(section.get_absolute_url().rstrip("/"))
    assert_moved(response, section.get_absolute_url())
    assert not MissedAddress.objects.exists()


def queries(client, path, **extra) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        status = client.get(path, **extra).status_code
    return status, len(captured)


def test_a_found_page_costs_no_extra_query(client, imported, settings):
    client.get(imported.get_absolute_url())  # the menu and the site chrome are read once, then kept
    with_lookup = queries(client, imported.get_absolute_url())
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "redirects.middleware.OldAddressMiddleware"]
    assert with_lookup == queries(client, imported.get_absolute_url())
    assert with_lookup[0] == 200


def test_a_redirect_costs_one_query(client, imported):
    assert queries(client, ENCODED, HTTP_HOST="bdv.binhthuan.dcs.vn") == (301, 1)
    assert queries(client, "/?p=1")[0] == 200


def test_an_imported_file_answers_at_the_address_it_had(client, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from tests.importing.conftest import article_text

    text = article_text(1).replace("\n\n", "\n\nNguồn: http://bdv.binhthuan.dcs.vn/tin-tuc/hoi-nghi-giao-ban-quy-1.html\n\n", 1)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    call_command("import_articles", str(tmp_path / "a.txt"), stdout=StringIO())
    article = Article.objects.get()
    assert article.source_url == "http://bdv.binhthuan.dcs.vn/tin-tuc/hoi-nghi-giao-ban-quy-1.html"
    assert_moved(client.get("/tin-tuc/hoi-nghi-giao-ban-quy-1.html"), article.get_absolute_url())


def test_mapping_an_old_page_parameter_outdates_the_cached_home_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    article = make_article()
    assert client.get("/?p=77").status_code == 200  # nothing mapped yet: the home page, now cached under /?p=77
    OldAddress.objects.create(old_url="http://dangbokhoi.vn/?p=77", article=article)
    assert_moved(client.get("/?p=77"), article.get_absolute_url())
