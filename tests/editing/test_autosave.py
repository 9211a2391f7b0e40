"""Autosave: a private draft per person and form, offered back after a closed tab."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editing.admin import saved_label
from editing.models import Autosave
from tests.admin_forms import article_form, as_user

pytestmark = pytest.mark.django_db
URL = reverse("admin:articles_article_autosave")


def own_article(user, **fields) -> Article:
    return Article.objects.create(title="Bài của phóng viên", body="<p>Đoạn một</p>", created_by=user, **fields)


def test_autosave_keeps_the_text_fields_of_the_open_form(client, reporter):
    article = own_article(reporter)
    as_user(client, reporter)
    answer = client.post(
        URL,
        {
            "object": article.pk,
            "title": "Tiêu đề đang gõ",
            "body": "<p>Đoạn mới</p>",
            "photos-0-caption": "Chú thích",
            "status": "published",
        },
    )
    assert answer.status_code == 200
    saved = Autosave.objects.get()
    assert (saved.user, saved.form, saved.object_id) == (reporter, "articles.article", str(article.pk))
    # Only the autosaved fields: the status is the form's business, never a draft's.
    assert saved.data == {"title": "Tiêu đề đang gõ", "body": "<p>Đoạn mới</p>", "photos-0-caption": "Chú thích"}
    assert answer.json()["message"] == f"Đã lưu tự động lúc {timezone.localtime(saved.saved_at):%H:%M}"
    article.refresh_from_db()
    assert article.title == "Bài của phóng viên" and article.body == "<p>Đoạn một</p>"  # nothing published or saved
    client.post(URL, {"object": article.pk, "title": "Lần hai"})
    assert Autosave.objects.get().data == {"title": "Lần hai"}  # one draft per person and form


def test_new_article_form_is_autosaved_too(client, reporter):
    as_user(client, reporter)
    client.post(URL, {"object": "", "title": "Bài mới chưa lưu"})
    assert Autosave.objects.get(object_id="").data == {"title": "Bài mới chưa lưu"}


def test_another_reporter_cannot_autosave_or_read_someones_article(client, reporter, django_user_model):
    from newsroom.roles import REPORTER
    from tests.admin_forms import member

    article = own_article(reporter)
    Autosave.objects.create(user=reporter, form="articles.article", object_id=str(article.pk), data={"title": "Bí mật"})
    other = member(django_user_model, "phongvien2", REPORTER)
    as_user(client, other)
    assert client.post(URL, {"object": article.pk, "title": "Chen vào"}).status_code == 403
    assert client.post(URL, {"object": article.pk, "discard": "1"}).status_code == 403
    assert Autosave.objects.get().data == {"title": "Bí mật"}
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "Bí mật" not in page.content.decode()


def test_offer_after_a_closed_tab_and_only_to_its_author(client, reporter, editor):
    article = own_article(reporter)
    saved = Autosave.objects.create(user=reporter, form="articles.article", object_id=str(article.pk), data={"title": "Tiêu đề chưa lưu"})
    as_user(client, reporter)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    offer = page.context_data["editing"]["offer"]
    assert offer["question"] == f"Khôi phục bản lưu tự động lúc {timezone.localtime(saved.saved_at):%H:%M}?"
    assert json.loads(page.content.decode().split('id="editing-offer" type="application/json">')[1].split("</script>")[0]) == {
        "title": "Tiêu đề chưa lưu"
    }
    as_user(client, editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert page.context_data["editing"]["offer"] is None
    assert "Tiêu đề chưa lưu" not in page.content.decode()


def test_an_autosave_the_form_already_shows_is_not_offered_and_goes(client, reporter):
    article = own_article(reporter)
    Autosave.objects.create(
        user=reporter, form="articles.article", object_id=str(article.pk), data={"title": article.title, "body": "<p>Đoạn một</p>"}
    )
    as_user(client, reporter)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert page.context_data["editing"]["offer"] is None
    assert not Autosave.objects.exists()


def test_discard_and_save_remove_the_draft(client, reporter):
    article = own_article(reporter)
    as_user(client, reporter)
    client.post(URL, {"object": article.pk, "title": "Nháp"})
    assert client.post(URL, {"object": article.pk, "discard": "1"}).json() == {"discarded": True}
    assert not Autosave.objects.exists()
    client.post(URL, {"object": article.pk, "title": "Nháp"})
    client.post(URL, {"object": "", "title": "Bài mới"})
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), article_form(article, title="Đã lưu"))
    assert response.status_code == 302
    assert list(Autosave.objects.values_list("object_id", flat=True)) == [""]  # the new-article draft is another form's
    client.post(reverse("admin:articles_article_add"), article_form(title="Bài mới"))
    assert not Autosave.objects.exists()


def test_autosave_answers_only_post(client, reporter):
    as_user(client, reporter)
    assert client.get(URL).status_code == 405


def test_saved_label_day_first_when_not_today(settings):
    now = timezone.now()
    assert saved_label(now) == timezone.localtime(now).strftime("%H:%M")
    earlier = timezone.make_aware(dt.datetime(2026, 3, 4, 10, 42))
    assert saved_label(earlier) == "10:42 ngày 04/03/2026"


def test_deleting_an_article_takes_its_drafts_along(client, editor, reporter):
    article = own_article(reporter)
    kept = own_article(reporter, slug="bai-khac")
    for user in (reporter, editor):
        Autosave.objects.create(user=user, form="articles.article", object_id=str(article.pk), data={"title": "Nháp"})
    Autosave.objects.create(user=reporter, form="articles.article", object_id=str(kept.pk), data={"title": "Nháp khác"})
    as_user(client, editor)
    response = client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert list(Autosave.objects.values_list("object_id", flat=True)) == [str(kept.pk)]


def test_a_refused_form_is_marked_unsaved_for_the_browser(client, reporter):
    article = own_article(reporter)
    as_user(client, reporter)
    page = client.post(reverse("admin:articles_article_change", args=[article.pk]), article_form(article, title=""))
    assert page.status_code == 200 and page.context_data["editing"]["unsaved"] is True
    assert " data-unsaved" in page.content.decode()  # editing.js warns before leaving it and autosaves it
    fresh = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert fresh.context_data["editing"]["unsaved"] is False and " data-unsaved" not in fresh.content.decode()


def test_an_autosave_never_reaches_the_public_page(client, editor):
    article = Article.objects.create(title="Bài đã xuất bản", body="<p>Bản đã duyệt</p>", status="published", published_at=timezone.now())
    as_user(client, editor)
    client.post(URL, {"object": article.pk, "title": "Tiêu đề chưa duyệt", "body": "<p>Bản chưa duyệt</p>"})
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Bản đã duyệt" in page and "chưa duyệt" not in page
    from reversion.models import Version

    assert not Version.objects.get_for_object(article).exists()  # not a revision either
