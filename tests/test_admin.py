"""The editors' admin: every page renders, in Vietnamese, with day-first dates and flat query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Photo, Section
from organizations.models import Document, DocumentRelation, Exemplar, Organization
from tests.admin_forms import article_form

pytestmark = pytest.mark.django_db

RELATION_MANAGEMENT = {
    f"{prefix}-{key}": value
    for prefix in ("files", "outgoing_relations", "incoming_relations")
    for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"), ("MAX_NUM_FORMS", "1000"))
}


@pytest.fixture
def editor(admin_client):
    return admin_client


@pytest.fixture
def records(db):
    root = Organization.objects.create(name="Ban Chấp hành Trung ương Đảng", level="central")
    child = Organization.objects.create(name="Bộ Chính trị", parent=root)
    nq = Document.objects.create(kind="nghi_quyet", symbol="25-NQ/TW", issued_on=dt.date(2013, 6, 3), issuer=root)
    kl = Document.objects.create(kind="ket_luan", symbol="43-KL/TW", issued_on=dt.date(2019, 1, 7))
    DocumentRelation.objects.create(source=kl, kind="continues", target=nq)
    exemplar = Exemplar.objects.create(name="Dân vận khéo trong phòng, chống dịch", kind="model", organization=child)
    section = Section.objects.create(name="Dân vận khéo")
    article = Article.objects.create(title="Đảng bộ Khối", section=section, status="published")
    article.documents.add(nq)
    article.organizations.add(child)
    article.exemplars.add(exemplar)
    article.tags.add("dân vận")
    Photo.objects.create(article=article, caption="Quang cảnh buổi làm việc", credit="TTXVN")
    return {"organization": child, "document": nq, "exemplar": exemplar, "section": section, "article": article}


MODELS = {
    "organization": "organizations_organization",
    "document": "organizations_document",
    "exemplar": "organizations_exemplar",
    "section": "articles_section",
    "article": "articles_article",
}


@pytest.mark.parametrize("name", MODELS)
def test_admin_pages_render_for_each_model(editor, records, name):
    base = f"admin:{MODELS[name]}"
    for url in (
        reverse(f"{base}_changelist"),
        reverse(f"{base}_add"),
        reverse(f"{base}_change", args=[records[name].pk]),
        reverse(f"{base}_history", args=[records[name].pk]),
    ):
        response = editor.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == "vi"
    search = editor.get(reverse(f"{base}_changelist"), {"q": "dan"})
    assert search.status_code == 200


def test_admin_speaks_vietnamese(editor):
    response = editor.get(reverse("admin:index"))
    content = response.content.decode()
    assert "Bàn làm việc của tòa soạn" in content
    assert "Tin bài" in content and "Tổ chức, văn bản, mô hình" in content
    assert "Từ khóa" in content and "Taggit" not in content and ">Tags<" not in content
    assert "Đăng xuất" in content and "Xin chào," in content  # the newsroom's words (locale/vi), not "Thoát", "Chào mừng bạn,"


def test_organization_tree_shown_as_path(editor, records):
    content = editor.get(reverse("admin:organizations_organization_changelist")).content.decode()
    assert "└ Bộ Chính trị" in content
    assert 'title="Ban Chấp hành Trung ương Đảng"' in content
    # Tree order: the parent row comes right before its child.
    assert content.index("<strong>Ban Chấp hành Trung ương Đảng</strong>") < content.index("└ Bộ Chính trị")


def test_document_page_edits_relations_both_ways(editor, records):
    content = editor.get(reverse("admin:organizations_document_change", args=[records["document"].pk])).content.decode()
    assert "Văn bản khác nhắc tới văn bản này" in content
    assert "incoming_relations-0-source" in content


@pytest.mark.parametrize("typed", ["06/10/2021", "6/10/2021", "06-10-2021", "6.10.2021"])
def test_day_first_date_through_the_admin_form(editor, admin_user, typed):
    response = editor.post(
        reverse("admin:articles_article_add"),
        article_form(status="published", published_at_0=typed, published_at_1="08:30"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    local = timezone.localtime(article.published_at)
    assert (local.day, local.month, local.year, local.hour, local.minute) == (6, 10, 2021, 8, 30)
    assert str(local.tzinfo) == "Asia/Ho_Chi_Minh"
    assert article.slug == "hoi-nghi-quan-triet-nghi-quyet-25-nq-tw"
    assert article.created_by == admin_user and article.updated_by == admin_user


def test_dates_display_day_first_in_the_admin(editor, records):
    article = records["article"]
    article.published_at = dt.datetime(2021, 10, 6, 1, 30, tzinfo=dt.UTC)  # 08:30 in Hanoi
    article.save()
    change = editor.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'value="06/10/2021"' in change
    listing = editor.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "08:30 06/10/2021" in listing


def test_document_issued_on_typed_day_first(editor):
    data = {
        "kind": "nghi_quyet",
        "symbol": "17 - nq/tu",
        "number": "",
        "slug": "",
        "issuer": "",
        "issued_on": "05/08/2019",
        "issue_year": "",
        "term": "",
        "subject": "về nâng cao chất lượng công tác dân vận",
        "popular_names": "",
        "summary": "",
        **RELATION_MANAGEMENT,
    }
    response = editor.post(reverse("admin:organizations_document_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get()
    assert document.issued_on == dt.date(2019, 8, 5)
    assert (document.symbol, document.issue_year, document.number, document.slug) == ("17-NQ/TU", 2019, "17", "17-nq-tu-2019")


def test_invalid_date_gets_a_clear_message_and_keeps_the_input(editor):
    response = editor.post(reverse("admin:articles_article_add"), article_form(published_at_0="31/02/2021", published_at_1="08:00"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nhập một ngày hợp lệ." in content or "Nhập ngày hợp lệ" in content
    assert 'value="Hội nghị quán triệt Nghị quyết 25-NQ/TW"' in content
    assert not Article.objects.exists()


def test_editing_keeps_creator_and_records_who_changed(editor, admin_user, django_user_model):
    author = django_user_model.objects.create_user("phongvien", password="x")
    article = Article.objects.create(title="Bài của phóng viên", created_by=author)
    response = editor.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_form(title="Bài đã biên tập", slug=article.slug)
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.created_by == author and article.updated_by == admin_user
    assert article.slug == "bai-cua-phong-vien"


def make_articles(n: int, section: Section, document: Document):
    for i in range(n):
        article = Article.objects.create(
            title=f"Bài số {i}", section=section, status="published", published_at=timezone.now() - dt.timedelta(hours=i)
        )
        article.documents.add(document)
        article.tags.add("dân vận", f"thẻ {i}")


def changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    return len(context.captured_queries)


def test_article_changelist_query_count_is_flat(editor, records):
    make_articles(1, records["section"], records["document"])
    one = changelist_queries(editor)
    make_articles(49, records["section"], records["document"])
    assert Article.objects.count() == 51
    fifty = changelist_queries(editor)
    assert one == fifty


def test_document_and_organization_changelists_are_flat(editor, records):
    def count(url):
        with CaptureQueriesContext(connection) as context:
            assert editor.get(url).status_code == 200
        return len(context.captured_queries)

    documents = reverse("admin:organizations_document_changelist")
    organizations = reverse("admin:organizations_organization_changelist")
    before = count(documents), count(organizations)
    parent = records["organization"]
    for i in range(30):
        parent = Organization.objects.create(name=f"Chi bộ {i}", parent=parent if i < 2 else records["organization"])
        Document.objects.create(kind="quyet_dinh", symbol=f"{100 + i}-QĐ/TW", issued_on=dt.date(2020, 1, 1), issuer=parent)
    assert (count(documents), count(organizations)) == before
