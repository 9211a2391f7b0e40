"""Keeping the index in step: per-save cost, body text, bulk rebuild."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from portal.models import Page
from search.indexing import article_text_fields, deferred_indexing, html_to_text, index_instance
from search.models import SearchEntry

from .conftest import found, make_article, make_document, make_exemplar, make_organization

pytestmark = pytest.mark.django_db


def test_html_to_text_keeps_words_and_drops_markup():
    html = '<p>Đoạn <b>một</b>.</p><script>var x = "<p>";</script><style>p{}</style><p>Đoạn&nbsp;hai &amp; ba</p>'
    assert " ".join(html_to_text(html).split()) == "Đoạn một . Đoạn hai & ba".replace(" .", ".")


def test_every_record_kind_gets_one_entry():
    article = make_article("Bài")
    document = make_document("25-NQ/TW", subject="Về công tác dân vận", popular_names="Nghị quyết Trung ương 7 (khóa XI)")
    body = make_organization("Ban Dân vận Trung ương", short_name="BDVTW", aliases="Ban Dân vận")
    exemplar = make_exemplar("Mô hình “Dân vận khéo”", aliases="Dân vận khéo", description="Mô tả.")
    assert SearchEntry.objects.count() == 4
    assert article.search_entry.kind == "article"
    entry = document.search_entry
    assert entry.title == "Nghị quyết 25-NQ/TW Về công tác dân vận"
    assert entry.symbol == "25-NQ/TW"
    assert entry.title_terms == "nghi quyet 25 nq tw ve cong tac dan van"
    assert "nghi quyet 25" in entry.text_terms
    assert entry.doc_key == "nghi_quyet:25"
    assert entry.names_terms == "| 25 nq tw | nghi quyet 25 | nghi quyet 25 nq tw | nghi quyet trung uong 7 khoa xi |"
    # Readable snippets: the parts a reader would see, separated, never one run-on dump.
    assert body.search_entry.text == "BDVTW · Ban Dân vận"
    assert body.search_entry.names_terms == "| ban dan van trung uong | bdvtw | ban dan van |"
    assert exemplar.search_entry.text == "Mô tả. · Dân vận khéo"


def test_stored_text_folds_to_the_same_length():
    article = make_article("Tin", lead="Sapo\u00a0 có   dấu\n\nvà Đ", body="<p>Thân <i>bài</i></p>\n<p>ĐẢNG</p>")
    entry = article.search_entry
    from danvan.text import fold

    assert entry.text == "Sapo có dấu và Đ Thân bài ĐẢNG"
    assert len(fold(entry.text)) == len(entry.text)


def test_saving_costs_one_update_once_indexed():
    article = make_article("Dân vận khéo")
    article.title = "Dân vận khéo mới"
    with CaptureQueriesContext(connection) as queries:
        index_instance(article)
    # Its photos' captions and credits (one SELECT), then the UPDATE.
    assert len(queries) == 2
    assert "articles_photo" in queries.captured_queries[0]["sql"]
    assert SearchEntry.objects.get().title == "Dân vận khéo mới"


def test_saving_unrelated_fields_does_not_touch_the_index():
    article = make_article("Dân vận khéo")
    article.view_count = 10
    with CaptureQueriesContext(connection) as queries:
        article.save(update_fields=["view_count"])
    assert not [q for q in queries.captured_queries if "search_searchentry" in q["sql"]]
    article.title = "Tên mới"
    article.save(update_fields=["title", "updated_at"])
    assert SearchEntry.objects.get().title == "Tên mới"


def test_first_save_costs_an_update_and_an_insert():
    article = make_article("Dân vận khéo")
    SearchEntry.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        index_instance(article)
    assert len(queries) == 3  # photos, UPDATE (nothing there), INSERT
    assert SearchEntry.objects.get().article == article


def test_deleting_a_record_deletes_its_entry():
    document = make_document("25-NQ/TW")
    document.delete()
    assert not SearchEntry.objects.exists()


def test_rebuild_command_restores_what_bulk_updates_skipped():
    article = make_article("Tiêu đề")
    make_organization("Ban Dân vận")
    Article.objects.filter(pk=article.pk).update(title="Dân vận khéo")  # no signal
    call_command("rebuild_search_index", verbosity=0)
    assert SearchEntry.objects.filter(kind__in=["article", "organization"]).count() == 2
    assert SearchEntry.objects.count() == 2 + Page.objects.count()  # the pages the portal starts with
    assert SearchEntry.objects.get(kind="article").title == "Dân vận khéo"

    assert [r for r in found("dan van kheo") if isinstance(r, Article)] == [article]


def test_rebuild_indexes_unpublished_articles_too():
    make_article("Nháp", status=Article.Status.DRAFT)
    call_command("rebuild_search_index", verbosity=0)
    assert SearchEntry.objects.filter(kind="article").count() == 1


def test_rebuild_dry_run_changes_nothing(capsys):
    make_article("Bài")
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index", "--dry-run")
    assert f"Would index {1 + Page.objects.count()} records." in capsys.readouterr().out
    assert not SearchEntry.objects.exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 integrity check is SQLite-only")
def test_fts5_table_matches_its_content_after_edits():
    article = make_article("Một")
    for title in ("Hai", "Ba", "Dân vận khéo"):
        article.title = title
        article.save()
    make_article("Xóa").delete()
    call_command("rebuild_search_index", verbosity=0)
    article.save()
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_searchentry_fts(search_searchentry_fts, rank) VALUES ('integrity-check', 1)")
        # The table holds no content to check against (content=''): what it finds must be
        # what the entries say, kind included.
        cursor.execute("SELECT rowid FROM search_searchentry_fts WHERE search_searchentry_fts MATCH 'kind : kindarticle'")
        assert sorted(r[0] for r in cursor.fetchall()) == sorted(SearchEntry.objects.filter(kind="article").values_list("pk", flat=True))
        for word, expected in (("hai", []), ("xoa", []), ("kheo", [SearchEntry.objects.get(article=article).pk])):
            cursor.execute("SELECT rowid FROM search_searchentry_fts WHERE search_searchentry_fts MATCH %s", [f'"{word}"'])
            assert [r[0] for r in cursor.fetchall()] == expected


def test_first_save_through_the_signal_costs_one_insert():
    with CaptureQueriesContext(connection) as queries:
        article = make_article("Dân vận khéo")
    assert len([q for q in queries.captured_queries if "search_searchentry" in q["sql"]]) == 1
    assert SearchEntry.objects.get().article == article


def test_deferred_indexing_writes_entries_in_bulk_when_flushed():
    with deferred_indexing() as pending:
        first = make_article("Dân vận khéo")
        second = make_article("Quy chế dân chủ")
        first.title = "Dân vận khéo ở cơ sở"
        first.save()
        assert not SearchEntry.objects.exists()
        with CaptureQueriesContext(connection) as queries:
            pending.flush()
    # Both new: their photos' captions for the batch, one bulk INSERT, no UPDATE, no DELETE.
    assert len(queries) == 2
    assert sorted(SearchEntry.objects.values_list("article_id", "title")) == [
        (first.pk, "Dân vận khéo ở cơ sở"),
        (second.pk, "Quy chế dân chủ"),
    ]


def test_deferred_indexing_replaces_the_entries_of_existing_records():
    article = make_article("Dân vận khéo", body="<p>Cũ</p>")
    with deferred_indexing():
        article.body = "<p>Nội dung mới</p>"
        article.save()
    entry = SearchEntry.objects.get()
    assert (entry.article_id, entry.text) == (article.pk, "Nội dung mới")
    assert found("noi dung moi") == [article]


def test_deferred_indexing_drops_what_a_rolled_back_block_queued():
    with deferred_indexing() as pending:
        kept = make_article("Được giữ")
        with pytest.raises(RuntimeError), pending.atomic():
            make_article("Bị hủy")
            raise RuntimeError("the file failed")
        pending.flush()
    assert list(SearchEntry.objects.values_list("article_id", flat=True)) == [kept.pk]
    assert list(Article.objects.values_list("title", flat=True)) == ["Được giữ"]


def test_fields_offered_ahead_are_used_only_for_the_same_text():
    with deferred_indexing() as pending:
        pending.provide_article_fields("Tiêu đề", "", "<p>Đúng</p>", {**article_text_fields("Tiêu đề", "", "<p>Đúng</p>"), "text": "ahead"})
        pending.provide_article_fields("Khác", "", "<p>Khác</p>", {**article_text_fields("Khác", "", "<p>Khác</p>"), "text": "stale"})
        same = make_article("Tiêu đề", body="<p>Đúng</p>")
        other = make_article("Khác", body="<p>Đã sửa</p>")
    assert SearchEntry.objects.get(article=same).text == "ahead"
    assert SearchEntry.objects.get(article=other).text == "Đã sửa"
