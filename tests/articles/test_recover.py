"""Deleted articles, through django-reversion's recover pages: editors see and restore every
one; a reporter sees only the deleted articles they wrote, read-only; others are a 404."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from newsroom.roles import REPORTER
from tests.admin_forms import article_form as form
from tests.admin_forms import as_user, member

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"


@pytest.fixture
def deleted(client, django_user_model, reporter, editor):
    """Two articles written in the admin (so they have versions), then deleted by an editor:
    the reporter's own draft and another writer's draft."""
    other = member(django_user_model, "phongvienkhac", REPORTER)
    as_user(client, reporter).post(reverse("admin:articles_article_add"), form(title="Bài của tôi", body="<p>Nội dung của tôi</p>"))
    as_user(client, other).post(reverse("admin:articles_article_add"), form(title="Bài người khác", body="<p>Nội dung mật</p>"))
    mine, theirs = Article.objects.get(title="Bài của tôi"), Article.objects.get(title="Bài người khác")
    delete = {"action": "delete_selected", "_selected_action": [mine.pk, theirs.pk], "post": "yes"}
    as_user(client, editor).post(reverse(CHANGELIST), delete)
    assert not Article.objects.exists()
    client.logout()
    versions = {v.object_repr: v for v in Version.objects.get_deleted(Article)}
    return {"mine": (mine.pk, versions["Bài của tôi"]), "theirs": (theirs.pk, versions["Bài người khác"])}


def recover_url(version) -> str:
    return reverse("admin:articles_article_recover", args=[version.pk])


def test_reporter_sees_only_their_own_deleted_articles(client, reporter, deleted):
    client = as_user(client, reporter)
    listing = client.get(reverse("admin:articles_article_recoverlist"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Bài của tôi" in html and "Bài người khác" not in html
    assert "Bạn chỉ xem được" in html and "<title>Bài viết đã xóa |" in html
    theirs_pk, theirs = deleted["theirs"]
    for url in (recover_url(theirs), reverse("admin:articles_article_revision", args=[theirs_pk, theirs.pk])):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Nội dung mật" not in response.content.decode()
    assert client.post(recover_url(theirs), form(title="Bài người khác")).status_code == 404
    history = client.get(reverse("admin:articles_article_history", args=[theirs_pk]), follow=True)
    assert "Nội dung mật" not in history.content.decode() and "Bài người khác" not in history.content.decode()
    assert not Article.objects.exists()


def test_reporter_reads_their_own_deleted_article_but_cannot_restore_it(client, reporter, deleted):
    client = as_user(client, reporter)
    _pk, mine = deleted["mine"]
    page = client.get(recover_url(mine))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nội dung của tôi" in html and 'name="title"' not in html  # read-only
    assert "Bài viết đã xóa: Bài của tôi" in html
    assert client.post(recover_url(mine), form(title="Bài của tôi")).status_code == 403
    assert not Article.objects.exists()


def test_editor_sees_and_restores_every_deleted_article(client, editor, deleted):
    client = as_user(client, editor)
    html = client.get(reverse("admin:articles_article_recoverlist")).content.decode()
    assert "Bài của tôi" in html and "Bài người khác" in html
    assert "Bài viết đã xóa" in client.get(reverse(CHANGELIST)).content.decode()
    theirs_pk, theirs = deleted["theirs"]
    page = client.get(recover_url(theirs)).content.decode()
    assert "Nội dung mật" in page and 'name="title"' in page
    response = client.post(recover_url(theirs), form(title="Bài người khác", body="<p>Nội dung mật</p>"))
    assert response.status_code == 302
    restored = Article.objects.get()
    assert (restored.pk, restored.title, restored.status) == (theirs_pk, "Bài người khác", "draft")
