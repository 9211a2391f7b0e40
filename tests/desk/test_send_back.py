"""An editor sends a submitted article back to its reporter with a note, from the form or the list."""

import pytest
from django.urls import reverse

from articles.models import Article, AuditEvent
from tests.admin_forms import article_form as form
from tests.admin_forms import as_user

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"


@pytest.fixture
def submitted(reporter):
    return Article.objects.create(title="Hội nghị dân vận khéo năm 2026", status="review", created_by=reporter)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_the_editor_sends_back_from_the_form_with_a_note(client, editor, reporter, submitted):
    editor_client = as_user(client, editor)
    page = editor_client.get(change_url(submitted)).content.decode()
    assert 'name="return_note"' in page and "Ghi chú cho phóng viên" in page
    response = editor_client.post(change_url(submitted), form(submitted, status="draft", return_note="Cần dẫn nguồn\r\nsố liệu."))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "draft" and submitted.return_note == "Cần dẫn nguồn\nsố liệu."
    assert submitted.returned_by == editor and submitted.returned_at is not None
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.detail) == ("returned", editor, "Cần dẫn nguồn\nsố liệu.")


def test_sending_back_without_a_note_is_refused_and_nothing_is_saved(client, editor, submitted):
    response = as_user(client, editor).post(change_url(submitted), form(submitted, status="draft", title="Tiêu đề đã sửa", return_note=" "))
    assert response.status_code == 200
    assert "Hãy ghi cho phóng viên biết cần sửa gì trước khi trả bài." in response.content.decode()
    submitted.refresh_from_db()
    assert (submitted.status, submitted.title, submitted.returned_at) == ("review", "Hội nghị dân vận khéo năm 2026", None)
    assert not AuditEvent.objects.exists()


def test_the_reporter_sees_the_note_on_the_form_until_submitting_again(client, editor, reporter, submitted):
    editor.first_name, editor.last_name = "Minh", "Nguyễn Văn"
    editor.save()
    as_user(client, editor).post(change_url(submitted), form(submitted, status="draft", return_note="Thiếu ảnh <b>hội nghị</b>."))
    submitted.refresh_from_db()
    reporter_client = as_user(client, reporter)
    page = reporter_client.get(change_url(submitted)).content.decode()
    assert "Bài bị trả lại" in page and "Ghi chú của biên tập viên" in page
    assert "Nguyễn Văn Minh trả lại lúc" in page
    assert "Thiếu ảnh &lt;b&gt;hội nghị&lt;/b&gt;." in page  # the note is text, never markup
    assert 'name="return_note"' not in page  # a reporter has no note to write
    assert reporter_client.post(change_url(submitted), form(submitted, status="review")).status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.return_note, submitted.returned_at, submitted.returned_by) == ("review", "", None, None)
    assert "Bài bị trả lại" not in reporter_client.get(change_url(submitted)).content.decode()
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == ["returned", "submitted"]


def test_a_reporter_taking_back_their_own_submission_is_not_sent_back(client, reporter, submitted):
    reporter_client = as_user(client, reporter)
    assert 'name="return_note"' not in reporter_client.get(change_url(submitted)).content.decode()
    assert reporter_client.post(change_url(submitted), form(submitted, status="draft")).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "draft" and submitted.returned_at is None
    event = AuditEvent.objects.get()
    assert (event.action, event.detail) == ("returned", "")  # logged as a step back, with no note


def send_back(client, note, *articles):
    data = {"action": "send_back", "_selected_action": [a.pk for a in articles], "send_back_note": "1", "note": note}
    response = client.post(reverse(CHANGELIST), data, follow=True)
    return [str(m) for m in response.context["messages"]]


def test_the_list_action_asks_for_the_note_then_sends_back_each_or_says_why(client, editor, reporter, submitted):
    draft = Article.objects.create(title="Bản nháp chưa gửi", created_by=reporter)
    editor_client = as_user(client, editor)
    asked = editor_client.post(reverse(CHANGELIST), {"action": "send_back", "_selected_action": [submitted.pk, draft.pk]})
    page = asked.content.decode()
    assert asked.status_code == 200 and "Trả lại bài cho phóng viên" in page
    assert "«Hội nghị dân vận khéo năm 2026» — Chờ duyệt" in page and 'name="note"' in page
    blank = editor_client.post(
        reverse(CHANGELIST), {"action": "send_back", "_selected_action": [submitted.pk], "send_back_note": "1", "note": ""}
    )
    assert "Hãy ghi cho phóng viên biết cần sửa gì trước khi trả bài." in blank.content.decode()
    assert not AuditEvent.objects.exists()
    assert send_back(editor_client, "Cần viết lại sapo.", submitted, draft) == [
        "Không trả lại «Bản nháp chưa gửi»: chỉ trả lại được bài đang chờ duyệt.",
        "Đã trả lại 1 bài cho phóng viên.",
    ]
    submitted.refresh_from_db()
    assert (submitted.status, submitted.return_note, submitted.returned_by) == ("draft", "Cần viết lại sapo.", editor)
    assert list(AuditEvent.objects.values_list("action", "article_title", "detail")) == [
        ("returned", "Hội nghị dân vận khéo năm 2026", "Cần viết lại sapo.")
    ]


def test_a_reporter_cannot_send_back(client, reporter, submitted):
    reporter_client = as_user(client, reporter)
    changelist = reporter_client.get(reverse(CHANGELIST)).content.decode()
    assert 'value="send_back"' not in changelist
    send_back(reporter_client, "Tự trả lại", submitted)
    submitted.refresh_from_db()
    assert submitted.status == "review" and submitted.returned_at is None
    assert not AuditEvent.objects.exists()


def test_the_workflow_refuses_a_reporter_and_a_blank_note(reporter, editor, submitted):
    from articles import workflow

    assert workflow.send_back_refusal(submitted, actor=reporter, note="Sửa lại") == "chỉ biên tập viên được trả bài"
    assert workflow.send_back_refusal(submitted, actor=editor, note="  ") == "cần ghi chú cho phóng viên biết phải sửa gì"
    assert workflow.send_back(submitted, actor=reporter, note="Sửa lại") is False
    assert workflow.send_back(submitted, actor=editor, note="Sửa lại") is True
    submitted.refresh_from_db()
    assert submitted.status == "draft" and submitted.return_note == "Sửa lại"
    assert list(AuditEvent.objects.values_list("action", "actor", "detail")) == [("returned", editor.pk, "Sửa lại")]


def test_an_editor_taking_back_their_own_submission_writes_no_note(client, editor):
    own = Article.objects.create(title="Bài biên tập viên tự gửi", status="review", created_by=editor)
    editor_client = as_user(client, editor)
    assert 'name="return_note"' not in editor_client.get(change_url(own)).content.decode()
    assert editor_client.post(change_url(own), form(own, status="draft")).status_code == 302
    own.refresh_from_db()
    assert own.status == "draft" and own.returned_at is None
