"""What readers find: folding, ranking, symbols, visibility. Runs on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from search.query import parse

from .conftest import found, make_article, make_document, make_exemplar, make_organization, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def dan_van_kheo():
    return {
        make_article("Nhân rộng mô hình “Dân vận khéo” ở vùng cao", body="<p>Bài về phong trào.</p>"),
        make_article("Tổng kết phong trào thi đua", body="<p>Nhiều điển hình <b>dân vận khéo</b> được biểu dương.</p>"),
        make_exemplar("Dân vận khéo trong xây dựng nông thôn mới"),
        make_organization("Ban Chỉ đạo phong trào", aliases="Ban chỉ đạo Dân vận khéo"),
    }


@pytest.mark.parametrize("q", ["dan van kheo", "Dân vận khéo", "DÂN VẬN KHÉO", "dÂn VAN khéo"])
def test_every_spelling_of_dan_van_kheo_finds_the_same_set(dan_van_kheo, q):
    make_article("Dân chủ ở cơ sở", body="<p>Không liên quan.</p>")
    assert set(found(q)) == dan_van_kheo


def test_exact_diacritics_rank_first():
    dang = make_article("Đảng bộ xã tổ chức đại hội")
    others = {
        make_article("Thông báo dang dở công trình"),
        make_article("Mở đăng ký tuyển sinh"),
        make_article("Dáng đứng Việt Nam"),
    }
    results = found("Đảng")
    assert results[0] == dang
    assert set(results[1:]) == others
    # And the other way round: what was typed with its own diacritics comes first.
    assert found("đăng")[0].title == "Mở đăng ký tuyển sinh"
    assert found("dáng")[0].title == "Dáng đứng Việt Nam"


@pytest.fixture
def resolution():
    return make_document(
        "25-NQ/TW",
        subject="Về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới",
        popular_names="Nghị quyết Trung ương 7 (khóa XI)",
        issue_year=2013,
    )


@pytest.mark.parametrize(
    "q", ["25-NQ/TW", "25-nq/tw", "nghi quyet 25", "Nghị quyết 25", "25 - NQ / TW", "nghị quyết trung ương 7"]
)
def test_the_resolution_is_found_by_symbol_and_by_name(resolution, q):
    make_document("25-QĐ/TW", kind="quyet_dinh", subject="Một quyết định khác")
    make_document("2765/QĐ-UBND", kind="quyet_dinh", subject="Kế hoạch triển khai Nghị quyết 25-NQ/TW", issue_year=2013)
    make_article("Học tập Nghị quyết 25-NQ/TW", body="<p>Quán triệt nghị quyết số 25-NQ/TW của Trung ương.</p>")
    results = found(q)
    assert resolution in results
    if q not in ("nghị quyết trung ương 7",):
        assert results[0] == resolution


def test_exact_symbol_finds_only_documents_with_that_symbol_first(resolution):
    other = make_document("25-QĐ/TW", kind="quyet_dinh", subject="Một quyết định khác")
    results = found("25-NQ/TW")
    assert results[0] == resolution
    assert other not in results


@pytest.mark.parametrize("q", ["Quảng Ninh", "quang ninh", "BDV Tỉnh ủy", "ban dan van tinh"])
def test_bodies_by_name_short_name_and_alias(q):
    body = make_organization(
        "Ban Dân vận Tỉnh ủy Quảng Ninh", short_name="BDV Tỉnh ủy", aliases="Ban Dân vận tỉnh\nBDV Quảng Ninh"
    )
    assert found(q) == [body]


def test_articles_are_found_by_lead_and_by_body_text_not_markup():
    by_lead = make_article("Tin một", lead="Hội nghị giao ban khối thi đua")
    by_body = make_article("Tin hai", body='<p class="giaoban">Buổi <a href="/giao-ban">giao ban</a> quý</p>')
    assert set(found("giao ban")) == {by_lead, by_body}
    assert found("class") == []
    assert found("href") == []


@pytest.mark.parametrize(
    "status, published_at",
    [
        (Article.Status.DRAFT, None),
        (Article.Status.REVIEW, None),
        (Article.Status.ARCHIVED, timezone.now() - timedelta(days=3)),
        (Article.Status.PUBLISHED, timezone.now() + timedelta(days=1)),
    ],
    ids=["draft", "review", "archived", "scheduled"],
)
def test_articles_that_are_not_public_are_never_found(status, published_at):
    make_article("Dân vận khéo công khai")
    make_article("Dân vận khéo chưa công khai", status=status, published_at=published_at)
    results = search("dan van kheo")
    assert [e.title for e in results] == ["Dân vận khéo công khai"]
    assert results.count() == 1


def test_unpublishing_removes_and_republishing_restores():
    article = make_article("Dân vận khéo ở phường")
    assert found("dan van kheo") == [article]
    article.status = Article.Status.DRAFT
    article.save()
    assert found("dan van kheo") == []
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)  # no signal at all
    assert found("dan van kheo") == [article]


def test_a_scheduled_article_appears_when_its_time_comes(time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    article = make_article("Dân vận khéo hẹn giờ", published_at=now + timedelta(hours=2))
    assert found("dan van kheo") == []
    time_machine.move_to(now + timedelta(hours=3), tick=False)
    assert found("dan van kheo") == [article]  # nothing re-indexed in between


def test_undated_imported_articles_are_public():
    article = make_article("Dân vận khéo bài cũ", published_at=None, import_source="seeds/a.txt")
    assert found("dan van kheo") == [article]


def test_edits_and_deletes_reach_the_index():
    article = make_article("Tiêu đề cũ")
    article.title = "Tiêu đề mới về dân vận khéo"
    article.save()
    assert found("dan van kheo") == [article]
    assert found("cu") == []
    article.delete()
    assert found("dan van kheo") == []

    exemplar = make_exemplar("Mô hình đổi tên")
    exemplar.name = "Mô hình “Dân vận khéo” mới"
    exemplar.save()
    assert found("dan van kheo") == [exemplar]
    exemplar.delete()
    assert found("dan van kheo") == []


SYNTAX = ['"', "*", "NEAR(", "OR", "'", "AND OR NOT", 'dân" OR "vận', "kheo*", "NEAR(dan van, 2)", "dan) OR (van"]
SYNTAX += [
    "a:b",
    "^dan",
    "-dan",
    "'; DROP TABLE search_searchentry; --",
    "dan van kheo" * 40,
    "\\",
    "%",
    "_",
    "{title_terms}: dan",
]


@pytest.mark.parametrize("q", SYNTAX)
def test_fts_syntax_is_searched_as_words_not_run(dan_van_kheo, q):
    if not parse(q).is_empty:
        list(search(q))  # no error


def test_prefix_and_syntax_do_not_widen_results(dan_van_kheo):
    assert found("kheo*") == found("kheo")
