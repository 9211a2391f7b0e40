"""Nothing unpublished anywhere: drafts, articles in review, archived and scheduled
articles are absent from every page, list, feed, the sitemap, related lists and counts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article

from .conftest import (
    SECRET_TITLES,
    make_article,
    make_document,
    make_exemplar,
    make_organization,
    make_unpublished_set,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(section):
    document = make_document(symbol="25-NQ/TW")
    body = make_organization(name="Ban Dân vận Tỉnh ủy")
    exemplar = make_exemplar(name="Mô hình công khai")
    public = make_article(title="Bài công khai", section=section, tags=["dân vận"], view_count=3)
    public.documents.add(document)
    public.organizations.add(body)
    public.exemplars.add(exemplar)
    secrets = make_unpublished_set(
        fields={"section": section, "view_count": 999, "featured": True},
        documents=[document],
        organizations=[body],
        exemplars=[exemplar],
        tags=["dân vận"],
    )
    return {"section": section, "document": document, "body": body, "exemplar": exemplar, "public": public, "secrets": secrets}


def _urls(world) -> list[str]:
    public = world["public"]
    year = public.published_at.year
    return [
        "/",
        world["section"].get_absolute_url(),
        reverse("articles:tag", args=[Tag.objects.get(name="dân vận").slug]),
        reverse("articles:archive_index"),
        reverse("articles:archive_year", args=[year]),
        reverse("articles:archive_month", args=[year, public.published_at.month]),
        public.get_absolute_url(),
        reverse("organizations:document_list"),
        world["document"].get_absolute_url(),
        reverse("organizations:organization_list"),
        world["body"].get_absolute_url(),
        reverse("organizations:exemplar_list"),
        world["exemplar"].get_absolute_url(),
        reverse("articles:rss"),
        reverse("articles:atom"),
        reverse("articles:section_rss", args=[world["section"].slug]),
        reverse("articles:section_atom", args=[world["section"].slug]),
        reverse("organizations:document_rss", args=[world["document"].slug]),
        reverse("organizations:document_atom", args=[world["document"].slug]),
        "/sitemap.xml",
    ]


def test_unpublished_articles_appear_nowhere(client, world):
    for url in _urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for title in SECRET_TITLES:
            assert title not in text, (url, title)
        for secret in world["secrets"]:
            assert secret.get_absolute_url() not in text, (url, secret.status)
    # The public article itself is there, so the pages really list articles.
    assert "Bài công khai" in client.get(world["section"].get_absolute_url()).content.decode()
    assert "Bài công khai" in client.get(reverse("articles:rss")).content.decode()


def test_unpublished_articles_have_no_page(client, world):
    for secret in world["secrets"]:
        assert client.get(secret.get_absolute_url()).status_code == 404, secret.status
    assert Article.objects.filter(view_count=1000).count() == 0  # a 404 is not a view


def test_counts_on_document_body_and_model_lists_count_only_public_articles(client, world):
    for url in (reverse("organizations:document_list"), reverse("organizations:exemplar_list")):
        html = client.get(url).content.decode()
        assert "1 bài viết" in html, url
        assert "5 bài viết" not in html, url
    tree = client.get(reverse("organizations:organization_list")).content.decode()
    assert '<span class="badge">1</span>' in tree
    timeline = client.get(world["document"].get_absolute_url()).content.decode()
    assert "1 bài viết nhắc đến văn bản này" in timeline


def test_home_most_read_and_featured_ignore_unpublished(client, world):
    response = client.get("/")
    assert [a.title for a in response.context["most_read"]] == ["Bài công khai"]
    assert response.context["featured"].title == "Bài công khai"
    assert [d.published_article_count for d in response.context["top_documents"]] == [1]


def test_related_articles_are_public(client, world):
    other = make_article(title="Bài liên quan công khai", section=world["section"])
    other.documents.add(world["document"])
    response = client.get(world["public"].get_absolute_url())
    assert [a.title for a in response.context["related"]] == ["Bài liên quan công khai"]


def test_tag_of_unpublished_articles_only_has_no_page_until_one_is_published(client, section):
    secrets = make_unpublished_set(tags=["Đề án mật"])
    slug = Tag.objects.get(name="Đề án mật").slug
    url = reverse("articles:tag", args=[slug])
    response = client.get(url)
    assert response.status_code == 404
    assert "Đề án mật" not in response.content.decode()
    # Nor does any public page, feed or the sitemap name it or link to it.
    make_article(title="Bài công khai", section=section, tags=["dân vận"])
    for page in ("/", section.get_absolute_url(), reverse("articles:rss"), reverse("articles:atom"), "/sitemap.xml"):
        text = client.get(page).content.decode()
        assert "Đề án mật" not in text and slug not in text, page
    # Published now: the tag has its page, listing that article only.
    draft = secrets[0]
    draft.status = Article.Status.PUBLISHED
    draft.save()
    response = client.get(url)
    assert response.status_code == 200
    assert [a.title for a in response.context["object_list"]] == ["Bản nháp bí mật"]
    assert "Từ khóa: Đề án mật" in response.content.decode()
    # Unpublished again: the page is gone again.
    draft.status = Article.Status.DRAFT
    draft.save()
    assert client.get(url).status_code == 404


def test_public_article_shows_only_its_own_tags(client, section):
    public = make_article(title="Bài công khai", section=section, tags=["dân vận"])
    make_unpublished_set(tags=["dân vận", "Đề án mật"])
    html = client.get(public.get_absolute_url()).content.decode()
    assert "dân vận" in html and "Đề án mật" not in html
