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
    assert slugs["Dân vận khéo"] == "dân-vận-khéo"  # taggit's own slug, as before
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
    assert sorted(article.tags.values_list("slug", flat=True)) == ["dân-vận", "tu-khoa", "tu-khoa-2"]
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
