"""“Có phải bạn muốn tìm …”: corrections from the site's own vocabulary."""

import pytest

from search.query import parse
from search.suggest import Vocabulary, correct, edit_distance

from .conftest import make_article, make_document, make_exemplar

pytestmark = pytest.mark.django_db

URL = "/tim-kiem/"


def test_edit_distance_counts_insertions_and_swaps_and_stops_early():
    assert edit_distance("vn", "van", 1) == 1
    assert edit_distance("khoe", "kheo", 1) == 1  # two letters swapped: one edit
    assert edit_distance("nogn", "nong", 2) == 1
    assert edit_distance("abc", "xyz", 1) == 2  # past the limit: limit + 1


def _vocabulary(*titles):
    words = Vocabulary()
    for title in titles:
        words.add(title)
    return words


def test_a_missing_letter_is_put_back_with_the_diacritics_the_site_writes():
    words = _vocabulary("Dân vận khéo ở cơ sở", "Nhân rộng mô hình “Dân vận khéo”", "Vận động nhân dân")
    assert correct(parse("dan vn kheo"), words) == "dân vận khéo"
    assert correct(parse("dan van khoe"), words) == "dân vận khéo"  # two letters swapped


def test_known_words_are_left_alone():
    words = _vocabulary("Dân vận khéo ở cơ sở")
    assert correct(parse("dan van kheo"), words) is None
    assert correct(parse("Dân vận"), words) is None


def test_the_neighbours_decide_between_near_words():
    # "vn" is one letter from "van" and from "vin": the pair "dân vận" decides.
    words = _vocabulary("Dân vận khéo", "Dân vận khéo ở xã", "Vin học")
    assert correct(parse("dan vn"), words) == "dân vận"


def test_a_query_with_no_results_tries_the_suggestion_and_says_so(client):
    article = make_article("Nhân rộng mô hình “Dân vận khéo”")
    exemplar = make_exemplar("Dân vận khéo trong xây dựng nông thôn mới")
    response = client.get(URL, {"q": "dan vn kheo"})
    html = response.content.decode()
    assert {h.url for h in response.context["hits"]} == {article.get_absolute_url(), exemplar.get_absolute_url()}
    assert "Không có kết quả cho “dan vn kheo”. Đang hiện kết quả cho “dân vận khéo”." in html
    assert "<mark>Dân</mark> <mark>vận</mark> <mark>khéo</mark>" in html  # marks on the suggestion's words


def test_nq25_offers_the_symbol_as_the_site_writes_it(client):
    nq25 = make_document("25-NQ/TW", number="25", subject="Về công tác dân vận trong tình hình mới")
    for q in ("NQ25", "nq 25", "nghị quyết số 25"):
        response = client.get(URL, {"q": q})
        assert response.context["hits"][0].url == nq25.get_absolute_url()
        assert response.context["suggestion"] == "25-NQ/TW"
        assert 'Có phải bạn muốn tìm <a href="?q=25-NQ/TW">25-NQ/TW</a>?' in response.content.decode()
    # Typed as the symbol, there is nothing to suggest.
    assert client.get(URL, {"q": "25-NQ/TW"}).context["suggestion"] is None


def test_unpublished_titles_never_become_suggestions(client):
    make_article("Phong trào thi đua yêu nước", status="draft")
    make_article("Dân vận khéo")
    response = client.get(URL, {"q": "phong trao thi dua yeu nuox"})
    assert response.context["hits"] == []
    assert response.context["note"] != "suggested"
    assert "yêu nước" not in response.content.decode()


def test_the_vocabulary_follows_new_records(client):
    make_article("Dân vận khéo")
    assert client.get(URL, {"q": "chuyen doi so"}).context["hits"] == []
    article = make_article("Chuyển đổi số ở cơ sở")
    response = client.get(URL, {"q": "chuyen doi sso"})  # a typo only the new title can correct
    assert [h.url for h in response.context["hits"]] == [article.get_absolute_url()]
    assert response.context["note"] == "suggested"


def test_near_words_through_deletions_are_the_words_a_walk_through_every_word_finds():
    import itertools

    words = _vocabulary(
        "Dân vận khéo ở cơ sở", "Nhân rộng mô hình “Dân vận khéo”", "Vận động nhân dân", "Quảng Ninh giải phóng mặt bằng",
        "Hà Giang, Hà Nam, Hà Tĩnh", "Thanh niên tình nguyện", "Công đoàn cơ sở", "Đồng Tháp", "Bình Thuận", "an", "a",
    )
    letters = "anhgiuo"
    terms = ["vn", "kheo", "khoe", "nihn", "bagn", "nguyn", "tinhh", "giagn", "xyz", "dang", "a", "ab"]
    terms += ["".join(p) for p in itertools.product(letters, repeat=3)][:120]
    for term in terms:
        for limit in (1, 2):
            every = [(w, d) for w in words.forms if (d := edit_distance(term, w, limit)) <= limit]
            assert words.near(term, limit) == every, (term, limit)


def test_a_word_added_after_a_lookup_is_found():
    words = _vocabulary("Dân vận")
    assert words.near("kheo", 1) == []
    words.add("Dân vận khéo")
    assert words.near("khoe", 1) == [("kheo", 1)]


def test_each_process_keeps_the_vocabulary_while_the_cache_names_it(monkeypatch):
    from search import suggest

    make_article("Nhân rộng mô hình “Dân vận khéo”")
    suggest.forget_vocabulary()
    built = []
    real_build = suggest.build_vocabulary
    monkeypatch.setattr(suggest, "build_vocabulary", lambda: built.append(1) or real_build())
    first = suggest.vocabulary()
    read = []
    shared = suggest.cache

    class Watched:
        def get(self, key, *args, **kwargs):
            read.append(key)
            return shared.get(key, *args, **kwargs)

        def __getattr__(self, name):
            return getattr(shared, name)

    monkeypatch.setattr(suggest, "cache", Watched())
    assert suggest.vocabulary() is first  # not unpickled again: only the stamp was read
    assert read == [suggest.STAMP_KEY] and built == [1]
    suggest.forget_vocabulary()  # an index write
    assert "khéo" in suggest.vocabulary().forms["kheo"]
    assert built == [1, 1]
