"""The read-only API: public records only, no private field, keyset pages, fixed queries,
conditional requests, CORS, the rate limit, the schema and its page."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from portal.gallery import Status
from tests.portal.test_gallery import album, video
from tests.site.conftest import (
    SECRET_TITLES,
    make_article,
    make_document,
    make_exemplar,
    make_organization,
    make_relation,
    make_section,
    make_unpublished_set,
)

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    response = client.get(url, **headers)
    return response, (json.loads(response.content) if response.content else None)


def test_article_list_holds_only_published_articles_newest_first(client):
    section = make_section(name="Dân vận khéo")
    older = make_article(title="Bài cũ", section=section, days_ago=3)
    newer = make_article(title="Bài mới", section=section, days_ago=1)
    make_unpublished_set(fields={"section": section})
    response, data = get(client, "/api/v1/articles")
    assert response.status_code == 200
    assert [a["title"] for a in data["items"]] == ["Bài mới", "Bài cũ"]
    assert data["next_cursor"] is None
    assert data["items"][0]["section"] == {
        "slug": section.slug,
        "name": "Dân vận khéo",
        "url": f"http://testserver/chuyen-muc/{section.slug}/",
    }
    assert data["items"][1]["url"] == f"http://testserver/bai-viet/{older.slug}/"
    assert newer.pk == data["items"][0]["id"]


def test_nothing_unpublished_appears_in_any_list_or_detail(client):
    doc = make_document()
    body = make_organization()
    model = make_exemplar(organization=body)
    secrets = make_unpublished_set(documents=[doc], organizations=[body], exemplars=[model], tags=["bí mật"])
    album(title="Album nháp", status=Status.DRAFT)
    video(title="Video nháp", status=Status.DRAFT)
    for url in (
        "/api/v1/articles",
        f"/api/v1/articles?document={doc.slug}",
        f"/api/v1/articles?body={body.slug}",
        f"/api/v1/articles?model={model.slug}",
        "/api/v1/articles?tag=bi-mat",
        "/api/v1/articles?tag=bí mật",
        "/api/v1/tags",
        "/api/v1/albums",
        "/api/v1/videos",
    ):
        response, data = get(client, url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert data["items"] == [], url
        assert not any(title in text for title in [*SECRET_TITLES, "Album nháp", "Video nháp"])
    for article in secrets:
        assert client.get(f"/api/v1/articles/{article.slug}").status_code == 404
    assert client.get("/api/v1/albums/album-nhap").status_code == 404
    assert client.get("/api/v1/videos/video-nhap").status_code == 404


def test_a_gallery_item_lists_only_its_public_articles(client):
    public = make_article(title="Bài công khai")
    draft = make_article(title="Bản nháp bí mật", status=Article.Status.DRAFT)
    made = album(photos=2)
    made.articles.add(public, draft)
    _response, data = get(client, f"/api/v1/albums/{made.slug}")
    assert [a["title"] for a in data["articles"]] == ["Bài công khai"]
    assert data["photo_count"] == 2
    linked = video(title="Video có đường dẫn")
    _response, data = get(client, f"/api/v1/videos/{linked.slug}")
    assert (data["link"], data["file_url"]) == ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "")


def test_private_fields_never_appear(client):
    editor = get_user_model().objects.create_user("bientapvien_ten_rieng", first_name="Nguyễn Văn Biên")
    article = make_article(
        title="Bài nhập", import_source="lo-1/bai.txt", import_report={"warnings": ["ghi chú nội bộ"]}, created_by=editor, updated_by=editor
    )
    doc, other = make_document(needs_review=True), make_document()
    relation = make_relation(other, doc)
    relation.note = "ghi chú nội bộ của biên tập"
    relation.save()
    article.documents.add(doc)
    texts = [
        client.get(url).content.decode()
        for url in (
            "/api/v1/articles",
            f"/api/v1/articles/{article.slug}",
            f"/api/v1/documents/{doc.slug}",
            "/api/v1/documents",
            f"/api/v1/documents/{other.slug}",
            "/api/v1/openapi.json",
        )
    ]
    for text in texts:
        for private in (
            "import_report",
            "import_source",
            "import_hash",
            "lo-1/bai.txt",
            "ghi chú nội bộ",
            "created_by",
            "updated_by",
            "bientapvien_ten_rieng",
            "Nguyễn Văn Biên",
            "needs_review",
            "audit",
        ):
            assert private not in text


def test_filters_by_section_document_body_model_tag_dates_and_updated_since(client):
    section, doc, body, model = make_section(), make_document(), make_organization(), make_exemplar()
    hit = make_article(
        title="Bài đủ mọi liên kết",
        section=section,
        tags=["nông thôn mới"],
        published_at=timezone.make_aware(datetime.datetime(2025, 3, 10, 9)),
    )
    hit.documents.add(doc)
    hit.organizations.add(body)
    hit.exemplars.add(model)
    make_article(title="Bài khác", published_at=timezone.make_aware(datetime.datetime(2025, 5, 1, 9)))
    for query in (
        f"section={section.slug}",
        f"document={doc.slug}",
        f"body={body.slug}",
        f"model={model.slug}",
        f"tag={hit.tags.get().slug}",
        "date_from=2025-03-01&date_to=2025-03-31",
    ):
        _response, data = get(client, f"/api/v1/articles?{query}")
        assert [a["title"] for a in data["items"]] == ["Bài đủ mọi liên kết"], query
    Article.objects.filter(pk=hit.pk).update(updated_at=timezone.now() - datetime.timedelta(days=10))
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    _response, data = get(client, f"/api/v1/articles?updated_since={since.replace('+', '%2B')}")
    assert [a["title"] for a in data["items"]] == ["Bài khác"]


def test_keyset_pages_walk_the_whole_archive_without_repeats_including_undated(client):
    rows = [make_article(days_ago=n % 3) for n in range(7)]  # equal dates: the pk breaks ties
    undated = [make_article(published_at=None, import_source=f"cu/{n}.txt") for n in range(2)]
    Article.objects.filter(pk__in=[a.pk for a in undated]).update(published_at=None)
    seen, cursor = [], None
    for _page in range(10):
        _response, data = get(client, "/api/v1/articles?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        seen += [a["id"] for a in data["items"]]
        cursor = data["next_cursor"]
        if cursor is None:
            break
    expected = [a.pk for a in Article.objects.published().newest_first()]
    assert seen == expected and len(seen) == len(rows) + len(undated)
    assert seen[-2:] == sorted((a.pk for a in undated), reverse=True)


def test_a_forged_cursor_or_a_bad_parameter_gets_a_vietnamese_answer(client):
    response, data = get(client, "/api/v1/articles?cursor=khong-hop-le")
    assert response.status_code == 404
    assert data["detail"] == "Không có trang ứng với con trỏ (cursor) này: dùng đúng giá trị next_cursor của trang trước."
    response, data = get(client, "/api/v1/bodies?cursor=abc")  # decodes to no key
    assert response.status_code == 404
    response, data = get(client, "/api/v1/articles?updated_since=hom-qua&limit=500")
    assert response.status_code == 400
    assert data["detail"] == "Tham số không hợp lệ: limit, updated_since. Xem tài liệu API để biết giá trị được nhận."
    response, data = get(client, "/api/v1/articles?cursor=c%C3%B3+d%E1%BA%A5u")
    assert response.status_code == 400


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles?limit=100",
        "/api/v1/documents?limit=100",
        "/api/v1/bodies?limit=100",
        "/api/v1/models?limit=100",
        "/api/v1/albums?limit=100",
        "/api/v1/videos?limit=100",
        "/api/v1/tags?limit=100",
        "/api/v1/sections?limit=100",
    ],
)
def test_queries_stay_fixed_whatever_the_page_size(client, url):
    def grow():
        parent = make_organization()
        body = make_organization(parent=parent, successor=parent)
        doc = make_document(issuer=body)
        make_relation(doc, make_document())
        article = make_article(section=make_section(), tags=["a", "b"])
        article.documents.add(doc)
        article.organizations.add(body)
        article.exemplars.add(make_exemplar(organization=body))
        made = album(photos=1)
        made.articles.add(article)
        video().articles.add(article)

    grow()
    one = _count(client, url)
    for _n in range(6):
        grow()
    assert _count(client, url) == one


@pytest.mark.parametrize("kind", ["article", "document", "body", "model"])
def test_detail_queries_stay_fixed(client, kind):
    parent = make_organization()
    body = make_organization(parent=parent)
    doc = make_document(issuer=body)
    model = make_exemplar(organization=body)
    article = make_article(tags=["x"])
    url = {
        "article": f"/api/v1/articles/{article.slug}",
        "document": f"/api/v1/documents/{doc.slug}",
        "body": f"/api/v1/bodies/{body.slug}",
        "model": f"/api/v1/models/{model.slug}",
    }[kind]
    first = _count(client, url)
    for _n in range(5):
        make_relation(doc, make_document())
        make_relation(make_document(), doc)
        make_organization(parent=body)
        make_organization(successor=body)
        article.documents.add(make_document())
        article.organizations.add(make_organization())
        article.tags.add(f"t{_n}")
    assert _count(client, url) == first


def test_document_detail_shows_relations_both_ways_and_body_tree_and_successors(client):
    old_body = make_organization(name="Ban Dân vận Huyện ủy A")
    province = make_organization(name="Ban Dân vận Tỉnh ủy")
    old_body.successor = province
    old_body.parent = province
    old_body.save()
    guide, resolution = make_document(symbol="23-HD/BDVTW"), make_document(symbol="25-NQ/TW")
    make_relation(guide, resolution)
    _r, data = get(client, f"/api/v1/documents/{resolution.slug}")
    assert data["related_from"] == [
        {
            "kind": "implements",
            "label": "được triển khai bởi",
            "document": {
                "slug": guide.slug,
                "symbol": "23-HD/BDVTW",
                "title": guide.title,
                "url": f"http://testserver/van-ban/{guide.slug}/",
            },
        }
    ]
    _r, data = get(client, f"/api/v1/documents/{guide.slug}")
    assert [r["document"]["symbol"] for r in data["relations"]] == ["25-NQ/TW"] and data["relations"][0]["label"] == "triển khai thực hiện"
    _r, data = get(client, f"/api/v1/bodies/{province.slug}")
    assert [c["name"] for c in data["children"]] == ["Ban Dân vận Huyện ủy A"]
    assert [p["name"] for p in data["predecessors"]] == ["Ban Dân vận Huyện ủy A"]
    _r, data = get(client, f"/api/v1/bodies/{old_body.slug}")
    assert data["successor"]["name"] == data["parent"]["name"] == "Ban Dân vận Tỉnh ủy"
    assert [p["name"] for p in data["path"]] == ["Ban Dân vận Tỉnh ủy"]


def test_etag_and_last_modified_give_304_until_something_changes(client):
    article = make_article(title="Bài có ETag")
    first = client.get("/api/v1/articles")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert modified == first["Last-Modified"] and etag
    assert client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/v1/articles", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    article.title = "Bài đã sửa"
    article.save()
    changed = client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and "Bài đã sửa" in changed.content.decode()


def test_the_page_cache_never_serves_an_unpublished_article(client, settings):
    settings.PAGE_CACHE_SECONDS = 86400
    article = make_article(title="Bài sắp gỡ")
    assert client.get(f"/api/v1/articles/{article.slug}")["X-Cache"] == "MISS"
    cached = client.get("/api/v1/articles")
    again = client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=cached["ETag"])
    assert again.status_code == 304 and again["X-Cache"] == "HIT"
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(f"/api/v1/articles/{article.slug}").status_code == 404
    after = client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=cached["ETag"])
    assert after.status_code == 200 and json.loads(after.content)["items"] == []


def test_cors_for_get_and_preflight(client):
    response = client.get("/api/v1/sections", HTTP_ORIGIN="https://bao.example.vn")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options("/api/v1/sections", HTTP_ORIGIN="https://bao.example.vn", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert client.post("/api/v1/sections").status_code == 405
    get_answer, head = client.get("/api/v1/sections"), client.head("/api/v1/sections")
    assert head.status_code == 200 and head.content == b"" and head["ETag"] == get_answer["ETag"]
    assert head["Content-Length"] == str(len(get_answer.content))


def test_rate_limit_per_address(client, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    for _n in range(3):
        assert client.get("/api/v1/sections", REMOTE_ADDR="203.0.113.7").status_code == 200
    blocked = client.get("/api/v1/sections", REMOTE_ADDR="203.0.113.7")
    assert blocked.status_code == 429 and blocked["Retry-After"] == "60"
    assert json.loads(blocked.content)["detail"] == "Quá nhiều yêu cầu từ địa chỉ này. Vui lòng thử lại sau 60 giây."
    assert client.get("/api/v1/sections", REMOTE_ADDR="203.0.113.8").status_code == 200


def test_schema_and_docs_page(client):
    _response, schema = get(client, "/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/articles",
        "/api/v1/articles/{slug}",
        "/api/v1/documents/{slug}",
        "/api/v1/bodies",
        "/api/v1/models",
        "/api/v1/albums",
        "/api/v1/videos",
        "/api/v1/tags",
        "/api/v1/sections",
    } <= set(schema["paths"])
    page = client.get("/api/v1/tai-lieu/")
    html = page.content.decode()
    assert page.status_code == 200 and "<h1>API Dân Vận CMS</h1>" in html
    assert "GET /api/v1/articles" in html and "updated_since" in html
    assert "cdn." not in html.lower()
    assert "Mỗi địa chỉ được 120 yêu cầu mỗi phút" in html


def test_choice_filters_and_numbers_that_are_not_dates(client):
    resolution, directive = make_document(), make_document(kind="chi_thi", symbol="05-CT/TW")
    province = make_organization(level="province")
    make_organization(level="commune")
    make_exemplar(name="Mô hình tập thể", kind="collective", field="economy", level="commune", year=2022)
    make_exemplar(name="Cá nhân tiêu biểu", kind="individual", field="health", level="province", year=2023)
    _r, data = get(client, "/api/v1/documents?kind=chi_thi")
    assert [d["symbol"] for d in data["items"]] == ["05-CT/TW"] and resolution.symbol != "05-CT/TW"
    assert client.get("/api/v1/documents?kind=collective").status_code == 400  # a model's kind, not a document's
    _r, data = get(client, "/api/v1/bodies?level=province")
    assert [b["slug"] for b in data["items"]] == [province.slug]
    _r, data = get(client, "/api/v1/models?kind=collective&field=economy&level=commune&year=2022")
    assert [m["name"] for m in data["items"]] == ["Mô hình tập thể"]
    assert directive.kind == "chi_thi"
    for url in ("/api/v1/articles?updated_since=0.5", "/api/v1/articles?date_from=20250101", "/api/v1/models?updated_since=1700000000"):
        assert client.get(url).status_code == 400, url
    schema = json.loads(client.get("/api/v1/openapi.json").content)["components"]["schemas"]
    assert "collective" in schema["ModelKind"]["enum"] and "chi_thi" in schema["DocumentKind"]["enum"]
