"""The /tim-kiem/ page: what a reader sees, and what it costs."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Article
from search.models import SearchEntry

from .conftest import make_article, make_document, make_exemplar

pytestmark = pytest.mark.django_db

URL = reverse("search:results")


def test_url_is_tim_kiem():
    assert URL == "/tim-kiem/"


def get(client, q=None, **params):
    if q is not None:
        params["q"] = q
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_results_link_to_records_with_highlighted_titles_and_snippets(client):
    article = make_article(
        "Nhân rộng mô hình “Dân vận khéo”",
        lead="Sapo về phong trào.",
        body="<p>Phong trào <strong>dân vận khéo</strong> ở xã.</p>",
    )
    exemplar = make_exemplar("Dân vận khéo trong giữ gìn môi trường", description="Thu gom rác thải.")
    content = get(client, "dan van kheo").content.decode()
    assert f'href="{article.get_absolute_url()}"' in content
    assert f'href="{exemplar.get_absolute_url()}"' in content
    assert "Nhân rộng mô hình “<mark>Dân</mark> <mark>vận</mark> <mark>khéo</mark>”" in content
    assert "Phong trào <mark>dân</mark> <mark>vận</mark> <mark>khéo</mark> ở xã." in content
    assert "2 kết quả" in content


def test_html_in_records_comes_back_escaped(client):
    make_article(
        '<script>alert("tiêu đề")</script> Dân vận khéo',
        body='<p>Dân vận &lt;script&gt;alert(1)&lt;/script&gt; khéo</p><script>alert("thân bài")</script>',
    )
    content = get(client, "dan van kheo").content.decode()
    assert "<script>" not in content
    assert "&lt;script&gt;alert(&quot;tiêu đề&quot;)&lt;/script&gt; <mark>Dân</mark>" in content
    assert "<mark>Dân</mark> <mark>vận</mark> &lt;script&gt;alert(1)&lt;/script&gt; <mark>khéo</mark>" in content
    assert "thân bài" not in content  # script contents are not text


def test_the_query_is_escaped_when_shown_back(client):
    content = get(client, '<img src=x onerror=alert(1)> "dân"').content.decode()
    assert "<img" not in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content


def test_empty_query_gets_help_and_no_database_work(client):
    with CaptureQueriesContext(connection) as queries:
        content = get(client).content.decode()
    assert "Gõ có dấu hay không dấu đều được" in content
    assert not [q for q in queries.captured_queries if "search_searchentry" in q["sql"]]


@pytest.mark.parametrize(
    "q",
    ['"', "*", "'", "NEAR(", "OR", "***", "''''", '"""', "()", "!@#$%^&*", "\u200b\u200b", "\x00", "-", "/"],
)
def test_punctuation_only_queries_get_help(client, q):
    content = get(client, q).content.decode()
    assert "Gõ có dấu hay không dấu đều được" in content or "Không tìm thấy kết quả nào" in content


@pytest.mark.parametrize(
    "q",
    [
        "dân\x00vận",
        "OR",
        "NEAR(dan van)",
        'dan" OR "van',
        "dan* AND van",
        "'; DROP TABLE articles_article; --",
        "a:b c^d",
        "dan -van",
        "%_%",
    ],
)
def test_search_syntax_never_errors(client, q):
    make_article("Dân vận khéo")
    get(client, q)
    assert Article.objects.count() == 1


QUERY_CHARS = "\"'*()-^:{}[]+~!/\\%_ ORANDNEARđĐâdvk0123456789 \u0301\u0300\x00\x1b\u200b"


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(alphabet=st.sampled_from(list(QUERY_CHARS)), max_size=60))
def test_any_query_gets_a_page(client, q):
    if not Article.objects.exists():  # the database lives across examples
        make_article("Dân vận khéo")
    assert client.get(URL, {"q": q}).status_code == 200


def test_very_long_query_is_cut_with_a_note(client):
    make_article("Dân vận khéo")
    content = get(client, "dân vận khéo " * 500).content.decode()
    assert "Từ khóa quá dài" in content
    assert "1 kết quả" in content


def test_no_results_gets_suggestions(client):
    content = get(client, "xyzzyq").content.decode()
    assert "Không tìm thấy kết quả nào cho “xyzzyq”." in content
    assert "Kiểm tra chính tả" in content


def test_unpublished_articles_are_not_counted(client):
    make_article("Dân vận khéo một")
    make_article("Dân vận khéo nháp", status=Article.Status.DRAFT)
    make_article("Dân vận khéo hẹn giờ", published_at=timezone.now() + timedelta(days=2))
    make_article("Dân vận khéo lưu trữ", status=Article.Status.ARCHIVED, published_at=timezone.now() - timedelta(days=9))
    content = get(client, "dan van kheo").content.decode()
    assert "1 kết quả" in content
    assert "nháp" not in content and "hẹn giờ" not in content and "lưu trữ" not in content


def test_pagination(client):
    for n in range(25):
        make_article(f"Dân vận khéo số {n}")
    first = get(client, "dan van kheo")
    second = get(client, "dan van kheo", trang=2)
    assert first.context["paginator"].count == 25
    assert len(first.context["hits"]) == 20
    assert len(second.context["hits"]) == 5
    assert {h.url for h in first.context["hits"]}.isdisjoint({h.url for h in second.context["hits"]})
    assert "trang=2" in first.content.decode()
    # Past the end, or not a page number: 404, as on every other list (never a quiet last page).
    assert client.get(URL, {"q": "dan van kheo", "trang": "3"}).status_code == 404
    assert client.get(URL, {"q": "dan van kheo", "trang": "999"}).status_code == 404
    assert client.get(URL, {"q": "dan van kheo", "trang": "abc"}).status_code == 404
    assert client.get(URL, {"q": "dan van kheo", "trang": "0"}).status_code == 404
    # The old name answers 301 to ?trang=, and the missing page is then a 404 too.
    moved = client.get(URL, {"q": "dan van kheo", "page": "99"})
    assert moved.status_code == 301 and moved["Location"] == f"{URL}?q=dan+van+kheo&trang=99"
    assert client.get(moved["Location"]).status_code == 404


def _queries_for(client, q: str) -> int:
    from search.shares import forget

    forget()  # each count with the statistics of how common words are not read yet (PostgreSQL)
    with CaptureQueriesContext(connection) as queries:
        get(client, q)
    return len(queries)


def test_query_count_stays_flat_as_results_grow(client):
    # The same kinds on the page both times: each kind but articles is read in a query of
    # its own after the page, however many of it the page shows.
    make_document("25-NQ/TW", subject="Về công tác dân vận")
    make_article("Dân vận khéo 0", body="<p>Nội dung dân vận khéo.</p>")
    make_exemplar("Mô hình dân vận khéo 0")
    one = _queries_for(client, "dan van kheo")
    for n in range(1, 30):
        make_article(f"Dân vận khéo {n}", body="<p>Nội dung dân vận khéo.</p>")
        make_exemplar(f"Mô hình dân vận khéo {n}")
    many = _queries_for(client, "dan van kheo")
    assert one == many
    assert many <= 12


def test_query_count_when_falling_back(client):
    make_article("Dân vận khéo")
    # PostgreSQL's loose mode runs under a time limit: inside a test's transaction that is a
    # savepoint, the setting and putting it back (four statements; one outside a transaction).
    assert _queries_for(client, "khong co gi") <= (16 if connection.vendor == "postgresql" else 12)


def test_results_are_paged_and_counted_in_one_query_with_a_cap(client, monkeypatch):
    from search.views import ResultsPaginator

    monkeypatch.setattr("search.views.PER_PAGE", 2)
    monkeypatch.setattr(ResultsPaginator, "max_pages", 2)
    for n in range(5):
        make_article(f"Dân vận khéo ở thôn số {n}", published_at=timezone.now() - timedelta(days=n + 1))
    url = reverse("search:results")
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url, {"q": "dan van kheo"}).content.decode()
    assert "Hơn 4 kết quả" in first and "Trang 1/hơn 2" in first
    # The page, its count and its counts per kind in one query (the other query is the site
    # menu's sections).
    # (PostgreSQL: the statistics of how common each word is, read once per process, search/shares.py.)
    searched = [q["sql"] for q in queries.captured_queries if "search_searchentry" in q["sql"] and "pg_stats" not in q["sql"]]
    # Both engines read the bounded candidates first (search/backends.py says why).
    if connection.vendor == "postgresql":
        assert searched[0].startswith("WITH words AS MATERIALIZED (SELECT") and "match_vector @@" in searched[0]
    else:
        assert searched[0].startswith("SELECT id FROM (SELECT rowid AS id FROM search_searchentry_fts WHERE")
    searched = searched[1:]
    assert len(searched) == 1 and "GROUP BY" not in searched[0]
    assert searched[0].count("OVER ()") == 1 + len(SearchEntry.TARGETS)  # the count, and each kind's
    second = client.get(url, {"q": "dan van kheo", "trang": "2"}).content.decode()
    assert "Trang 2/hơn 2" in second and "thôn số 2" in second and "thôn số 0" not in second
    # A page past the counted ones, or not a number: 404, like every other list.
    assert client.get(url, {"q": "dan van kheo", "trang": "9"}).status_code == 404
    assert client.get(url, {"q": "dan van kheo", "trang": "x"}).status_code == 404


def test_few_results_are_counted_exactly(client):
    make_article("Dân vận khéo ở bản Mường")
    make_article("Dân vận khéo ở xã Tân Bình")
    content = client.get(reverse("search:results"), {"q": "dân vận khéo"}).content.decode()
    assert "2 kết quả" in content and "Hơn" not in content
