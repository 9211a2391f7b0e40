"""Issue 15's failures as readers met them, and the ranking rules behind the fixes.

Runs on SQLite and on PostgreSQL (DATABASE_URL=postgres://…): same results on both.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Photo
from organizations.models import Document

from .conftest import found, make_article, make_document, make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def binh_thuan():
    """The seed article 001: "Bình Thuận" only in a photo caption and in the body's bodies."""
    article = make_article(
        "Công tác dân vận qua 01 năm triển khai thực hiện Nghị quyết số 25",
        body="<p>Ban Chấp hành Đảng bộ tỉnh ban hành Chương trình hành động số 20-NQ/TU để triển khai.</p>",
    )
    Photo.objects.create(
        article=article,
        caption="Ban Dân vận Tỉnh ủy và Ngân hàng nhà nước – CN Bình Thuận ký kết chương trình phối hợp",
        credit="Ảnh: T.H",
    )
    scattered = make_article(
        "Đổi mới, nâng cao hiệu quả công tác dân vận ở Đảng",
        body="<p>Bình quân mỗi năm tổ chức 20 cuộc đối thoại.</p><p>Nhân dân đồng thuận với chủ trương.</p>",
    )
    return article, scattered


def test_binh_thuan_finds_the_article_about_binh_thuan_not_the_words_far_apart(binh_thuan):
    article, scattered = binh_thuan
    assert found("binh thuan") == [article]
    assert found("Bình Thuận") == [article]
    # Each word alone still finds the other article.
    assert scattered in found("dong thuan")


def test_words_far_apart_are_found_when_nothing_has_them_together(client, binh_thuan):
    _article, scattered = binh_thuan
    response = client.get("/tim-kiem/", {"q": "cuoc nhan"})  # "20 cuộc đối thoại. Nhân dân": apart only
    assert [h.url for h in response.context["hits"]] == [scattered.get_absolute_url()]
    assert response.context["note"] == "apart"
    assert "không có kết quả chứa liền cụm từ" in response.content.decode()


def test_photo_captions_and_credits_are_searchable_and_follow_edits(binh_thuan):
    article, _ = binh_thuan
    assert found("ngan hang nha nuoc") == [article]
    assert found("anh t h") == [article]
    photo = article.photos.get()
    photo.caption = "Lễ ký kết ở Phan Thiết"
    photo.save()
    assert found("ngan hang nha nuoc") == []
    assert found("phan thiet") == [article]
    photo.delete()
    assert found("phan thiet") == []


def test_adjacent_words_in_order_rank_above_the_same_words_apart():
    apart = make_article("Thuận lợi cho Bình Định", published_at=timezone.now() - timedelta(hours=1))
    together = make_article("Tin từ Bình Thuận", published_at=timezone.now() - timedelta(days=30))
    reversed_ = make_article("Thuận Bình một làng", published_at=timezone.now() - timedelta(hours=2))
    results = found("binh thuan")
    assert results[0] == together  # the oldest, yet first
    assert set(results[1:]) == {reversed_, apart}  # both words in the title: still found


def test_the_phrase_in_the_title_ranks_above_the_phrase_in_the_body():
    in_body = make_article("Tin địa phương", body="<p>Phong trào dân vận khéo ở xã.</p>", published_at=timezone.now())
    in_title = make_article("Dân vận khéo ở xã", published_at=timezone.now() - timedelta(days=365))
    assert found("dan van kheo") == [in_title, in_body]


def test_exact_diacritics_rank_above_folded_matches():
    folded = make_article("Bản tin dang dở", published_at=timezone.now())
    exact = make_article("Bản tin Đảng", published_at=timezone.now() - timedelta(days=100))
    assert found("Đảng") == [exact, folded]
    assert found("dang dở") == [folded]


def test_recency_only_breaks_ties():
    old = make_article("Dân vận khéo ở bản A", published_at=timezone.now() - timedelta(days=300))
    new = make_article("Dân vận khéo ở bản B", published_at=timezone.now() - timedelta(days=1))
    assert found("dan van kheo") == [new, old]
    # A better match wins whatever its age.
    assert found("dan van kheo o ban a")[0] == old


@pytest.fixture
def resolutions():
    nq25 = make_document(
        "25-NQ/TW",
        number="25",
        subject="Về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới",
        popular_names="Nghị quyết Trung ương 7 (khóa XI)",
        issue_year=2013,
    )
    nq20 = make_document(
        "20-NQ/TU",
        number="20",
        kind=Document.Kind.ACTION_PROGRAMME,
        subject="Chương trình hành động thực hiện Nghị quyết 25-NQ/TW của Ban Chấp hành Trung ương Đảng (khóa XI)",
        issue_year=2013,
    )
    kl43 = make_document(
        "43-KL/TW",
        number="43",
        kind=Document.Kind.CONCLUSION,
        subject="Về tiếp tục thực hiện Nghị quyết Trung ương 7 khóa XI về công tác dân vận",
        issue_year=2023,
    )
    make_article("Quán triệt Nghị quyết số 25", body="<p>Nghị quyết số 25-NQ/TW của Trung ương (khóa XI).</p>")
    return nq25, nq20, kl43


@pytest.mark.parametrize(
    "q", ["nghị quyết số 25", "nghi quyet so 25", "nq 25", "NQ25", "nq25", "25nq", "nghị quyết trung ương 7 khóa xi", "NQ TW 7 khoa XI"]
)
def test_every_name_of_the_resolution_puts_it_first(resolutions, q):
    nq25, _nq20, _kl43 = resolutions
    if q == "NQ TW 7 khoa XI":
        assert nq25 in found(q)[:2]
    else:
        assert found(q)[0] == nq25


def test_nq_25_does_not_rank_the_action_programme_first(resolutions):
    nq25, nq20, _ = resolutions
    results = found("nq 25")
    assert results.index(nq25) < results.index(nq20)


def test_a_single_common_word_does_not_list_bodies_before_articles():
    bodies = [make_organization(f"Đảng bộ xã số {n}") for n in range(15)]
    article = make_article("Đảng bộ xã tổ chức đại hội")
    results = found("Đảng")
    assert results[0] == article
    assert set(results[1:]) == set(bodies)


def test_a_body_named_by_the_query_still_comes_first():
    body = make_organization("Tỉnh ủy Bình Thuận", aliases="Tỉnh ủy tỉnh Bình Thuận")
    make_article("Tỉnh ủy họp phiên thường kỳ", body="<p>Tỉnh ủy Bình Thuận họp.</p>")
    assert found("tinh uy binh thuan")[0] == body
