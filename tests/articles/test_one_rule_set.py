"""One rule set for every path that changes an article's status: the list actions refuse
what the form refuses and say why, per article; every status change is logged."""

import datetime as dt

import pytest
from django.db.models.signals import post_save, pre_save
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, AuditEvent, Photo
from tests.admin_forms import article_form as form
from tests.admin_forms import as_user
from tests.articles.test_photos import png, upload
from tests.articles.test_revert import shown

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"


def act(client, action: str, *articles) -> list[str]:
    response = client.post(reverse(CHANGELIST), {"action": action, "_selected_action": [a.pk for a in articles]}, follow=True)
    return [str(m) for m in response.context["messages"]]


def with_photos(title: str, *alt_texts: str, **fields) -> Article:
    article = Article.objects.create(title=title, **fields)
    for order, alt in enumerate(alt_texts):
        Photo.objects.create(article=article, image=upload(png(), f"anh-{order}.png"), order=order, alt_text=alt)
    return article


def test_publish_now_refuses_a_photo_without_alt_text_and_says_why(client, editor):
    blind = with_photos("Hội nghị tổng kết", "Quang cảnh hội nghị", "", status="review")
    ready = with_photos("Tọa đàm dân vận khéo", "Đại biểu phát biểu", status="review")
    messages = act(as_user(client, editor), "publish_now", blind, ready)
    assert messages == ["Không xuất bản «Hội nghị tổng kết»: ảnh số 2 chưa có mô tả thay thế.", "Đã xuất bản 1 bài."]
    blind.refresh_from_db()
    ready.refresh_from_db()
    assert blind.status == "review" and not blind.is_public
    assert ready.is_public
    assert list(AuditEvent.objects.values_list("action", "article_title")) == [("published", "Tọa đàm dân vận khéo")]


def test_every_action_says_per_article_why_it_skipped_one(client, editor, reporter):
    published = Article.objects.create(title="Bài đã đăng", status="published", published_at=timezone.now())
    draft = Article.objects.create(title="Bản nháp", created_by=reporter)
    editor_client = as_user(client, editor)
    assert act(editor_client, "publish_now", published) == ["Không xuất bản «Bài đã đăng»: bài đã ở trạng thái «Đã xuất bản»."]
    assert act(editor_client, "unpublish", draft) == ["Không gỡ «Bản nháp»: bài chưa xuất bản."]
    assert act(editor_client, "submit_for_review", published) == ["Không gửi duyệt «Bài đã đăng»: chỉ gửi duyệt được bản nháp."]
    archived = Article.objects.create(title="Bài cũ", status="archived")
    assert act(editor_client, "archive", archived) == ["Không lưu trữ «Bài cũ»: bài đã ở trạng thái «Lưu trữ»."]
    theirs = Article.objects.create(title="Bài của người khác", created_by=editor)
    reporter_client = as_user(client, reporter)
    assert act(reporter_client, "submit_for_review", theirs, draft) == [
        "Không gửi duyệt «Bài của người khác»: bạn không được sửa bài này.",
        "Đã gửi duyệt 1 bài.",
    ]
    assert not AuditEvent.objects.exclude(action="submitted").exists()


def test_a_scheduled_article_published_now_is_counted_and_logged(client, editor):
    scheduled = Article.objects.create(title="Bài hẹn giờ", status="published", published_at=timezone.now() + dt.timedelta(days=1))
    assert act(as_user(client, editor), "publish_now", scheduled) == ["Đã xuất bản 1 bài."]
    scheduled.refresh_from_db()
    assert scheduled.is_public


@pytest.fixture
def status_changes():
    """Every change of an article's status (or of its being scheduled) as the database sees it."""
    seen, before, recovered = [], {}, set()

    def remember(sender, instance, raw=False, **kwargs):
        if raw:  # django-reversion writing a stored version back, before the revert puts today's status on it
            if not Article.objects.filter(pk=instance.pk).exists():
                recovered.add(instance.pk)  # a deleted article: it comes back with whatever the form saves
            return
        old = Article.objects.filter(pk=instance.pk).values_list("status", "published_at").first() if instance.pk else None
        if instance.pk in recovered:
            recovered.discard(instance.pk)
            old = None
        before[id(instance)] = old

    def compare(sender, instance, raw=False, **kwargs):
        if raw:
            return
        old = before.pop(id(instance), None)
        old_status = old[0] if old else None
        was_scheduled = bool(old and old[0] == "published" and old[1] and old[1] > timezone.now())
        if old_status != instance.status or (instance.status == "published" and was_scheduled != instance.is_scheduled):
            if old_status is not None or instance.status != "draft":  # a new draft is no change
                seen.append((instance.title, old_status, "scheduled" if instance.is_scheduled else str(instance.status)))

    pre_save.connect(remember, sender=Article, dispatch_uid="test-status-before")
    post_save.connect(compare, sender=Article, dispatch_uid="test-status-after")
    yield seen
    pre_save.disconnect(dispatch_uid="test-status-before", sender=Article)
    post_save.disconnect(dispatch_uid="test-status-after", sender=Article)


def test_every_status_change_on_every_path_is_logged(client, editor, reporter, status_changes):
    reporter_client = as_user(client, reporter)
    add = reverse("admin:articles_article_add")
    # The change form: a reporter submits; an editor publishes, schedules, archives, returns.
    reporter_client.post(add, form(title="Bài qua biểu mẫu", status="review"))
    article = Article.objects.get(title="Bài qua biểu mẫu")
    editor_client = as_user(client, editor)
    change = reverse("admin:articles_article_change", args=[article.pk])
    future = timezone.localtime(timezone.now() + dt.timedelta(days=2))
    steps = [
        {"status": "published"},
        {"status": "published", "published_at_0": future.strftime("%d/%m/%Y"), "published_at_1": future.strftime("%H:%M")},
        {"status": "archived"},
        {"status": "draft"},
        {"status": "review"},
        {"status": "draft", "return_note": "Cần dẫn nguồn số liệu."},  # an editor sends it back (articles/desk_admin.py)
    ]
    for step in steps:
        article.refresh_from_db()
        data = form(article, **step)
        if article.published_at and "published_at_0" not in step:
            when = timezone.localtime(article.published_at)
            data.update(published_at_0=when.strftime("%d/%m/%Y"), published_at_1=when.strftime("%H:%M:%S"))
        assert editor_client.post(change, data).status_code == 302, step
    # The list actions.
    listed = Article.objects.create(title="Bài qua thao tác danh sách", created_by=reporter)
    act(reporter_client, "submit_for_review", listed)
    for action in ("publish_now", "unpublish", "archive"):
        act(editor_client, action, listed)
    # Sending back from the list, with its note.
    returned = Article.objects.create(title="Bài trả lại từ danh sách", created_by=reporter)
    act(reporter_client, "submit_for_review", returned)
    send_back = {"action": "send_back", "_selected_action": [returned.pk], "send_back_note": "1", "note": "Thiếu ảnh."}
    assert editor_client.post(reverse(CHANGELIST), send_back).status_code == 302
    # Revert to the first version, changing the status on the revert page; then delete and recover.
    first = Version.objects.get_for_object(article).last()
    revert = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    assert editor_client.post(revert, {**shown(editor_client.get(revert), article), "status": "published"}).status_code == 302
    editor_client.post(reverse(CHANGELIST), {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"})
    deleted = Version.objects.get_deleted(Article).get()
    recover = reverse("admin:articles_article_recover", args=[deleted.pk])
    assert editor_client.post(recover, shown(editor_client.get(recover), article)).status_code == 302

    logged = list(AuditEvent.objects.exclude(action__in=["reverted", "deleted"]).order_by("pk").values_list("article_title", "action"))
    expected = {
        ("review", "published"): "published",
        ("published", "scheduled"): "scheduled",
        ("published", "archived"): "archived",
        ("archived", "draft"): "returned",
        ("draft", "review"): "submitted",
        ("review", "draft"): "returned",
        ("published", "draft"): "unpublished",
        ("draft", "archived"): "archived",
        (None, "review"): "submitted",
        ("draft", "scheduled"): "scheduled",  # the revert page kept the date set when it was scheduled
        (None, "scheduled"): "scheduled",
    }
    assert len(status_changes) == 15
    assert logged == [(title, expected[(old, new)]) for title, old, new in status_changes]
    assert AuditEvent.objects.filter(action="reverted").count() == 2
    notes = AuditEvent.objects.filter(action="returned", detail__gt="").order_by("pk").values_list("article_title", "detail")
    assert list(notes) == [("Bài qua biểu mẫu", "Cần dẫn nguồn số liệu."), ("Bài trả lại từ danh sách", "Thiếu ảnh.")]
