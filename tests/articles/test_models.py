import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Section

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def make(title="Tin bài", **fields) -> Article:
    return Article.objects.create(title=title, **fields)


@time_machine.travel(NOW, tick=False)
def test_published_edges():
    visible = {
        make("Đã đăng", status="published", published_at=NOW - dt.timedelta(days=1)),
        make("Đăng đúng lúc này", status="published", published_at=NOW),
        make("Nhập không ngày", status="published", published_at=None, import_source="seeds/004.txt"),
    }
    make("Hẹn giờ", status="published", published_at=NOW + dt.timedelta(seconds=1))
    make("Lưu trữ", status="archived", published_at=NOW - dt.timedelta(days=3))
    make("Nháp", status="draft", published_at=NOW - dt.timedelta(days=3))
    make("Chờ duyệt", status="review", published_at=NOW - dt.timedelta(days=3))
    assert set(Article.objects.published()) == visible


def test_scheduled_article_appears_when_its_time_comes():
    with time_machine.travel(NOW, tick=False):
        article = make("Hẹn giờ", status="published", published_at=NOW + dt.timedelta(hours=2))
        assert not Article.objects.published().exists()
        assert article.is_scheduled and not article.is_public
    with time_machine.travel(NOW + dt.timedelta(hours=2, seconds=1), tick=False):
        assert list(Article.objects.published()) == [article]
        assert article.is_public and not article.is_scheduled


@time_machine.travel(NOW, tick=False)
def test_publishing_by_hand_without_time_means_now():
    article = make("Bài mới", status="published")
    assert article.published_at == NOW
    draft = make("Bản nháp")
    assert draft.published_at is None


@time_machine.travel(NOW, tick=False)
def test_undated_imports_sort_after_dated_ones():
    undated = make("Không ngày", status="published", import_source="a.txt")
    old = make("Cũ", status="published", published_at=NOW - dt.timedelta(days=900))
    new = make("Mới", status="published", published_at=NOW - dt.timedelta(days=1))
    assert list(Article.objects.published().newest_first()) == [new, old, undated]
    assert list(Article.objects.published()) == [new, old, undated]


def test_slug_generated_on_the_server_and_unique():
    first = make("Đảng bộ Khối các cơ quan Trung ương")
    second = make("Đảng bộ Khối các cơ quan Trung ương")
    third = make("Đảng bộ Khối các cơ quan Trung ương")
    assert first.slug == "dang-bo-khoi-cac-co-quan-trung-uong"
    assert second.slug == "dang-bo-khoi-cac-co-quan-trung-uong-2"
    assert third.slug == "dang-bo-khoi-cac-co-quan-trung-uong-3"
    symbol = make("Quán triệt Nghị quyết 25-NQ/TW")
    assert symbol.slug == "quan-triet-nghi-quyet-25-nq-tw"


def test_slug_fits_long_titles():
    title = "Khảo sát xây dựng Nghị quyết của Ban Chấp hành Đảng bộ Khối các cơ quan Trung ương " * 4
    article = make(title.strip())
    assert len(article.title) > 300
    assert 200 < len(article.slug) <= 255
    assert article.slug.startswith("khao-sat-xay-dung-nghi-quyet")


def test_an_edited_slug_is_kept():
    article = make("Tiêu đề", slug="duong-dan-rieng")
    article.title = "Tiêu đề khác"
    article.save()
    assert Article.objects.get(pk=article.pk).slug == "duong-dan-rieng"


def test_title_is_stored_nfc_with_eth_fixed():
    article = make("\u00d0ổi mới co\u0301ng tác")
    assert article.title == "Đổi mới cóng tác"


def test_import_source_is_unique_but_blank_is_not():
    make("A", import_source="seeds/000.txt")
    make("B")
    make("C")
    with pytest.raises(IntegrityError):
        make("D", import_source="seeds/000.txt")


def test_section_slug_and_url():
    section = Section.objects.create(name="Thực hiện QĐ 217, 218")
    assert section.slug == "thuc-hien-qd-217-218"
    assert section.get_absolute_url() == "/chuyen-muc/thuc-hien-qd-217-218/"


def test_article_url_is_vietnamese():
    assert make("Dân vận khéo").get_absolute_url() == "/bai-viet/dan-van-kheo/"


def test_is_public_matches_queryset_for_unsaved():
    assert Article(title="x", status="published", published_at=timezone.now()).is_public is False
