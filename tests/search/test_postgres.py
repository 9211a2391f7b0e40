"""PostgreSQL only: the danvan_vi configuration and trigram typo tolerance."""

import pytest
from django.db import connection

from search.backends import TABLE, TITLE_INDEX
from search.shares import statistics

from .conftest import found, make_article, make_exemplar, make_organization

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_danvan_vi_folds_diacritics_and_d_with_stroke():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('danvan_vi', %s)::text", ["Đảng Dân vận KHÉO"])
        assert cursor.fetchone()[0] == "'dan':2 'dang':1 'kheo':4 'van':3"


@pytest.mark.parametrize("q", ["quang nihn", "Quảng Nimh", "ban dan vna tinh uy"])
def test_typos_still_find_the_body(client, q):
    body = make_organization("Ban Dân vận Tỉnh ủy Quảng Ninh")
    make_organization("Hội Nông dân tỉnh Bắc Giang")
    assert found(q) == []  # no exact-term hit …
    assert found(q, fuzzy=True) == [body]  # … so the trigram fallback answers
    response = client.get("/tim-kiem/", {"q": q})
    # The page tries the site's own correction first (as on SQLite), and says so.
    assert [h.url for h in response.context["hits"]] == [body.get_absolute_url()]
    assert response.context["note"] == "suggested"
    assert "Đang hiện kết quả cho" in response.content.decode()


@pytest.mark.parametrize("q", ["dan van khoe", "xay dung nong thn", "Dân vận khéo trong xây dựg"])
def test_typo_in_an_exemplar_name(q):
    exemplar = make_exemplar("Dân vận khéo trong xây dựng nông thôn mới")
    make_exemplar("Tổ tự quản an ninh trật tự")
    assert found(q, fuzzy=True) == [exemplar]


def test_fallback_respects_publication():
    make_article("Dân vận khéo ở bản", status="draft")
    assert found("dan van khoe", fuzzy=True) == []


def test_gin_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'search_searchentry' ORDER BY indexname")
        names = {row[0] for row in cursor.fetchall()}
    assert {"search_searchentry_match_gin", "search_searchentry_title_trgm", "search_searchentry_title_words"} <= names
    assert "search_searchentry_vector_gin" not in names  # the full vector only ranks the candidates


def test_the_candidates_vector_is_kept_in_the_row_without_positions():
    # Checking an entry of a window read its full vector from TOAST (7–8 µs an entry at
    # 100,000 articles, 38 ms for "tỉnh ủy quảng ninh"); this one is in the row.
    make_article("Tỉnh ủy Quảng Ninh", body="<p>" + "Công tác dân vận ở cơ sở. " * 200 + "</p>")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'search_searchentry'::regclass AND attname = 'match_vector'"
        )
        assert cursor.fetchone()[0] == "m"
        cursor.execute("SELECT match_vector::text, search_vector = match_vector FROM search_searchentry WHERE kind = 'article'")
        words, same = cursor.fetchone()
    assert "'quang'" in words and ":" not in words and same is False


def test_a_common_query_ranks_bounded_candidates_titles_and_symbols_kept(client, monkeypatch):
    from search.backends import PostgreSQLBackend
    from search.views import ResultsPaginator

    from .conftest import make_document

    monkeypatch.setattr(PostgreSQLBackend, "CANDIDATES", 3)
    monkeypatch.setattr(ResultsPaginator, "max_pages", 1)
    monkeypatch.setattr("search.views.PER_PAGE", 2)
    titled = make_article("Dân vận khéo ở xã Tân Bình", body="<p>Bài cũ nhất.</p>")
    for n in range(6):  # newer articles that name the phrase only in their body
        make_article(f"Tin hoạt động số {n}", body="<p>Phong trào dân vận khéo lan tỏa.</p>")
    # The old article whose title holds the phrase is still a candidate, and ranks first.
    assert found("dan van kheo")[0] == titled
    assert len(found("dan van kheo")) == 4  # 3 newest + the titled one: bounded
    # A symbol typed in full finds its document, whatever else matches.
    document = make_document("25-NQ/TW")
    assert document in found("25-NQ/TW")
    # The page says there is more than it counted.
    content = client.get("/tim-kiem/", {"q": "dân vận khéo"}).content.decode()
    assert "Hơn 2 kết quả" in content


@pytest.mark.parametrize("titles_common", [True, False], ids=["titles-newest-first", "titles-through-gin"])
@pytest.mark.parametrize("common", [True, False], ids=["newest-first", "through-gin"])
def test_both_ways_of_finding_the_newest_candidates_find_the_same(monkeypatch, common, titles_common):
    """Words estimated common are looked for newest first, in a window; rare ones through the
    GIN index; and so are the titles holding the phrase. Either way the candidates are the
    newest CANDIDATES entries with every word, a title holding the phrase, and the symbol
    named."""
    from search.backends import PostgreSQLBackend

    from .conftest import make_document

    monkeypatch.setattr(PostgreSQLBackend, "CANDIDATES", 4)
    monkeypatch.setattr(PostgreSQLBackend, "TITLE_CANDIDATES", 2)
    titled = make_article("Dân vận khéo ở xã Tân Bình", body="<p>Bài cũ nhất.</p>")
    older = [make_article(f"Tin cũ số {n}", body="<p>Phong trào dân vận khéo.</p>") for n in range(3)]
    make_article("Chuyện khác", body="<p>Không có cụm từ.</p>")
    newer = [make_article(f"Tin mới số {n}", body="<p>Phong trào dân vận khéo lan tỏa.</p>") for n in range(4)]
    for n in range(3):  # reference records are the newest entries, and hold none of the words
        make_organization(f"Hội Nông dân xã số {n}")
    document = make_document("25-NQ/TW", subject="Về công tác dân vận")
    PostgreSQLBackend(connection).analyse()
    # Every word is in about half the entries: above the bar, read newest first; or not.
    monkeypatch.setattr(PostgreSQLBackend, "COMMON_MATCHES", 1 if common else 10**9)
    monkeypatch.setattr(PostgreSQLBackend, "TITLE_COMMON", 0 if titles_common else 10**9)
    stats = statistics(connection, TABLE, TITLE_INDEX)
    assert (PostgreSQLBackend(connection)._reach(stats, ("dan", "van", "kheo"), False) > 0) is common
    got = set(found("dan van kheo"))
    assert got == {*newer, titled}
    assert not got & set(older)
    assert document in found("25-NQ/TW dan van")
    # Too few in the window (a window of one entry): the GIN index is asked after all.
    monkeypatch.setattr(PostgreSQLBackend, "WINDOW_FACTOR", 0)
    monkeypatch.setattr(PostgreSQLBackend, "WINDOW_SLACK", 1)
    assert set(found("dan van kheo")) == {*newer, titled}


def test_a_window_too_small_to_hold_the_candidates_is_not_read(monkeypatch):
    """A window holds at most WINDOW_CAP entries of a kind: when even the rarest word's share
    could not fill it with CANDIDATES matches, the GIN index is asked at once (the same
    candidates, without a read in vain)."""
    from search.backends import PostgreSQLBackend

    monkeypatch.setattr(PostgreSQLBackend, "CANDIDATES", 2)
    monkeypatch.setattr(PostgreSQLBackend, "COMMON_MATCHES", 1)
    articles = [make_article(f"Tin số {n}", body="<p>Phong trào dân vận khéo.</p>") for n in range(3)]
    for n in range(5):
        make_article(f"Chuyện khác số {n}", body="<p>Không có cụm từ.</p>")
    PostgreSQLBackend(connection).analyse()
    backend, terms = PostgreSQLBackend(connection), ("dan", "van", "kheo")
    assert backend._reach(statistics(connection, TABLE, TITLE_INDEX), terms, False) > 0
    windowed = set(found("dan van kheo"))
    monkeypatch.setattr(PostgreSQLBackend, "WINDOW_CAP", 3)  # 2 of 3 entries: more than any word's share
    assert backend._reach(statistics(connection, TABLE, TITLE_INDEX), terms, False) == 0
    assert set(found("dan van kheo")) == windowed == set(articles[1:])


@pytest.mark.parametrize("title_window", [4, 2], ids=["window-holds-them", "window-too-short"])
def test_the_titles_holding_the_phrase_are_the_newest_ones_whichever_way_they_are_read(monkeypatch, title_window):
    """Titles whose words are common are read newest first, among the newest TITLE_WINDOW
    entries; when those hold fewer than TITLE_CANDIDATES, the older ones as before (trigram
    index); rarer words through the titles' index. Each way: the newest TITLE_CANDIDATES
    titles holding the phrase, and no older one."""
    from search.backends import PostgreSQLBackend

    monkeypatch.setattr(PostgreSQLBackend, "CANDIDATES", 2)
    monkeypatch.setattr(PostgreSQLBackend, "TITLE_CANDIDATES", 2)
    monkeypatch.setattr(PostgreSQLBackend, "TITLE_WINDOW", title_window)
    oldest = make_article("Dân vận khéo ở xã Tân Bình", body="<p>Bài cũ nhất.</p>")
    make_article("Tin cũ số 1", body="<p>Phong trào dân vận khéo.</p>")
    titled = [make_article(f"Dân vận khéo ở bản số {n}", body="<p>Bài.</p>") for n in range(2)]
    newest = [make_article(f"Tin mới số {n}", body="<p>Phong trào dân vận khéo lan tỏa.</p>") for n in range(2)]
    PostgreSQLBackend(connection).analyse()
    expected = {*titled, *newest}
    monkeypatch.setattr(PostgreSQLBackend, "TITLE_COMMON", 10**9)  # through the titles' index
    assert set(found("dan van kheo")) == expected
    monkeypatch.setattr(PostgreSQLBackend, "TITLE_COMMON", 0)  # newest first (a table this small has no share to speak of)
    assert set(found("dan van kheo")) == expected
    assert oldest not in expected


def test_the_loose_mode_gives_up_after_its_time_limit_and_the_transaction_goes_on():
    from search.backends import PostgreSQLBackend

    backend = PostgreSQLBackend(connection)
    assert backend._read_ids_within("SELECT 1 FROM pg_sleep(1)", [], 50) == []
    assert backend._read_ids_within("SELECT 7", [], 1000) == [7]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        assert cursor.fetchone()[0] == "0"  # put back
