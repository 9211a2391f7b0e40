"""Roles and the editorial workflow, enforced on the server for each role."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, AuditEvent, SlugRedirect
from newsroom.roles import EDITOR
from organizations.models import Organization
from tests.admin_forms import article_form as form
from tests.admin_forms import as_user, member

pytestmark = pytest.mark.django_db


def test_roles_exist_with_their_permissions(reporter, editor, keeper):
    assert reporter.has_perm("articles.add_article") and not reporter.has_perm("articles.publish_article")
    assert not reporter.has_perm("articles.delete_article")
    assert editor.has_perm("articles.publish_article") and editor.has_perm("articles.change_section")
    assert editor.has_perm("taggit.change_tag") and not editor.has_perm("organizations.change_document")
    assert keeper.has_perm("organizations.change_document") and not keeper.has_perm("articles.change_article")


def test_reporter_writes_a_draft_but_cannot_publish(client, reporter):
    client = as_user(client, reporter)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'value="published"' not in page and 'value="review"' in page
    refused = client.post(reverse("admin:articles_article_add"), form(status="published"))
    assert refused.status_code == 200 and not Article.objects.exists()
    saved = client.post(reverse("admin:articles_article_add"), form(status="review"))
    assert saved.status_code == 302
    article = Article.objects.get()
    assert article.status == "review" and article.created_by == reporter
    assert AuditEvent.objects.get().action == AuditEvent.Action.SUBMITTED


def test_reporter_cannot_edit_others_or_own_published(client, reporter, editor):
    theirs = Article.objects.create(title="Bài của biên tập viên", created_by=editor)
    mine_published = Article.objects.create(title="Bài của tôi đã đăng", created_by=reporter, status="published")
    client = as_user(client, reporter)
    for article in (theirs, mine_published):
        url = reverse("admin:articles_article_change", args=[article.pk])
        page = client.get(url)
        assert page.status_code == 200 and 'name="title"' not in page.content.decode()  # read-only view
        response = client.post(url, form(article, title="Sửa trộm"))
        assert response.status_code == 403
        article.refresh_from_db()
        assert article.title != "Sửa trộm"


def test_reporter_cannot_run_publish_action(client, reporter):
    draft = Article.objects.create(title="Bản nháp", created_by=reporter)
    client = as_user(client, reporter)
    client.post(reverse("admin:articles_article_changelist"), {"action": "publish_now", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "draft"
    client.post(reverse("admin:articles_article_changelist"), {"action": "submit_for_review", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "review"


def test_editor_publishes_schedules_unpublishes_and_deletes_with_audit(client, editor, reporter):
    article = Article.objects.create(title="Chờ duyệt", created_by=reporter, status="review")
    client = as_user(client, editor)
    changelist = reverse("admin:articles_article_changelist")
    client.post(changelist, {"action": "publish_now", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == "published" and article.is_public

    future = timezone.localtime(timezone.now() + dt.timedelta(days=2))
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        form(article, status="draft"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        form(article, status="published", published_at_0=future.strftime("%d/%m/%Y"), published_at_1=future.strftime("%H:%M")),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled and not article.is_public
    assert "Hẹn giờ" in client.get(changelist).content.decode()

    client.post(changelist, {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"})
    assert not Article.objects.exists()
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "actor__username", "article_title"))
    assert actions == [
        ("published", "bientap", "Chờ duyệt"),
        ("unpublished", "bientap", "Chờ duyệt"),
        ("scheduled", "bientap", "Chờ duyệt"),
        ("deleted", "bientap", "Chờ duyệt"),
    ]
    assert client.get(reverse("admin:articles_auditevent_changelist")).status_code == 200


def test_publish_now_publishes_now_whatever_date_the_reporter_typed(client, editor, reporter):
    """A reporter's future date on an article in review does not turn "Xuất bản ngay" into a schedule."""
    now = timezone.now().replace(microsecond=0)
    future = timezone.localtime(now + dt.timedelta(days=3))
    client = as_user(client, reporter)
    typed = form(status="review", published_at_0=future.strftime("%d/%m/%Y"), published_at_1=future.strftime("%H:%M"))
    assert client.post(reverse("admin:articles_article_add"), typed).status_code == 302
    in_review = Article.objects.get()
    assert in_review.status == "review" and in_review.published_at > now
    scheduled = Article.objects.create(title="Bài đã hẹn giờ", status="published", published_at=now + dt.timedelta(days=1))
    client = as_user(client, editor)
    with time_machine.travel(now, tick=False):
        response = client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish_now", "_selected_action": [in_review.pk, scheduled.pk]},
            follow=True,
        )
    assert [str(m) for m in response.context["messages"]][-1] == "Đã xuất bản 2 bài."
    for article in (in_review, scheduled):
        article.refresh_from_db()
        assert article.status == "published" and article.published_at == now and article.is_public
    events = AuditEvent.objects.filter(actor=editor).order_by("pk").values_list("action", "article_title", "detail")
    assert list(events) == [("published", in_review.title, ""), ("published", "Bài đã hẹn giờ", "")]


def test_bringing_a_schedule_forward_in_the_form_is_recorded_as_publishing(client, editor):
    scheduled = Article.objects.create(title="Bài hẹn giờ", status="published", published_at=timezone.now() + dt.timedelta(days=1))
    past = timezone.localtime(timezone.now() - dt.timedelta(minutes=5))
    client = as_user(client, editor)
    response = client.post(
        reverse("admin:articles_article_change", args=[scheduled.pk]),
        form(scheduled, status="published", published_at_0=past.strftime("%d/%m/%Y"), published_at_1=past.strftime("%H:%M")),
    )
    assert response.status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.is_public
    assert list(AuditEvent.objects.values_list("action", "actor__username")) == [("published", "bientap")]


def test_data_keeper_keeps_reference_data_only(client, keeper):
    body = Organization.objects.create(name="Ban Dân vận Tỉnh ủy")
    article = Article.objects.create(title="Bài")
    client = as_user(client, keeper)
    assert client.get(reverse("admin:organizations_organization_change", args=[body.pk])).status_code == 200
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), form(article, title="Sửa"))
    assert response.status_code == 403


def test_second_editor_is_told_the_article_changed(client, editor, django_user_model):
    other = member(django_user_model, "bientap2", EDITOR)
    article = Article.objects.create(title="Bài gốc", body="<p>Bản đầu</p>", created_by=editor)
    opened = form(article)  # both open the same version
    first = as_user(client, other).post(
        reverse("admin:articles_article_change", args=[article.pk]), {**opened, "title": "Bản của người thứ nhất"}
    )
    assert first.status_code == 302
    second = as_user(client, editor).post(
        reverse("admin:articles_article_change", args=[article.pk]), {**opened, "title": "Bản của người thứ hai"}
    )
    assert second.status_code == 200
    page = second.content.decode()
    assert "đã được bientap2 sửa lúc" in page
    assert 'value="Bản của người thứ hai"' in page  # nothing the second editor typed is lost
    article.refresh_from_db()
    assert article.title == "Bản của người thứ nhất"


def test_changing_a_published_slug_keeps_the_old_one(editor):
    article = Article.objects.create(title="Tiêu đề cũ", status="published")
    draft = Article.objects.create(title="Bản nháp cũ")
    article.slug = "tieu-de-moi"
    article.save()
    draft.slug = "ban-nhap-moi"
    draft.save()
    assert list(SlugRedirect.objects.values_list("old_slug", "article__slug")) == [("tieu-de-cu", "tieu-de-moi")]
    # The old slug stays reserved for the redirect.
    assert Article.objects.create(title="Tiêu đề cũ").slug == "tieu-de-cu-2"
    article.slug = "tieu-de-cu"  # moving back removes the now pointless redirect
    article.save()
    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["tieu-de-moi"]


def test_history_diff_and_revert(client, editor):
    client = as_user(client, editor)
    client.post(reverse("admin:articles_article_add"), form(title="Phiên bản một", body="<p>Đoạn một</p><p>Đoạn hai</p>"))
    article = Article.objects.get()
    client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        form(article, title="Phiên bản hai", body="<p>Đoạn một</p><p>Đoạn hai đã sửa</p>"),
    )
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    page = client.get(reverse("admin:articles_article_compare", args=[article.pk])).content.decode()
    assert "-Phiên bản một" in page and "+Phiên bản hai" in page
    assert "-Đoạn hai" in page and "+Đoạn hai đã sửa" in page
    assert "Khôi phục phiên bản lúc" in page
    oldest = versions.last()
    article.refresh_from_db()
    revert = client.post(
        reverse("admin:articles_article_revision", args=[article.pk, oldest.pk]),
        form(article, title="Phiên bản một", body="<p>Đoạn một</p><p>Đoạn hai</p>", loaded_version=""),
    )
    assert revert.status_code == 302
    article.refresh_from_db()
    assert article.title == "Phiên bản một" and article.body == "<p>Đoạn một</p><p>Đoạn hai</p>"
