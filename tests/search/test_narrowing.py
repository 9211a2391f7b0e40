"""Kinds with counts, date range, section, sort; snippets for every kind; portal records."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Section
from portal.gallery import Album, Video
from portal.models import Page

from .conftest import found, make_article, make_document, make_exemplar, make_organization

pytestmark = pytest.mark.django_db

URL = "/tim-kiem/"


@pytest.fixture
def mixed():
    articles = [make_article(f"Công tác dân vận ở xã {n}") for n in range(3)]
    document = make_document("25-NQ/TW", number="25", subject="Về công tác dân vận trong tình hình mới")
    body = make_organization("Ban Dân vận Trung ương", description="Cơ quan tham mưu của Trung ương Đảng về công tác dân vận.")
    exemplar = make_exemplar("Dân vận khéo ở bản", description="Mô hình dân vận ở vùng cao.")
    page = Page.objects.create(title="Chức năng của Ban Dân vận", body="<p>Tham mưu công tác dân vận.</p>", status="published")
    album = Album.objects.create(title="Ảnh hội nghị dân vận", description="Hội nghị công tác dân vận năm 2025.", status="published")
    return {"articles": articles, "document": document, "body": body, "exemplar": exemplar, "page": page, "album": album}


def test_every_kind_is_counted_and_can_be_shown_alone(client, mixed):
    response = client.get(URL, {"q": "dan van"})
    tabs = {t["label"]: t["count"] for t in response.context["kind_tabs"]}
    assert tabs == {"Tất cả": 8, "Bài viết": 3, "Văn bản": 1, "Tổ chức": 1, "Mô hình": 1, "Ảnh, video": 1, "Trang": 1}
    html = response.content.decode()
    assert 'href="?q=dan%20van&amp;loai=van-ban"' in html
    only = client.get(URL, {"q": "dan van", "loai": "van-ban"})
    assert [h.url for h in only.context["hits"]] == [mixed["document"].get_absolute_url()]
    # The counts stay those of the whole search, so the reader can switch back.
    assert {t["label"]: t["count"] for t in only.context["kind_tabs"]}["Bài viết"] == 3
    media = client.get(URL, {"q": "dan van", "loai": "anh-video"})
    assert [h.url for h in media.context["hits"]] == [mixed["album"].get_absolute_url()]


@pytest.mark.parametrize("common", [True, False], ids=["newest-first", "through-gin"])
def test_a_kind_with_many_newer_matches_does_not_crowd_another_out(client, monkeypatch, common):
    """Candidates are taken per kind: the models named "… dân vận khéo số n", indexed after
    the articles (as a rebuild does), used to fill the whole window on PostgreSQL, and "dan
    van kheo" showed no article at all."""
    from search.backends import PostgreSQLBackend, SQLiteBackend

    for backend in (PostgreSQLBackend, SQLiteBackend):
        monkeypatch.setattr(backend, "CANDIDATES", 3)
        monkeypatch.setattr(backend, "TITLE_CANDIDATES", 2)
    monkeypatch.setattr(PostgreSQLBackend, "COMMON_MATCHES", 1 if common else 10**9)
    articles = [make_article(f"Tin hoạt động số {n}", body="<p>Phong trào dân vận khéo lan tỏa.</p>") for n in range(2)]
    exemplars = [make_exemplar(f"Mô hình dân vận khéo số {n}") for n in range(8)]
    analyse()
    got = set(found("dan van kheo"))
    assert set(articles) <= got
    assert len(got & set(exemplars)) == 3  # each kind its own share, still bounded
    response = client.get(URL, {"q": "dan van kheo"})
    tabs = {t["label"]: t["count"] for t in response.context["kind_tabs"]}
    assert tabs == {"Tất cả": 5, "Bài viết": 2, "Mô hình": 3}
    shown = client.get(URL, {"q": "dan van kheo", "loai": "bai-viet"})
    assert {h.url for h in shown.context["hits"]} == {a.get_absolute_url() for a in articles}


def analyse() -> None:
    """Fresh statistics for PostgreSQL's estimate of how common the words are."""
    if connection.vendor == "postgresql":
        from search.backends import PostgreSQLBackend

        PostgreSQLBackend(connection).analyse()


def test_an_unknown_kind_says_so_and_shows_everything(client, mixed):
    response = client.get(URL, {"q": "dan van", "loai": "xyz"})
    assert len(response.context["hits"]) == 8
    assert "Không có loại kết quả “xyz”: đang hiện mọi loại." in response.content.decode()


def test_snippets_are_readable_for_every_kind(client, mixed):
    hits = {h.kind: h for h in client.get(URL, {"q": "dan van"}).context["hits"]}
    # A document: its subject line; a body: its description; marks on the original diacritics.
    assert str(hits["document"].snippet).startswith("Về công tác <mark>dân</mark> <mark>vận</mark> trong tình hình mới")
    assert str(hits["organization"].snippet) == (
        "Cơ quan tham mưu của Trung ương Đảng về công tác <mark>dân</mark> <mark>vận</mark>."
    )
    assert str(hits["exemplar"].snippet) == "Mô hình <mark>dân</mark> <mark>vận</mark> ở vùng cao."
    assert str(hits["page"].snippet) == "Tham mưu công tác <mark>dân</mark> <mark>vận</mark>."


def test_aliases_read_as_a_list_not_a_dump():
    body = make_organization("Ban Dân vận Tỉnh ủy Quảng Ninh", short_name="BDV Tỉnh ủy", aliases="BDV Quảng Ninh")
    assert body.search_entry.text == "BDV Tỉnh ủy · BDV Quảng Ninh"


def test_unpublished_pages_albums_and_videos_are_never_found(mixed):
    Page.objects.create(title="Trang nháp về dân vận", status="draft")
    Album.objects.create(title="Album nháp dân vận", status="draft")
    Video.objects.create(title="Video nháp dân vận", status="draft")
    titles = [str(r) for r in found("dan van")]
    assert not [t for t in titles if "nháp" in t]
    mixed["page"].status = "draft"
    mixed["page"].save()
    assert mixed["page"] not in found("dan van")


def _dated(title, day, **extra):
    return make_article(title, published_at=timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=9), **extra)


def test_date_range_section_and_sort(client):
    news = Section.objects.create(name="Tin tức", slug="tin-tuc")
    old = _dated("Dân vận khéo năm 2019", date(2019, 5, 1), section=news)
    mid = _dated("Dân vận khéo", date(2022, 5, 1))
    new = _dated("Dân vận khéo ở xã mới", date(2025, 5, 1), section=news)

    def urls(**params):
        return [h.url for h in client.get(URL, {"q": "dan van kheo", **params}).context["hits"]]

    assert urls(tu="01/01/2020", den="31/12/2023") == [mid.get_absolute_url()]
    assert set(urls(tu="2020-01-01")) == {mid.get_absolute_url(), new.get_absolute_url()}
    assert set(urls(**{"chuyen-muc": "tin-tuc"})) == {old.get_absolute_url(), new.get_absolute_url()}
    assert urls(**{"sap-xep": "moi-nhat"}) == [new.get_absolute_url(), mid.get_absolute_url(), old.get_absolute_url()]
    assert urls()[0] == mid.get_absolute_url()  # relevance: the title that is the phrase itself


def test_a_date_that_cannot_be_read_is_dropped_with_a_message(client):
    make_article("Dân vận khéo")
    response = client.get(URL, {"q": "dan van kheo", "tu": "31/02/2020"})
    assert len(response.context["hits"]) == 1
    assert "Từ ngày “31/02/2020” không đọc được; nhập theo dạng ngày/tháng/năm, ví dụ 03/06/2013." in response.content.decode()


def test_dates_the_wrong_way_round_are_swapped(client):
    article = _dated("Dân vận khéo", date(2022, 5, 1))
    response = client.get(URL, {"q": "dan van kheo", "tu": "31/12/2023", "den": "01/01/2020"})
    assert [h.url for h in response.context["hits"]] == [article.get_absolute_url()]
    assert "“Từ ngày” sau “Đến ngày”: đã đổi chỗ hai ngày." in response.content.decode()


def test_paging_links_keep_the_filters(client):
    for n in range(25):
        make_article(f"Dân vận khéo số {n}")
    html = client.get(URL, {"q": "dan van kheo", "loai": "bai-viet", "sap-xep": "moi-nhat"}).content.decode()
    assert 'href="?q=dan%20van%20kheo&amp;loai=bai-viet&amp;sap-xep=moi-nhat&amp;trang=2"' in html


def _count_queries(client, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "dan van kheo"},
        {"q": "dan van kheo", "loai": "bai-viet", "sap-xep": "moi-nhat", "tu": "01/01/2000"},
        {"q": "dan vn kheo"},  # through the suggestion
        {"q": "nq 25"},
    ],
    ids=["plain", "narrowed", "suggested", "document"],
)
def test_the_results_page_costs_the_same_for_1_and_20_results(client, params):
    make_document("25-NQ/TW", number="25", subject="Về công tác dân vận")
    make_article("Dân vận khéo 0", body="<p>Nghị quyết 25 và dân vận khéo.</p>")
    _count_queries(client, params)  # the vocabulary, built once and cached
    one = _count_queries(client, params)
    for n in range(1, 20):
        make_article(f"Dân vận khéo {n}", body="<p>Nghị quyết 25 và dân vận khéo.</p>")
        make_exemplar(f"Mô hình dân vận khéo {n}")
    _count_queries(client, params)
    assert _count_queries(client, params) == one
    assert one <= 8
