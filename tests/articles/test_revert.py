"""Revert and recover bring back an article's content only; its status, dates, authorship
and view count stay as they are now, and each revert is written in "Nhật ký xuất bản"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, AuditEvent
from organizations.models import Document
from tests.admin_forms import article_form as form
from tests.admin_forms import as_user

pytestmark = pytest.mark.django_db


def shown(response, article: Article) -> dict:
    """What the browser posts back from a revert or recover page: the form as displayed."""
    bound = response.context_data["adminform"].form
    when = bound["published_at"].value()
    data = form(
        article,
        title=bound["title"].value(),
        lead=bound["lead"].value(),
        body=bound["body"].value(),
        slug=bound["slug"].value(),
        status=bound["status"].value(),
        loaded_version=bound["loaded_version"].value() or "",
    )
    tags = bound["tags"].value()
    data["tags"] = tags if isinstance(tags, str) else ", ".join(sorted(t.name if hasattr(t, "name") else str(t) for t in tags or []))
    if when:
        when = timezone.localtime(when if isinstance(when, dt.datetime) else dt.datetime.fromisoformat(str(when)))
        data.update(published_at_0=when.strftime("%d/%m/%Y"), published_at_1=when.strftime("%H:%M:%S"))
    data["documents"] = [str(pk) for pk in (bound["documents"].value() or [])]
    return data


@pytest.fixture
def history(client, editor, reporter):
    """A reporter's draft (version 1), rewritten and published by an editor (version 2), then read 42 times."""
    resolution = Document.objects.create(kind="nghi-quyet", number="25", symbol="25-NQ/TW", issue_year=2012, subject="Về công tác dân vận")
    as_user(client, reporter).post(
        reverse("admin:articles_article_add"),
        form(title="Phiên bản một", body="<p>Đoạn đầu</p>", documents=[str(resolution.pk)], tags="dân vận khéo, Đồng Tháp"),
    )
    article = Article.objects.get()
    client = as_user(client, editor)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        form(article, title="Phiên bản hai", body="<p>Đoạn đã sửa</p>", status="published", tags="hội nghị, tổng kết"),
    )
    assert response.status_code == 302
    Article.objects.filter(pk=article.pk).update(view_count=42)
    article.refresh_from_db()
    AuditEvent.objects.all().delete()
    oldest = Version.objects.get_for_object(article).last()
    return client, article, oldest, resolution


def test_revert_restores_content_and_keeps_status_dates_authorship_and_views(history, reporter, editor):
    client, article, oldest, resolution = history
    before = Article.objects.values("status", "published_at", "created_by", "created_at", "slug", "view_count").get(pk=article.pk)
    url = reverse("admin:articles_article_revision", args=[article.pk, oldest.pk])
    page = client.get(url)
    assert page.status_code == 200
    displayed = shown(page, article)
    assert displayed["title"] == "Phiên bản một" and displayed["status"] == "published"
    assert Article.objects.get(pk=article.pk).title == "Phiên bản hai"  # showing the page changes nothing

    assert client.post(url, displayed).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == ("Phiên bản một", "<p>Đoạn đầu</p>")
    assert list(article.documents.all()) == [resolution]
    assert sorted(article.tags.names()) == ["dân vận khéo", "Đồng Tháp"]
    after = Article.objects.values("status", "published_at", "created_by", "created_at", "slug", "view_count").get(pk=article.pk)
    before["published_at"] = before["published_at"].replace(microsecond=0)  # the form posts whole seconds
    assert after == before and after["view_count"] == 42 and after["created_by"] == reporter.pk
    assert article.is_public and article.updated_by == editor
    when = timezone.localtime(oldest.revision.date_created).strftime("%H:%M %d/%m/%Y")
    assert list(AuditEvent.objects.values_list("action", "actor__username", "article_title", "detail")) == [
        ("reverted", "bientap", "Phiên bản một", f"về phiên bản lúc {when}")
    ]


def test_a_status_changed_on_the_revert_page_goes_through_the_workflow_and_is_logged(history):
    client, article, oldest, _resolution = history
    url = reverse("admin:articles_article_revision", args=[article.pk, oldest.pk])
    data = {**shown(client.get(url), article), "status": "draft"}
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.status == "draft" and not article.is_public
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == ["reverted", "unpublished"]


def test_recovering_a_deleted_published_article_is_logged_as_revert_and_publication(history):
    client, article, _oldest, _resolution = history
    changelist = reverse("admin:articles_article_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"})
    assert not Article.objects.exists()
    deleted = Version.objects.get_deleted(Article).get()
    url = reverse("admin:articles_article_recover", args=[deleted.pk])
    page = client.get(url)
    assert client.post(url, shown(page, article)).status_code == 302
    restored = Article.objects.get()
    assert restored.status == "published" and restored.title == "Phiên bản hai"
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "detail"))
    when = timezone.localtime(deleted.revision.date_created).strftime("%H:%M %d/%m/%Y")
    assert events[0][0] == "deleted"
    assert events[1:] == [("reverted", f"khôi phục bài đã xóa, phiên bản lúc {when}"), ("published", "")]
