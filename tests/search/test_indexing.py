"""Keeping the index in step: per-save cost, body text, bulk rebuild."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from search.indexing import html_to_text, index_instance
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
    assert body.search_entry.text == "BDVTW Ban Dân vận"
    assert exemplar.search_entry.text == "Dân vận khéo Mô tả."


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
    assert len(queries) == 1
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
    assert len(queries) == 2
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
    assert SearchEntry.objects.count() == 2
    assert SearchEntry.objects.get(kind="article").title == "Dân vận khéo"

    assert found("dan van kheo") == [article]


def test_rebuild_indexes_unpublished_articles_too():
    make_article("Nháp", status=Article.Status.DRAFT)
    call_command("rebuild_search_index", verbosity=0)
    assert SearchEntry.objects.filter(kind="article").count() == 1


def test_rebuild_dry_run_changes_nothing(capsys):
    make_article("Bài")
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index", "--dry-run")
    assert "Would index 1 records." in capsys.readouterr().out
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
