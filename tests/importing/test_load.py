"""Loading against the database: the seeds, idempotency, updates, atomicity, flat query counts."""

from __future__ import annotations

import datetime as dt
import shutil
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Photo, Section
from danvan.text import slugify_vi
from importing import batches, load, rows
from importing.files import find_files
from importing.load import ImportOptions, import_files
from organizations.models import Document, Organization

from .conftest import SEEDS, article_text

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def run(*paths, **options):
    return import_files(find_files([str(p) for p in paths]).files, options=ImportOptions(**options))


def snapshot() -> dict:
    return {
        "articles": list(Article.objects.order_by("pk").values_list("pk", "title", "updated_at", "import_hash")),
        "photos": list(Photo.objects.order_by("pk").values_list("pk", "caption", "order")),
        "documents": Document.objects.count(),
        "links": [
            (a.pk, sorted(a.documents.values_list("pk", flat=True)), sorted(a.organizations.values_list("pk", flat=True)))
            for a in Article.objects.order_by("pk")
        ],
    }


def test_seeds_import_as_published_articles(reference):
    result = run(SEEDS, section=Section.objects.get(slug="tin-hoat-dong"))
    assert result.counts == {"created": 5, "updated": 0, "unchanged": 0, "failed": 0}
    articles = {a.import_source: a for a in Article.objects.all()}
    assert sorted(articles) == sorted(f"seeds/{p.name}" for p in SEEDS.glob("*.txt"))
    first = articles[next(k for k in articles if k.startswith("seeds/000_"))]
    assert first.published_at == dt.datetime(2016, 9, 28, tzinfo=HCM)
    assert first.view_count == 3592 and first.byline == "Phạm Anh Thiện" and first.status == "published"
    assert first.body.startswith("<p>Ngày 27/9/2016, tại Hà Nội") and first.body.count("<p>") == 9
    assert list(first.photos.values_list("caption", "after_paragraph", "order")) == [
        ("Quang cảnh buổi làm việc", 2, 0),
        ("Đồng chí Trần Hồng Hà, Phó Bí thư Đảng ủy Khối phát biểu kết luận buổi làm việc", 8, 1),
    ]
    assert not any(p.image for p in first.photos.all())
    assert list(first.documents.values_list("symbol", flat=True)) == ["25-NQ/TW"]
    assert first.import_report["linked"]["documents"] == [Document.objects.get(symbol="25-NQ/TW").pk]
    assert first.section.slug == "tin-hoat-dong"
    byline = articles[next(k for k in articles if k.startswith("seeds/002_"))].byline
    assert byline == "Bài và ảnh: Nguyễn Thị Nga (Đảng ủy Khối các CQ và DN tỉnh)"


def test_undated_seed_is_public_and_listed_after_dated_ones(reference):
    run(SEEDS)
    undated = Article.objects.get(import_source__startswith="seeds/004_")
    assert undated.published_at is None
    assert Article.objects.published().count() == 5
    order = list(Article.objects.published().newest_first().values_list("published_at", flat=True))
    assert order[:3] == sorted(order[:3], reverse=True) and order[3:] == [None, None]


def test_same_archive_twice_changes_nothing(reference):
    run(SEEDS)
    before = snapshot()
    again = run(SEEDS)
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 5, "failed": 0}
    assert snapshot() == before


def test_same_files_from_another_checkout_match(reference, tmp_path):
    run(SEEDS)
    copy = tmp_path / "elsewhere" / "seeds"
    shutil.copytree(SEEDS, copy)
    assert run(copy).counts["unchanged"] == 5
    assert Article.objects.count() == 5


def test_changed_file_updates_its_article_without_duplicating_links(reference, archive):
    path = archive / "a.txt"
    path.write_text(article_text(1), encoding="utf-8")
    run(archive)
    article = Article.objects.get()
    by_hand = Organization.objects.get(slug="so-y-te")
    article.organizations.add(by_hand)  # an editor's link, which the importer must keep
    assert set(article.documents.values_list("symbol", flat=True)) == {"290-QĐ/TW"}

    changed = article_text(1).replace("Quyết định số 290-QĐ/TW", "Chỉ thị số 05-CT/TW")
    changed = changed.replace("Quang cảnh hội nghị", "Các đại biểu dự hội nghị")
    path.write_text(changed, encoding="utf-8")
    result = run(archive)
    assert result.counts["updated"] == 1
    article = Article.objects.get()
    assert set(article.documents.values_list("symbol", flat=True)) == {"05-CT/TW"}
    assert by_hand in article.organizations.all()
    assert article.organizations.filter(slug="mat-tran-to-quoc-viet-nam").count() == 1
    assert list(article.photos.values_list("caption", flat=True)) == ["Các đại biểu dự hội nghị"]
    assert run(archive).counts["unchanged"] == 1


def test_unknown_symbol_creates_a_document_flagged_for_review(reference, archive):
    (archive / "a.txt").write_text(article_text(1).replace("290-QĐ/TW", "123-QĐ/TU"), encoding="utf-8")
    result = run(archive)
    assert result.files[0].documents_created == ["123-QĐ/TU"]
    document = Document.objects.get(symbol="123-QĐ/TU")
    assert document.needs_review and document.kind == "quyet_dinh" and document.number == "123"
    assert Article.objects.get().import_report["documents_created"] == ["123-QĐ/TU"]
    (archive / "b.txt").write_text(article_text(2).replace("290-QĐ/TW", "123-QĐ/TU"), encoding="utf-8")
    run(archive)
    assert Document.objects.filter(symbol="123-QĐ/TU").count() == 1


def test_failure_while_writing_leaves_nothing_and_the_run_goes_on(reference, archive, monkeypatch):
    (archive / "a.txt").write_text(article_text(1).replace("290-QĐ/TW", "123-QĐ/TU"), encoding="utf-8")
    (archive / "b.txt").write_text(article_text(2), encoding="utf-8")
    real = rows.sync_photos
    calls = []

    def fail_first(article, parsed, **options):
        calls.append(article.title)
        if len(calls) == 1:
            raise DatabaseError("disk full")
        real(article, parsed, **options)

    monkeypatch.setattr(rows, "sync_photos", fail_first)
    documents = Document.objects.count()
    result = run(archive)
    assert [f.outcome for f in result.files] == ["failed", "created"]
    assert result.files[0].reason == "không lưu được: DatabaseError: disk full"
    assert list(Article.objects.values_list("import_source", flat=True)) == ["archive/b.txt"]
    assert Document.objects.count() == documents  # the new document went with the rolled-back article
    assert Photo.objects.count() == 1


def test_dry_run_writes_nothing(reference):
    before = snapshot()
    result = run(SEEDS, dry_run=True)
    assert result.counts["created"] == 5
    assert snapshot() == before


def test_status_and_section_options(reference, archive):
    (archive / "a.txt").write_text(article_text(1), encoding="utf-8")
    run(archive, status="draft", section=Section.objects.get(slug="dan-van-kheo"))
    article = Article.objects.get()
    assert (article.status, article.section.slug) == ("draft", "dan-van-kheo")
    assert not Article.objects.published().exists()


def test_same_title_gets_a_distinct_slug(reference, archive):
    for n in range(3):
        (archive / f"{n}.txt").write_text(article_text(1) + f"\nBổ sung {n}", encoding="utf-8")
    run(archive)
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "hoi-nghi-giao-ban-cong-tac-dan-van-quy-1-tai-xa-tan-binh",
        "hoi-nghi-giao-ban-cong-tac-dan-van-quy-1-tai-xa-tan-binh-2",
        "hoi-nghi-giao-ban-cong-tac-dan-van-quy-1-tai-xa-tan-binh-3",
    ]


def test_queries_per_file_do_not_grow_with_archive_size(reference, tmp_path, monkeypatch):
    def measure(count: int, folder: str) -> int:
        root = tmp_path / folder
        root.mkdir()
        for n in range(count):
            (root / f"{n:03}.txt").write_text(article_text(n, place=f"{folder} {n}"), encoding="utf-8")
        files = find_files([str(root)]).files
        with CaptureQueriesContext(connection) as queries:
            result = import_files(files)
        assert result.counts["created"] == count
        return len(queries)

    # Each run reads the known names once, each batch the hashes and slugs its files may
    # clash with and inserts their photos and links together; then every file costs the
    # same, however many articles the database already holds.
    monkeypatch.setattr(load.Importer, "BATCH_SIZE", 5)
    one, eleven, twentyone = measure(1, "a"), measure(11, "b"), measure(21, "c")  # 1, 3 and 5 batches
    assert twentyone - eleven == eleven - one
    per_ten_files = eleven - one  # ten files in two full batches
    assert per_ten_files <= 50, per_ten_files


def test_page_url_in_file_is_the_provenance_and_names_the_site(reference, archive):
    url = "https://www.dvquangninh.vn/tin-tuc/hoi-nghi-giao-ban.html"
    (archive / "a.txt").write_text(f"{url}\n\n{article_text(1)}", encoding="utf-8")
    run(archive)
    article = Article.objects.get()
    assert (article.import_source, article.source_url, article.source) == (url, url, "dvquangninh.vn")
    (archive / "copy-elsewhere.txt").write_text(f"{url}\n\n{article_text(1)}\nĐính chính: sửa lỗi.", encoding="utf-8")
    result = run(archive)
    assert result.counts == {"created": 0, "updated": 1, "unchanged": 1, "failed": 0}
    assert result.files[1].warnings[-1] == "archive/a.txt in this run has the same source; the later file wins"
    assert Article.objects.count() == 1


def entries() -> list[tuple[str, str]]:
    from search.models import SearchEntry

    return sorted(SearchEntry.objects.filter(article__isnull=False).values_list("article__import_source", "title"))


def test_worker_process_gives_the_same_result_as_in_process(reference, tmp_path):
    runs = {}
    for workers in (0, 1):
        root = tmp_path / f"run{workers}" / "archive"
        root.mkdir(parents=True)
        for n in range(25):
            (root / f"{n:02}.txt").write_text(article_text(n, place=f"Tân Bình {n}"), encoding="utf-8")
        files = find_files([str(root)]).files
        result = import_files(files, workers=workers)
        articles = Article.objects.filter(import_source__startswith="archive/").order_by("import_source")
        runs[workers] = (
            [(f.key, f.outcome, f.title, f.warnings, f.unresolved, f.documents_created) for f in result.files],
            [(a.import_source, a.title, a.body, a.import_report["linked"], a.photos.count()) for a in articles],
            entries(),
        )
        assert result.counts["created"] == 25 or workers == 1  # the second run finds the first's articles
        if workers == 0:
            Article.objects.all().delete()
    assert runs[0] == runs[1]
    assert len(runs[1][2]) == 25
    assert_entries_match_articles()


def assert_entries_match_articles() -> None:
    """Each article's search entry is what indexing it afresh would write."""
    from search.indexing import article_fields
    from search.models import SearchEntry

    for article in Article.objects.all():
        entry = SearchEntry.objects.get(article=article)
        assert {name: getattr(entry, name) for name in article_fields(article)} == article_fields(article)


def test_document_created_by_one_file_is_known_to_the_next_despite_the_worker(reference, archive):
    for name in ("a", "b"):
        (archive / f"{name}.txt").write_text(article_text(1 if name == "a" else 2).replace("290-QĐ/TW", "123-QĐ/TU"), encoding="utf-8")
    result = import_files(find_files([str(archive)]).files, workers=1)
    assert [f.documents_created for f in result.files] == [["123-QĐ/TU"], []]
    document = Document.objects.get(symbol="123-QĐ/TU")
    assert [a.import_report["linked"]["documents"] for a in Article.objects.order_by("import_source")] == [[document.pk], [document.pk]]


def test_a_failing_file_inside_a_batch_leaves_no_search_entry(reference, archive, monkeypatch):
    for n in range(3):
        (archive / f"{n}.txt").write_text(article_text(n), encoding="utf-8")
    real = rows.sync_links

    def fail_second(article, linked, previous, **options):
        if article.import_source.endswith("1.txt"):
            raise DatabaseError("disk full")
        real(article, linked, previous, **options)

    monkeypatch.setattr(rows, "sync_links", fail_second)
    result = run(archive)
    assert [f.outcome for f in result.files] == ["created", "failed", "created"]
    assert [source for source, _title in entries()] == ["archive/0.txt", "archive/2.txt"]
    # The failed file's photos, made before its links failed, never reach the batch's insert.
    assert Photo.objects.count() == 2
    assert set(Photo.objects.values_list("article__import_source", flat=True)) == {"archive/0.txt", "archive/2.txt"}
    assert Article.objects.get(import_source="archive/2.txt").organizations.exists()


def committed_archive(tmp_path, count: int, edit=lambda n, text: text):
    """Reference data committed (the test runs outside a transaction) and ``count`` files."""
    from io import StringIO

    from django.core.management import call_command

    call_command("load_reference", stdout=StringIO())
    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(count):
        (archive / f"{n}.txt").write_text(edit(n, article_text(n, place=f"Tân Bình {n}")), encoding="utf-8")
    return archive


@pytest.mark.django_db(transaction=True)
def test_a_batch_whose_insert_fails_is_written_again_file_by_file(tmp_path, monkeypatch):
    archive = committed_archive(tmp_path, 4, lambda n, text: text.replace("290-QĐ/TW", "12-KH/TU") if n == 3 else text)
    monkeypatch.setattr(load.Importer, "BATCH_SIZE", 2)
    real, calls = batches.NewRows.insert, []

    def fail_second_batch(self):
        calls.append(1)
        if len(calls) == 2:
            raise DatabaseError("disk I/O error")
        real(self)

    monkeypatch.setattr(batches.NewRows, "insert", fail_second_batch)
    result = run(archive)
    assert [f.outcome for f in result.files] == ["created"] * 4
    assert [f.warnings for f in result.files] == [[]] * 4  # the second attempt starts afresh
    assert result.files[3].documents_created == ["12-KH/TU"]
    assert Document.objects.filter(symbol="12-KH/TU").count() == 1
    assert [f.article_id for f in result.files] == list(Article.objects.order_by("import_source").values_list("pk", flat=True))
    assert sorted(Photo.objects.values_list("article__import_source", flat=True)) == [f"archive/{n}.txt" for n in range(4)]
    assert [source for source, _title in entries()] == [f"archive/{n}.txt" for n in range(4)]
    assert_entries_match_articles()


def test_a_slug_taken_by_another_writer_during_the_batch_costs_no_file(reference, archive, monkeypatch):
    (archive / "a.txt").write_text(article_text(1), encoding="utf-8")
    real = load.Importer._prefetch

    def prefetch_then_an_editor_saves(self, batch):
        real(self, batch)
        if not Article.objects.exists():
            Article.objects.create(title="Bài của biên tập viên", slug=slugify_vi(batch[0].parsed.title))

    monkeypatch.setattr(load.Importer, "_prefetch", prefetch_then_an_editor_saves)
    result = run(archive)
    assert result.counts["created"] == 1
    assert Article.objects.get(import_source="archive/a.txt").slug.endswith("-2")


def test_every_imported_article_has_its_search_entry(reference):
    run(SEEDS)
    assert [source for source, _title in entries()] == sorted(Article.objects.values_list("import_source", flat=True))
    assert entries() == sorted(Article.objects.values_list("import_source", "title"))
    assert_entries_match_articles()


@pytest.mark.django_db(transaction=True)
def test_a_batch_whose_transaction_fails_reports_its_files_and_the_run_goes_on(tmp_path, monkeypatch):
    from search.indexing import DeferredIndex

    archive = committed_archive(tmp_path, 5)
    monkeypatch.setattr(load.Importer, "BATCH_SIZE", 2)
    real, calls = DeferredIndex.flush, []

    def fail_second_batch(self):
        if not len(self):
            return
        calls.append(1)
        if len(calls) == 2:
            raise DatabaseError("database is locked")
        real(self)

    monkeypatch.setattr(DeferredIndex, "flush", fail_second_batch)
    result = run(archive)
    assert [f.outcome for f in result.files] == ["created", "created", "failed", "failed", "created"]
    assert result.files[2].reason == "không lưu được: DatabaseError: database is locked"
    assert sorted(Article.objects.values_list("import_source", flat=True)) == ["archive/0.txt", "archive/1.txt", "archive/4.txt"]
    assert [source for source, _title in entries()] == ["archive/0.txt", "archive/1.txt", "archive/4.txt"]
    monkeypatch.setattr(DeferredIndex, "flush", real)
    assert run(archive).counts == {"created": 2, "updated": 0, "unchanged": 3, "failed": 0}


def test_updated_article_gets_its_search_entry_replaced(reference, archive):
    path = archive / "a.txt"
    path.write_text(article_text(1), encoding="utf-8")
    run(archive)
    changed = article_text(1).replace("Quang cảnh hội nghị", "Các đại biểu dự hội nghị").replace("nơi gần dân nhất", "nơi gần dân")
    path.write_text(changed, encoding="utf-8")
    assert run(archive).counts["updated"] == 1
    assert len(entries()) == 1
    assert_entries_match_articles()


def test_kept_article_counts_follow_imports_and_updates(reference, archive):
    """Links are inserted in bulk, without signals: the batch recounts before it commits."""
    from articles.counts import stale_counts

    path = archive / "a.txt"
    path.write_text(article_text(1), encoding="utf-8")
    run(SEEDS)
    run(archive)
    assert stale_counts() == {"documents": 0, "organizations": 0, "exemplars": 0}
    assert Document.objects.get(symbol="290-QĐ/TW").published_article_count >= 1
    before = Document.objects.get(symbol="290-QĐ/TW").published_article_count
    path.write_text(article_text(1).replace("Quyết định số 290-QĐ/TW", "Chỉ thị số 05-CT/TW"), encoding="utf-8")
    run(archive)
    assert Document.objects.get(symbol="290-QĐ/TW").published_article_count == before - 1
    assert Document.objects.get(symbol="05-CT/TW").published_article_count >= 1
    assert stale_counts() == {"documents": 0, "organizations": 0, "exemplars": 0}
