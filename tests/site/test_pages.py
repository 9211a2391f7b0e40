"""What a reader sees on each public page."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .conftest import (
    make_article,
    make_document,
    make_exemplar,
    make_organization,
    make_photo,
    make_relation,
    make_section,
)

pytestmark = pytest.mark.django_db


def test_home_shows_featured_sections_most_read_spotlight_and_documents(client, section):
    document = make_document(symbol="25-NQ/TW")
    exemplar = make_exemplar(name="Dân vận khéo ở bản Lác")
    make_article(title="Bài nổi bật hôm nay", featured=True, section=section, days_ago=3)
    latest = make_article(title="Tin mới nhất", section=section, view_count=50)
    latest.documents.add(document)
    latest.exemplars.add(exemplar)

    html = client.get(reverse("articles:home")).content.decode()

    assert "Bài nổi bật hôm nay" in html
    assert html.index("Bài nổi bật hôm nay") < html.index("Tin mới nhất")
    assert 'id="cm-dan-van-kheo"' in html
    assert "Đọc nhiều" in html
    assert "Dân vận khéo ở bản Lác" in html
    assert "25-NQ/TW" in html


def test_home_without_articles_says_so(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Chưa có bài viết nào được xuất bản." in response.content.decode()


def test_section_page_lists_its_articles_newest_first_then_undated(client, section):
    make_article(title="Bài cũ hơn", section=section, days_ago=5)
    make_article(title="Bài mới hơn", section=section, days_ago=1)
    make_article(title="Bài không rõ ngày", section=section, published_at=None, import_source="seeds/x.txt")
    make_article(title="Bài chuyên mục khác", section=make_section())

    html = client.get(section.get_absolute_url()).content.decode()

    assert html.index("Bài mới hơn") < html.index("Bài cũ hơn") < html.index("Bài không rõ ngày")
    assert "Bài chuyên mục khác" not in html
    assert "<h1>Dân vận khéo</h1>" in html


def test_section_pagination_uses_trang(client, section):
    for i in range(21):
        make_article(title=f"Bài phân trang {i:02d}", section=section, days_ago=i + 1)
    first = client.get(section.get_absolute_url()).content.decode()
    second = client.get(section.get_absolute_url() + "?trang=2").content.decode()
    assert "Bài phân trang 00" in first and "Bài phân trang 20" not in first
    assert "Bài phân trang 20" in second
    assert 'href="?trang=2"' in first
    # Each page of the list is its own page: the second's canonical address says ?trang=2.
    url = "http://testserver" + section.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in first
    assert f'<link rel="canonical" href="{url}?trang=2">' in second


def test_unknown_section_is_404_in_site_style(client):
    response = client.get("/chuyen-muc/khong-co/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_article_page_shows_everything_a_reader_needs(client, section):
    document = make_document(symbol="25-NQ/TW", subject="về tăng cường và đổi mới công tác dân vận")
    body = make_organization(name="Ban Dân vận Trung ương")
    exemplar = make_exemplar(name="Mô hình Tổ tự quản")
    article = make_article(
        title="Hội nghị quán triệt Nghị quyết",
        section=section,
        lead="Sáng 6/10, Ban Dân vận tổ chức hội nghị.",
        body="<p>Thực hiện Nghị quyết số 25-NQ/TW của Trung ương.</p><p>Đoạn hai.</p><p>Đoạn ba.</p>",
        byline="Bài và ảnh: Nguyễn Thị Nga",
        published_at=datetime.datetime(2021, 10, 6, 8, 0, tzinfo=datetime.UTC),
        tags=["dân vận khéo"],
    )
    article.documents.add(document)
    article.organizations.add(body)
    article.exemplars.add(exemplar)
    make_photo(article, caption="Quang cảnh hội nghị", credit="Phương Hoa", after_paragraph=1)
    make_photo(article, caption="Ảnh chưa có tệp", with_file=False)

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<h1" in html and "Hội nghị quán triệt Nghị quyết" in html
    assert "06/10/2021" in html
    assert "Bài và ảnh: Nguyễn Thị Nga" in html
    assert "Sáng 6/10, Ban Dân vận tổ chức hội nghị." in html
    assert "Quang cảnh hội nghị" in html and "Ảnh: Phương Hoa" in html
    assert "Ảnh chưa có tệp" not in html
    # The photo sits after paragraph one, before paragraph two.
    assert html.index("Thực hiện Nghị quyết") < html.index("Quang cảnh hội nghị") < html.index("Đoạn hai.")
    assert f'<a class="doc-link" href="{document.get_absolute_url()}"' in html
    assert body.get_absolute_url() in html and exemplar.get_absolute_url() in html
    assert reverse("articles:tag", args=[article.tags.get().slug]) in html


def test_article_page_seo(client, section, settings):
    settings.SITE_URL = "https://danvan.example.vn"
    article = make_article(title="Tiêu đề <đặc biệt> & “kép”", section=section, lead="Mô tả ngắn.", tags=["217"])
    make_photo(article)
    html = client.get(article.get_absolute_url()).content.decode()

    assert f'<link rel="canonical" href="https://danvan.example.vn{article.get_absolute_url()}">' in html
    assert '<meta name="description" content="Mô tả ngắn.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:image" content="https://danvan.example.vn/media/photos/' in html
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in payload  # escaped for a script element
    data = json.loads(payload)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Tiêu đề <đặc biệt> & “kép”"
    assert data["articleSection"] == "Dân vận khéo"
    assert data["keywords"] == ["217"]
    assert data["datePublished"] == article.published_at.isoformat()


def test_every_page_has_landmarks_skip_link_and_breadcrumbs(client, section):
    article = make_article(section=section)
    for url in [
        "/",
        section.get_absolute_url(),
        article.get_absolute_url(),
        reverse("organizations:document_list"),
        reverse("organizations:organization_list"),
        reverse("organizations:exemplar_list"),
        reverse("articles:archive_index"),
    ]:
        html = client.get(url).content.decode()
        assert 'href="#noi-dung"' in html, url
        assert '<main id="noi-dung"' in html, url
        assert 'role="banner"' in html and 'role="contentinfo"' in html, url
        assert '<html lang="vi">' in html, url
        assert '<link rel="canonical"' in html, url
        assert '<meta property="og:title"' in html, url
        if url != "/":
            assert 'aria-label="Đường dẫn"' in html, url


def test_search_form_appears_only_when_search_is_wired(client):
    from django.urls import NoReverseMatch

    html = client.get("/").content.decode()
    try:
        url = reverse("search:results")
    except NoReverseMatch:
        assert 'role="search"' not in html
    else:
        assert f'action="{url}"' in html and 'name="q"' in html


def test_related_articles_prefer_shared_documents_and_never_self(client, section):
    document = make_document()
    article = make_article(section=section)
    article.documents.add(document)
    shares_document = make_article(title="Cùng văn bản")
    shares_document.documents.add(document)
    same_section = make_article(title="Cùng chuyên mục", section=section, days_ago=0.1)
    make_article(title="Không liên quan", section=make_section())

    response = client.get(article.get_absolute_url())
    related = [a.title for a in response.context["related"]]

    assert related == ["Cùng văn bản", "Cùng chuyên mục"]
    assert same_section.pk != article.pk


def test_tag_page(client):
    make_article(title="Bài gắn từ khóa", tags=["Quy chế dân chủ"])
    make_article(title="Bài khác")
    from taggit.models import Tag

    tag = Tag.objects.get(name="Quy chế dân chủ")
    html = client.get(reverse("articles:tag", args=[tag.slug])).content.decode()
    assert "Bài gắn từ khóa" in html and "Bài khác" not in html


def test_archives_by_year_and_month(client):
    make_article(title="Bài tháng mười", published_at=datetime.datetime(2021, 10, 6, 3, tzinfo=datetime.UTC))
    make_article(title="Bài tháng chín", published_at=datetime.datetime(2021, 9, 28, 3, tzinfo=datetime.UTC))
    make_article(title="Bài năm khác", published_at=datetime.datetime(2020, 1, 2, 3, tzinfo=datetime.UTC))

    index = client.get(reverse("articles:archive_index")).content.decode()
    year = client.get(reverse("articles:archive_year", args=[2021])).content.decode()
    month = client.get(reverse("articles:archive_month", args=[2021, 10])).content.decode()

    assert "10/2021" in index and "09/2021" in index and "01/2020" in index
    assert "Bài tháng mười" in year and "Bài tháng chín" in year and "Bài năm khác" not in year
    assert "Bài tháng mười" in month and "Bài tháng chín" not in month
    assert client.get("/luu-tru/2021/13/").status_code == 404


def test_document_list_filters(client):
    issuer = make_organization(name="Ban Chấp hành Trung ương")
    make_document(symbol="25-NQ/TW", issuer=issuer, term="XI", issued_on=datetime.date(2013, 6, 3))
    make_document(symbol="2765/QĐ-UBND", kind="quyet_dinh", issued_on=datetime.date(2020, 5, 1))
    url = reverse("organizations:document_list")

    assert "2765/QĐ-UBND" in client.get(url).content.decode()
    by_kind = client.get(url, {"loai": "nghi-quyet"}).content.decode()
    assert "25-NQ/TW" in by_kind and "2765/QĐ-UBND" not in by_kind
    by_issuer = client.get(url, {"co-quan": issuer.slug}).content.decode()
    assert "25-NQ/TW" in by_issuer and "2765/QĐ-UBND" not in by_issuer
    by_year = client.get(url, {"nam": "2020"}).content.decode()
    assert "25-NQ/TW" not in by_year and "2765/QĐ-UBND" in by_year
    by_term = client.get(url, {"khoa": "XI"}).content.decode()
    assert "25-NQ/TW" in by_term and "2765/QĐ-UBND" not in by_term
    assert client.get(url, {"nam": "abc"}).status_code == 200


def test_document_page_relations_both_ways_and_timeline(client):
    nq25 = make_document(symbol="25-NQ/TW")
    plan = make_document(symbol="15-KH/ĐUK", kind="ke_hoach")
    make_relation(plan, nq25)
    make_article(title="Bài năm 2021", published_at=datetime.datetime(2021, 10, 6, 3, tzinfo=datetime.UTC)).documents.add(nq25)
    make_article(title="Bài năm 2016", published_at=datetime.datetime(2016, 9, 28, 3, tzinfo=datetime.UTC)).documents.add(nq25)

    html = client.get(nq25.get_absolute_url()).content.decode()
    assert "Được triển khai bởi" in html and "15-KH/ĐUK" in html
    assert "<h3>2021</h3>" in html and "<h3>2016</h3>" in html
    assert html.index("Bài năm 2021") < html.index("Bài năm 2016")

    plan_html = client.get(plan.get_absolute_url()).content.decode()
    assert "Triển khai thực hiện" in plan_html and "25-NQ/TW" in plan_html


def test_document_timeline_is_paged_however_many_articles_cite_it(client, monkeypatch):
    from organizations import views

    monkeypatch.setattr(views, "TIMELINE_PAGE_SIZE", 3)
    nq25 = make_document(symbol="25-NQ/TW")
    for n in range(4):
        make_article(title=f"Bài trích dẫn số {n}", days_ago=n + 1).documents.add(nq25)
    first = client.get(nq25.get_absolute_url()).content.decode()
    assert "4 bài viết nhắc đến văn bản này" in first  # the count is of all, not of the page
    assert [f"Bài trích dẫn số {n}" in first for n in range(4)] == [True, True, True, False]
    assert "Trang 1/2" in first and 'href="?trang=2"' in first
    second = client.get(nq25.get_absolute_url() + "?trang=2").content.decode()
    assert "Bài trích dẫn số 3" in second and "Bài trích dẫn số 0" not in second


def test_record_pages_page_their_articles_by_the_kept_count_not_by_counting_links(client):
    """A document, body or model page used to count its citing articles on every view (a
    COUNT over the links, growing with the archive); the record keeps that number."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    nq25 = make_document(symbol="25-NQ/TW")
    body = make_organization(name="Ban Dân vận Tỉnh ủy")
    model = make_exemplar(name="Mô hình dân vận khéo ở xã")
    for n in range(2):
        article = make_article(title=f"Bài trích dẫn số {n}", days_ago=n + 1)
        article.documents.add(nq25)
        article.organizations.add(body)
        article.exemplars.add(model)
    for record in (nq25, body, model):
        with CaptureQueriesContext(connection) as captured:
            page = client.get(record.get_absolute_url()).content.decode()
        assert "Bài trích dẫn số 0" in page and "Bài trích dẫn số 1" in page
        assert not [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()], record
    assert "2 bài viết nhắc đến văn bản này" in client.get(nq25.get_absolute_url()).content.decode()


def test_organization_tree_and_page(client):
    root = make_organization(name="Ban Chấp hành Trung ương")
    child = make_organization(name="Ban Dân vận Trung ương", parent=root)
    old = make_organization(
        name="Đảng ủy Khối các cơ quan Trung ương",
        active_from=datetime.date(2007, 1, 1),
        active_until=datetime.date(2025, 2, 1),
        successor=child,
    )
    make_document(symbol="290-QĐ/TW", issuer=child)
    make_exemplar(name="Mô hình của Ban", organization=child)
    make_article(title="Bài về Ban").organizations.add(child)

    tree = client.get(reverse("organizations:organization_list")).content.decode()
    assert tree.index("Ban Chấp hành Trung ương") < tree.index("Ban Dân vận Trung ương")
    assert "tree--nested" in tree

    html = client.get(child.get_absolute_url()).content.decode()
    assert "290-QĐ/TW" in html and "Mô hình của Ban" in html and "Bài về Ban" in html
    assert "Đảng ủy Khối các cơ quan Trung ương" in html  # former name
    assert root.get_absolute_url() in html  # breadcrumb / parent

    old_html = client.get(old.get_absolute_url()).content.decode()
    assert "Đã thôi hoạt động từ 01/02/2025." in old_html and child.get_absolute_url() in old_html


def test_exemplar_list_filters_and_page(client):
    body = make_organization()
    kheo = make_exemplar(name="Mô hình kinh tế", field="economy", level="province", year=2020, organization=body)
    make_exemplar(name="Cá nhân tiêu biểu", kind="individual", field="health", year=2022)
    url = reverse("organizations:exemplar_list")
    assert "Cá nhân tiêu biểu" in client.get(url).content.decode()
    for params in ({"loai": "mo-hinh"}, {"linh-vuc": "kinh-te"}, {"cap": "tinh"}, {"nam": "2020"}, {"don-vi": body.slug}):
        html = client.get(url, params).content.decode()
        assert "Mô hình kinh tế" in html and "Cá nhân tiêu biểu" not in html, params
    make_article(title="Bài về mô hình").exemplars.add(kheo)
    assert "Bài về mô hình" in client.get(kheo.get_absolute_url()).content.decode()


def test_robots_txt_points_to_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text and "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_500_page_renders_without_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Hệ thống đang gặp sự cố" in html


def test_dates_are_day_first(client):
    article = make_article(published_at=timezone.make_aware(datetime.datetime(2021, 10, 6, 9, 0)))
    assert "06/10/2021" in client.get(article.get_absolute_url()).content.decode()
    assert Article.objects.get(pk=article.pk).view_count == 1


def test_staff_preview_unpublished_article_is_marked_uncached_and_uncounted(client, django_user_model):
    draft = make_article(title="Bài đang viết", status=Article.Status.DRAFT)
    reader = django_user_model.objects.create_user("reader", password="x")
    client.force_login(reader)
    assert client.get(draft.get_absolute_url()).status_code == 404

    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bản xem trước" in html and "Bài đang viết" in html
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "application/ld+json" not in html
    draft.refresh_from_db()
    assert draft.view_count == 0


def test_staff_reading_a_public_article_sees_no_preview_banner(client, django_user_model):
    article = make_article()
    client.force_login(django_user_model.objects.create_user("editor", password="x", is_staff=True))
    response = client.get(article.get_absolute_url())
    assert "Bản xem trước" not in response.content.decode()
    assert "X-Robots-Tag" not in response


def test_home_section_blocks_show_each_sections_newest_however_busy_the_others(client):
    """Each menu section's block holds its own newest articles: a section that publishes
    rarely keeps its block however many newer articles the busy ones have."""
    from .conftest import make_article, make_section

    busy, quiet = make_section(name="Tin hoạt động"), make_section(name="Giải Búa liềm vàng")
    make_article(title="Bài cũ của chuyên mục ít tin", section=quiet, days_ago=400)
    for n in range(6):
        make_article(title=f"Tin mới số {n}", section=busy, days_ago=n + 1)
    page = client.get("/").content.decode()
    assert 'id="cm-giai-bua-liem-vang"' in page and "Bài cũ của chuyên mục ít tin" in page
    # The newest is the lead card; the busy block shows the next four, not the oldest.
    assert all(f"Tin mới số {n}" in page for n in range(1, 5))
    assert "Tin mới số 5" not in page.split('id="cm-tin-hoat-dong"')[1]


def test_long_lists_count_a_bounded_number_of_pages(client, section, monkeypatch):
    from danvan.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "max_pages", 2)
    monkeypatch.setattr("articles.views.PaginatedListView.paginate_by", 2)
    for n in range(6):
        make_article(section=section, title=f"Bài số {n} của chuyên mục", days_ago=n + 1)
    html = client.get(section.get_absolute_url()).content.decode()
    assert "Trang 1/hơn 2" in html
    last = client.get(section.get_absolute_url() + "?trang=2").content.decode()
    assert "Bài số 3 của chuyên mục" in last and "Trang 2/hơn 2" in last
    # The count stops at max_pages × per_page rows: pages beyond them are not served.
    assert client.get(section.get_absolute_url() + "?trang=3").status_code == 404


def test_article_page_reads_what_it_shows_beside_the_article_in_one_query(django_assert_num_queries, section):
    """``attached_records``: this article's photos, tags, documents, bodies and models, each
    in its model's own order, as model instances with the right types, in one query."""
    from articles.views import attached_records

    article = make_article(section=section, tags=["dân vận khéo", "an sinh xã hội"])
    other = make_article(section=section, tags=["không liên quan"])
    older = make_document(symbol="25-NQ/TW", issued_on=datetime.date(2013, 6, 3))
    newer = make_document(symbol="120-KL/TW", issued_on=datetime.date(2024, 1, 20))
    undated = make_document(symbol="99-HD/BDVTW", issued_on=None)
    article.documents.add(undated, older, newer)
    other.documents.add(make_document(symbol="1-NQ/TW"))
    article.organizations.add(make_organization(name="Đảng ủy Khối"), make_organization(name="Ban Dân vận Tỉnh ủy Bình Định"))
    article.exemplars.add(
        make_exemplar(name="Mô hình B", year=2020), make_exemplar(name="Mô hình A", year=2020), make_exemplar(name="Mô hình C", year=2023)
    )
    second = make_photo(article, caption="Ảnh hai", order=2, after_paragraph=1)
    first = make_photo(article, caption="Ảnh một", order=1)
    make_photo(other, caption="Ảnh bài khác")

    with django_assert_num_queries(1):
        attached = attached_records(article)

    assert [p.caption for p in attached.photos] == ["Ảnh một", "Ảnh hai"]
    assert [p.pk for p in attached.photos] == [first.pk, second.pk]
    assert attached.photos[1].after_paragraph == 1 and attached.photos[0].width == first.width > 0
    assert attached.photos[0].image.name == first.image.name and attached.photos[0].article is article
    assert [t.name for t in attached.tags] == ["dân vận khéo", "an sinh xã hội"]
    assert [d.symbol for d in attached.documents] == ["120-KL/TW", "25-NQ/TW", "99-HD/BDVTW"]
    assert str(attached.documents[0]) == "Nghị quyết 120-KL/TW"
    assert [o.name for o in attached.organizations] == ["Ban Dân vận Tỉnh ủy Bình Định", "Đảng ủy Khối"]
    assert [e.name for e in attached.exemplars] == ["Mô hình C", "Mô hình A", "Mô hình B"]
    assert attached.ids()["documents"] == [newer.pk, older.pk, undated.pk]
