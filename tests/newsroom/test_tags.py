"""Every slugged record gets a usable slug, even from a name with no letter or digit in it."""

import pytest
from django.apps import apps
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Section
from newsroom.tags import give_tag_a_slug
from organizations.models import Exemplar, Organization
from tests.admin_forms import article_form
from tests.site.conftest import make_article

pytestmark = pytest.mark.django_db
PUNCTUATION = ["!!!", "–", "…", "“”"]


def test_tags_of_punctuation_get_slugs_and_the_article_page_renders(client):
    article = make_article(title="Hội nghị dân vận", tags=[*PUNCTUATION, "Dân vận khéo"])
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    slugs = {tag.name: tag.slug for tag in Tag.objects.all()}
    assert [slugs[name] for name in PUNCTUATION] == ["tu-khoa", "tu-khoa-2", "tu-khoa-3", "tu-khoa-4"]
    assert slugs["Dân vận khéo"] == "dan-van-kheo"  # the site's slug, not taggit's "dân-vận-khéo"
    html = page.content.decode()
    for name in PUNCTUATION:
        url = reverse("articles:tag", args=[slugs[name]])
        assert f'href="{url}"' in html
        tag_page = client.get(url)
        assert tag_page.status_code == 200 and "Hội nghị dân vận" in tag_page.content.decode()


def test_tags_typed_in_the_admin_get_slugs(admin_client, client):
    response = admin_client.post(reverse("admin:articles_article_add"), article_form(status="published", tags='"!!!", –, Dân vận'))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert sorted(article.tags.values_list("slug", flat=True)) == ["dan-van", "tu-khoa", "tu-khoa-2"]
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_tag_of_punctuation_can_be_added_in_the_tag_admin_with_no_slug(admin_client):
    data = {"name": "!!!", "slug": "", "taggit_taggeditem_items-TOTAL_FORMS": "0", "taggit_taggeditem_items-INITIAL_FORMS": "0"}
    response = admin_client.post(reverse("admin:taggit_tag_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Tag.objects.get(name="!!!").slug == "tu-khoa"


def test_a_taken_fallback_moves_on_and_a_tags_own_slug_is_kept():
    Tag.objects.create(name="tu khoa", slug="tu-khoa")
    assert Tag.objects.create(name="???").slug == "tu-khoa-2"
    assert Tag.objects.create(name="!!", slug="chu-y").slug == "chu-y"


def test_sections_bodies_and_models_of_punctuation_get_their_own_kind_of_slug(admin_client, client):
    data = {"name": "!!!", "slug": "", "description": "", "position": "0", "in_menu": "on"}
    assert admin_client.post(reverse("admin:articles_section_add"), data).status_code == 302
    section = Section.objects.get(name="!!!")
    assert section.slug == "chuyen-muc"
    assert Section.objects.create(name="–").slug == "chuyen-muc-2"
    organization = Organization.objects.create(name="…")
    exemplar = Exemplar.objects.create(name="“”", kind="model", organization=organization)
    assert (organization.slug, exemplar.slug) == ("to-chuc", "mo-hinh")
    for record in (section, organization, exemplar):
        assert client.get(record.get_absolute_url()).status_code == 200


def test_the_migration_mends_tags_saved_with_an_empty_slug():
    from importlib import import_module

    # As taggit left them.
    Tag.objects.bulk_create([Tag(name="Tu khoa", slug="tu-khoa"), Tag(name="!!!", slug=""), Tag(name="–", slug="_1")])
    import_module("newsroom.migrations.0003_tag_slugs").fill_empty_slugs(apps, None)
    assert dict(Tag.objects.values_list("name", "slug")) == {"Tu khoa": "tu-khoa", "!!!": "tu-khoa-2", "–": "_1"}


def test_fixtures_keep_the_slug_they_were_dumped_with():
    tag = Tag(name="!!!", slug="da-co")
    give_tag_a_slug(Tag, tag, raw=True)
    assert tag.slug == "da-co"


def test_tag_slugs_are_written_as_every_slug_of_the_site():
    """"đ" as "d", no diacritics: taggit's own slug kept them ("đảng-bộ-xã")."""
    assert Tag.objects.create(name="Đảng bộ xã").slug == "dang-bo-xa"
    assert Tag.objects.create(name="Dân vận khéo").slug == "dan-van-kheo"
    assert Tag.objects.create(name="Dan van kheo!").slug == "dan-van-kheo-2"  # another tag has it
    assert Tag.objects.create(name="Chuyển đổi số", slug="chuyen-doi-so-2025").slug == "chuyen-doi-so-2025"  # typed: kept
    assert Tag.objects.create(name="Bình Thuận", slug="bình-thuận").slug == "binh-thuan"


def test_a_tag_slug_corrected_in_the_admin_leaves_its_old_address_behind(admin_client, client):
    article = make_article(title="Hội nghị dân vận", tags=["Dân vận khéo"])
    tag = Tag.objects.get(name="Dân vận khéo")
    old = reverse("articles:tag", args=[tag.slug])
    data = {"name": tag.name, "slug": "mo-hinh-dan-van-kheo"}
    data.update({"taggit_taggeditem_items-TOTAL_FORMS": "0", "taggit_taggeditem_items-INITIAL_FORMS": "0"})
    response = admin_client.post(reverse("admin:taggit_tag_change", args=[tag.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    new = reverse("articles:tag", args=["mo-hinh-dan-van-kheo"])
    moved = client.get(old)
    assert moved.status_code == 301 and moved["Location"] == new
    assert "Hội nghị dân vận" in client.get(new).content.decode()
    assert article.tags.get().slug == "mo-hinh-dan-van-kheo"


def test_the_migration_gives_taggits_slugs_the_sites_and_keeps_their_old_addresses(client):
    from importlib import import_module

    from redirects.models import OldAddress

    make_article(title="Hội nghị dân vận", tags=["Dân vận khéo"])
    Tag.objects.filter(name="Dân vận khéo").update(slug="dân-vận-khéo")  # as taggit left it
    Tag.objects.create(name="Dân vận", slug="dan-van-kheo")  # the slug it would take, taken
    import_module("redirects.migrations.0003_ascii_tag_slugs").ascii_slugs(apps, None)
    tag = Tag.objects.get(name="Dân vận khéo")
    assert tag.slug == "dan-van-kheo-2"
    assert OldAddress.objects.get(tag=tag).old_url == "/tu-khoa/dân-vận-khéo/"
    # The old address as a browser sends it, percent-encoded: 301 to the tag's page.
    moved = client.get("/tu-khoa/d%C3%A2n-v%E1%BA%ADn-kh%C3%A9o/")
    assert moved.status_code == 301 and moved["Location"] == "/tu-khoa/dan-van-kheo-2/"
    assert "Hội nghị dân vận" in client.get(moved["Location"]).content.decode()
