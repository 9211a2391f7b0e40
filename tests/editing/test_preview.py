"""Preview of the unsaved form as the public article page: marked, sanitised, never cached."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.admin_forms import article_form, as_user

pytestmark = pytest.mark.django_db


def frame(response) -> str:
    """The public page inside the preview (the iframe's srcdoc, unescaped)."""
    import html

    text = response.content.decode()
    return html.unescape(text.split('srcdoc="', 1)[1].split('"></iframe>', 1)[0])


def test_preview_shows_the_unsaved_form_with_the_real_template(client, reporter, settings):
    settings.PAGE_CACHE_SECONDS = 300
    article = Article.objects.create(title="Tiêu đề đã lưu", body="<p>Cũ</p>", created_by=reporter)
    as_user(client, reporter)
    data = article_form(
        article,
        title="Tiêu đề chưa lưu",
        lead="Sapo mới",
        body='<p onclick="alert(1)">Đoạn mới</p><script>alert(2)</script>',
        tags="Dân vận khéo",
        editing_width="phone",
    )
    response = client.post(reverse("admin:articles_article_preview", args=[article.pk]), data)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    outer = response.content.decode()
    assert "Bản xem trước — chưa xuất bản" in outer
    assert 'data-width="phone"' in outer and 'sandbox="allow-same-origin"' in outer
    assert "<h1" not in outer  # the public page is the frame's document, escaped into srcdoc
    page = frame(response)
    assert '<h1 id="tieu-de" class="article__title">Tiêu đề chưa lưu</h1>' in page
    assert '<p class="article__lead">Sapo mới</p>' in page
    assert "<p>Đoạn mới</p>" in page and "alert" not in page  # sanitised as a save would
    assert "Dân vận khéo" in page
    article.refresh_from_db()
    assert (article.title, article.body, article.tags.count()) == ("Tiêu đề đã lưu", "<p>Cũ</p>", 0)  # nothing saved


def test_preview_of_a_new_article(client, reporter):
    as_user(client, reporter)
    response = client.post(reverse("admin:articles_article_preview_new"), article_form(title="Bài mới tinh", body="<p>Nội dung</p>"))
    assert response.status_code == 200
    assert "Bài mới tinh" in frame(response)
    assert not Article.objects.exists()


def test_preview_only_for_staff_who_may_edit_the_article(client, reporter, editor, django_user_model):
    from newsroom.roles import REPORTER
    from tests.admin_forms import member

    article = Article.objects.create(title="Bài của biên tập", body="<p>Kín</p>", created_by=editor)
    url = reverse("admin:articles_article_preview", args=[article.pk])
    as_user(client, reporter)
    assert client.post(url, article_form(article)).status_code == 403
    other = member(django_user_model, "phongvien2", REPORTER)
    own = Article.objects.create(title="Bài của phóng viên 1", created_by=reporter)
    as_user(client, other)
    assert client.post(reverse("admin:articles_article_preview", args=[own.pk]), article_form(own)).status_code == 403
    client.logout()
    response = client.post(url, article_form(article))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(url).status_code == 302  # the admin's login, not the preview


def test_preview_is_never_stored_by_the_page_cache(client, editor, settings):
    settings.PAGE_CACHE_SECONDS = 300
    article = Article.objects.create(title="Bài nháp", body="<p>Nháp</p>")
    as_user(client, editor)
    client.post(reverse("admin:articles_article_preview", args=[article.pk]), article_form(article, title="Bản xem trước riêng"))
    client.logout()
    public = client.get(article.get_absolute_url())
    assert public.status_code == 404 and "Bản xem trước riêng" not in public.content.decode()
    as_user(client, editor)
    assert client.get(reverse("admin:articles_article_preview", args=[article.pk])).status_code == 405


def test_portal_page_form_is_previewed_autosaved_and_shows_presence(client, editor, django_user_model):
    from editing import presence
    from editing.models import Autosave
    from portal.models import Page

    page = Page.objects.create(title="Giới thiệu", body="<p>Cũ</p>")
    as_user(client, editor)
    data = {
        "title": "Giới thiệu chung",
        "slug": page.slug,
        "body": "<p>Ban Dân vận có chức năng tham mưu.</p><script>x()</script>",
        "status": "draft",
        "placement": page.placement,
        "order": "0",
        "parent": "",
    }
    response = client.post(reverse("admin:portal_page_preview", args=[page.pk]), data)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    inner = frame(response)
    assert '<h1 id="tieu-de" class="article__title">Giới thiệu chung</h1>' in inner
    assert "<p>Ban Dân vận có chức năng tham mưu.</p>" in inner and "x()" not in inner
    client.post(reverse("admin:portal_page_autosave"), {"object": page.pk, "title": "Đang gõ"})
    assert Autosave.objects.get().form == "portal.page"
    minh = django_user_model.objects.create_superuser("minh", "", "x", first_name="Minh", last_name="Lê")
    presence.beat("portal.page", page.pk, minh)
    assert "Lê Minh đang sửa trang này" in client.get(reverse("admin:portal_page_change", args=[page.pk])).content.decode()
    assert "Lê Minh đang sửa trang này" in client.get(reverse("admin:portal_page_changelist")).content.decode()
    page.refresh_from_db()
    assert page.title == "Giới thiệu"
