"""Every admin page the newsroom uses speaks Vietnamese, to an editor and to a superuser."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article, AuditEvent, Photo, Section
from newsroom.roles import EDITOR, REPORTER
from organizations.models import Document, DocumentRelation, Exemplar, Organization
from tests.admin_forms import article_form as form
from tests.admin_forms import as_user, member
from tests.articles.test_photos import png, upload

from .english import AWKWARD, english_in, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(client, django_user_model):
    """A day's worth of records, each with what its pages show: versions, a deleted article, an audit trail."""
    editor = member(django_user_model, "bientap", EDITOR)
    editor.first_name, editor.last_name = "Minh", "Nguyễn Văn"
    editor.save()
    member(django_user_model, "phongvien", REPORTER)
    superuser = django_user_model.objects.create_superuser("quantri", password="mật-khẩu-dài-123")
    section = Section.objects.create(name="Dân vận khéo")
    body = Organization.objects.create(name="Ban Dân vận Tỉnh ủy Đồng Tháp")
    document = Document.objects.create(symbol="25-NQ/TW", subject="Về công tác dân vận", issue_year=2012, issuer=body)
    other = Document.objects.create(symbol="12-KH/TU", subject="Kế hoạch thực hiện", issue_year=2013)
    DocumentRelation.objects.create(source=other, target=document, kind=DocumentRelation._meta.get_field("kind").choices[0][0])
    Exemplar.objects.create(name="Mô hình Dân vận khéo", organization=body)
    Tag.objects.create(name="dân vận")
    client = as_user(client, editor)
    add = reverse("admin:articles_article_add")
    client.post(add, form(title="Hội nghị dân vận", section=str(section.pk), tags="dân vận"))
    article = Article.objects.get()
    client.post(
        reverse("admin:articles_article_change", args=[article.pk]), form(article, title="Hội nghị dân vận khéo", status="published")
    )
    Photo.objects.create(article=article, image=upload(png()), caption="Quang cảnh", alt_text="Quang cảnh hội nghị")
    client.post(add, form(title="Bài sẽ xóa"))
    doomed = Article.objects.get(title="Bài sẽ xóa")
    client.post(reverse("admin:articles_article_changelist"), {"action": "delete_selected", "_selected_action": [doomed.pk], "post": "yes"})
    client.logout()
    assert AuditEvent.objects.exists() and Version.objects.get_deleted(Article).exists()
    return {"editor": editor, "superuser": superuser, "article": article}


def admin_pages(user) -> list[tuple[str, str, dict | None]]:
    """(label, url, POST data or None) for every page of every model the user may see."""
    pages = [("trang chủ", reverse("admin:index"), None), ("đổi mật khẩu", reverse("admin:password_change"), None)]
    pages.append(("đã đổi mật khẩu", reverse("admin:password_change_done"), None))
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        perms = {
            "view": user.has_perm(f"{opts.app_label}.view_{opts.model_name}"),
            "add": model_admin.has_add_permission(_Request(user)),
            "delete": user.has_perm(f"{opts.app_label}.delete_{opts.model_name}"),
        }
        if not (perms["view"] or user.has_perm(f"{opts.app_label}.change_{opts.model_name}")):
            continue
        pages.append((f"ứng dụng {opts.app_label}", reverse("admin:app_list", args=[opts.app_label]), None))
        changelist = reverse(f"admin:{name}_changelist")
        pages += [
            (f"danh sách {name}", changelist, None),
            (f"danh sách {name}, đếm bộ lọc", changelist + "?_facets=1", None),
            (f"danh sách {name}, không thấy", changelist + "?q=zzzz", None),
        ]
        if perms["add"]:
            pages += [(f"thêm {name}", reverse(f"admin:{name}_add"), None), (f"thêm {name}, lỗi", reverse(f"admin:{name}_add"), {})]
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        pages.append((f"sửa {name}", reverse(f"admin:{name}_change", args=[obj.pk]), None))
        pages.append((f"lịch sử {name}", reverse(f"admin:{name}_history", args=[obj.pk]), None))
        if perms["delete"] and model_admin.has_delete_permission(_Request(user), obj):
            pages.append((f"xóa {name}", reverse(f"admin:{name}_delete", args=[obj.pk]), None))
            pages.append((f"xóa nhiều {name}", changelist, {"action": "delete_selected", "_selected_action": [obj.pk]}))
        try:
            pages.append((f"bản đã xóa {name}", reverse(f"admin:{name}_recoverlist"), None))
        except NoReverseMatch:
            pass
    article = Article.objects.get()
    versions = Version.objects.get_for_object(article)
    deleted = Version.objects.get_deleted(Article).first()
    pages += [
        ("phiên bản bài", reverse("admin:articles_article_revision", args=[article.pk, versions.last().pk]), None),
        ("so sánh phiên bản", reverse("admin:articles_article_compare", args=[article.pk]), None),
        ("bài đã xóa", reverse("admin:articles_article_recover", args=[deleted.pk]), None),
        ("lưu bài lỗi", reverse("admin:articles_article_change", args=[article.pk]), form(article, title="")),
        # The desk (desk/README.md): its calendar, its list action's note page, the notifications.
        ("lịch hẹn giờ", reverse("admin:articles_article_calendar"), None),
        ("trả lại bài", reverse("admin:articles_article_changelist"), {"action": "send_back", "_selected_action": [article.pk]}),
        ("thông báo", reverse("admin:desk_notification_changelist"), None),
    ]
    if user.is_superuser:
        pages.append(("đặt mật khẩu người dùng", reverse("admin:auth_user_password_change", args=[user.pk]), None))
        group = Group.objects.first()
        pages.append(("nhóm", reverse("admin:auth_group_change", args=[group.pk]), None))
    return pages


class _Request:
    def __init__(self, user):
        self.user = user
        self.resolver_match = None


def english_on(client, pages, allowed) -> dict[str, list[str]]:
    found = {}
    for label, url, data in pages:
        response = client.get(url, follow=True) if data is None else client.post(url, data)  # (one-row lists open their row)
        assert response.status_code == 200, (label, url, response.status_code)
        html = response.content.decode()
        hits = english_in(html, allowed=allowed) + [chunk for chunk in visible_text(html) if any(w in chunk for w in AWKWARD)]
        if hits:
            found[f"{label} ({url})"] = hits
    return found


@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_no_english_on_any_newsroom_page(client, newsroom, who):
    user = newsroom[who]
    client.force_login(user)
    allowed = ("quantri", "bientap", "phongvien")
    assert english_on(client, admin_pages(user), allowed) == {}


def test_no_english_on_the_login_and_logged_out_pages(client, newsroom):
    assert english_in(client.get(reverse("admin:login")).content.decode()) == []
    refused = client.post(reverse("admin:login"), {"username": "bientap", "password": "sai"})
    assert english_in(refused.content.decode()) == []
    client.force_login(newsroom["editor"])
    assert english_in(client.post(reverse("admin:logout")).content.decode()) == []


def test_the_admin_scripts_speak_vietnamese(client, newsroom):
    """The two-box selector ("Choose all …"), calendar and clock are drawn by the admin's
    JavaScript: every string they ask for has a Vietnamese translation in its catalogue."""
    import json
    import re
    from pathlib import Path

    import django

    scripts = Path(django.__file__).parent / "contrib/admin/static/admin/js"
    asked = set()
    for script in [*scripts.glob("*.js"), *scripts.glob("admin/*.js")]:
        asked |= {m[2] for m in re.finditer(r"""\bgettext\((['"])(.+?)\1\)""", script.read_text(encoding="utf-8"))}
    assert {"Choose all %s", "Remove all %s", "Choose a Date", "Available %s"} <= asked
    client.force_login(newsroom["editor"])
    source = client.get(reverse("admin:jsi18n")).content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", source, re.S)[1])
    untranslated = sorted(text for text in asked if not catalog.get(text))
    assert untranslated == []
    assert catalog["Choose all %s"] == "Chọn tất cả %s" and catalog["Available %s"] == "%s có thể chọn"


def test_names_in_vietnamese_order_in_one_field(client, newsroom):
    superuser, editor = newsroom["superuser"], newsroom["editor"]
    client.force_login(superuser)
    url = reverse("admin:auth_user_change", args=[editor.pk])
    page = client.get(url)
    assert page.context_data["adminform"].form["full_name"].value() == "Nguyễn Văn Minh"
    assert "first_name" not in page.context_data["adminform"].form.fields
    data = {
        "username": "bientap",
        "full_name": "Trần  Thị Thu Hà",
        "email": "ha@example.vn",
        "is_active": "on",
        "is_staff": "on",
        "groups": [str(g.pk) for g in editor.groups.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "01/12/2026",
        "date_joined_1": "08:00:00",
    }
    assert client.post(url, data).status_code == 302
    editor.refresh_from_db()
    assert (editor.first_name, editor.last_name) == ("Hà", "Trần Thị Thu")
    users = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Trần Thị Thu Hà" in users
    articles = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Trần Thị Thu Hà" in articles  # who last edited, by name
    assert "Xin chào," in articles


def test_permissions_are_named_in_vietnamese(client, newsroom):
    client.force_login(newsroom["superuser"])
    group = Group.objects.get(name=EDITOR)
    page = client.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode()
    assert "Tin bài | bài viết | Thêm bài viết" in page
    assert "Tin bài | bài viết | Có thể xuất bản, hẹn giờ, gỡ bài" in page
    assert "Can add" not in page
