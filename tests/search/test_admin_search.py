"""The admin's search boxes fold like the site's search: case, diacritics, "đ" and NFD input.
Runs on SQLite and, with DATABASE_URL, on PostgreSQL (the folding is the database's there)."""

import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Photo, Section
from organizations.models import Document, Exemplar, Organization
from tests.articles.test_photos import png, upload

pytestmark = pytest.mark.django_db

NAME = "Đồng Tháp"
QUERIES = ["Đồng Tháp", "đồng tháp", "ĐỒNG THÁP", "dong thap", "DONG THAP", unicodedata.normalize("NFD", "đồng tháp"), "Đong thap"]


def titles(response) -> list[str]:
    return sorted(str(obj) for obj in response.context["cl"].result_list)


@pytest.fixture
def records():
    section = Section.objects.create(name=f"Tin {NAME}")
    Section.objects.create(name="Tin Hà Nội")
    article = Article.objects.create(title=f"Dân vận khéo ở {NAME}", section=section)
    Article.objects.create(title="Dân vận khéo ở Hà Nội")
    with_photo = Article.objects.create(title="Bài có ảnh")
    Photo.objects.create(article=with_photo, image=upload(png()), caption=f"Hội nghị tại {NAME}", alt_text="Quang cảnh")
    Photo.objects.create(article=with_photo, image=upload(png()), caption=f"Đại biểu {NAME} phát biểu", alt_text="Đại biểu")
    body = Organization.objects.create(name=f"Ban Dân vận Tỉnh ủy {NAME}")
    Organization.objects.create(name="Ban Dân vận Thành ủy Hà Nội")
    document = Document.objects.create(symbol="12-KH/TU", subject=f"Kế hoạch dân vận tỉnh {NAME}", issue_year=2024)
    Document.objects.create(symbol="13-KH/TU", subject="Kế hoạch dân vận Hà Nội", issue_year=2024)
    model = Exemplar.objects.create(name=f"Mô hình dân vận khéo {NAME}")
    Exemplar.objects.create(name="Mô hình Hà Nội")
    tag = Tag.objects.create(name=NAME)
    Tag.objects.create(name="Hà Nội")
    return {
        "articles_article": sorted([article.title, with_photo.title]),
        "articles_section": [section.name],
        "organizations_organization": [body.name],
        "organizations_document": [str(document)],
        "organizations_exemplar": [model.name],
        "taggit_tag": [tag.name],
    }


@pytest.mark.parametrize("q", QUERIES)
def test_every_spelling_finds_dong_thap_in_every_list(admin_client, records, q):
    for changelist, expected in records.items():
        response = admin_client.get(reverse(f"admin:{changelist}_changelist"), {"q": q})
        assert response.status_code == 200
        assert titles(response) == expected, (changelist, q)


def test_an_article_with_two_matching_photos_is_listed_once(admin_client, records):
    response = admin_client.get(reverse("admin:articles_article_changelist"), {"q": "dai bieu dong thap"})
    assert titles(response) == ["Bài có ảnh"]
    assert response.context["cl"].result_count == 1


def test_autocomplete_folds_too(admin_client, records):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "dong thap", "app_label": "articles", "model_name": "article", "field_name": "organizations"},
    )
    assert [item["text"] for item in response.json()["results"]] == records["organizations_organization"]


def test_searching_costs_the_same_queries_as_listing(admin_client, records):
    url = reverse("admin:articles_article_changelist")
    admin_client.get(url)  # warm the session and content types
    with CaptureQueriesContext(connection) as plain:
        admin_client.get(url, {"q": "Hà Nội"})
    for _n in range(20):
        Article.objects.create(title=f"Bài số {_n} về {NAME}")
    with CaptureQueriesContext(connection) as folded:
        response = admin_client.get(url, {"q": "dong thap"})
    assert len(titles(response)) == 22
    assert len(folded) == len(plain)
