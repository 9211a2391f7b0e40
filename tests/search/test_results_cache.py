"""A search asked again before anything changes is answered from what the first one found
(kept like a fragment, under the content generation): no query of the index; and any change
to content, a withdrawal first of all, shows in the very next answer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article

from .conftest import make_article

pytestmark = pytest.mark.django_db

URL = reverse("search:results")


def index_queries(client, **params) -> tuple[int, str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    reads = sum("search_searchentry" in q["sql"] for q in captured.captured_queries)
    return response.status_code, response.content.decode(), reads


def test_the_same_search_again_reads_nothing_of_the_index(client):
    make_article("Nhân rộng mô hình dân vận khéo ở xã vùng cao")
    status, first, reads = index_queries(client, q="dan van kheo")
    assert status == 200 and reads >= 1 and "Nhân rộng mô hình" in first
    status, again, reads = index_queries(client, q="dan van kheo")
    assert status == 200 and reads == 0 and again == first


def test_a_withdrawn_article_leaves_the_repeated_search_at_once(client):
    article = make_article("Gương điển hình dân vận khéo sẽ bị gỡ")
    assert "sẽ bị gỡ" in index_queries(client, q="dan van kheo")[1]
    article.status = Article.Status.DRAFT
    article.save()
    status, body, reads = index_queries(client, q="dan van kheo")
    assert status == 200 and "sẽ bị gỡ" not in body and reads >= 1


def test_a_publication_is_found_by_the_repeated_search_at_once(client):
    make_article("Dân vận khéo trong xây dựng nông thôn mới")
    index_queries(client, q="dan van kheo")
    make_article("Dân vận khéo trong cải cách hành chính")
    assert "cải cách hành chính" in index_queries(client, q="dan van kheo")[1]


def test_each_page_kind_and_sort_is_its_own_answer_and_a_missing_page_stays_404(client):
    for n in range(25):
        make_article(f"Tin dân vận khéo số {n}")
    first = index_queries(client, q="dan van kheo")[1]
    second = index_queries(client, q="dan van kheo", trang="2")[1]
    assert first != second and "Trang 2/2" in second
    assert index_queries(client, q="dan van kheo", trang="9")[0] == 404
    assert index_queries(client, q="dan van kheo", trang="9")[0] == 404  # from what was kept
    by_date = index_queries(client, q="dan van kheo", **{"sap-xep": "moi-nhat"})[1]
    assert "/bai-viet/tin-dan-van-kheo-so-24/" in by_date.split("search-result__title")[1]  # the newest first
