"""In-admin notifications, and e-mail where configured, for each step of the workflow."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article
from desk.models import Notification
from portal.models import SiteSettings
from tests.admin_forms import as_user, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(reporter, editor, django_user_model):
    from newsroom.roles import EDITOR

    second_editor = member(django_user_model, "bientap2", EDITOR)
    for user, email, (first, last) in (
        (reporter, "nga@danvan.vn", ("Nga", "Nguyễn Thị")),
        (editor, "minh@danvan.vn", ("Minh", "Trần Văn")),
        (second_editor, "", ("Hà", "Lê")),
    ):
        user.email, user.first_name, user.last_name = email, first, last
        user.save()
    return {"reporter": reporter, "editor": editor, "second_editor": second_editor}


def notes() -> list[tuple[str, str, str]]:
    return list(Notification.objects.order_by("pk").values_list("recipient__username", "kind", "article_title"))


def test_each_step_tells_the_people_concerned_and_not_the_one_who_did_it(people):
    reporter, editor = people["reporter"], people["editor"]
    article = Article.objects.create(title="Tọa đàm Dân vận khéo", created_by=reporter)
    workflow.change_status(article, "review", actor=reporter)
    assert notes() == [("bientap", "submitted", "Tọa đàm Dân vận khéo"), ("bientap2", "submitted", "Tọa đàm Dân vận khéo")]
    Notification.objects.all().delete()
    workflow.send_back(article, actor=editor, note="Bổ sung ảnh.")
    workflow.change_status(article, "review", actor=reporter)
    Notification.objects.filter(kind="submitted").delete()
    soon = timezone.now() + dt.timedelta(days=1)
    workflow.change_status(article, "published", actor=editor, published_at=soon)
    workflow.change_status(article, "published", actor=editor)
    assert notes() == [
        ("phongvien", "returned", "Tọa đàm Dân vận khéo"),
        ("phongvien", "scheduled", "Tọa đàm Dân vận khéo"),
        ("phongvien", "published", "Tọa đàm Dân vận khéo"),
    ]
    returned, scheduled, published = Notification.objects.order_by("pk")
    assert returned.message() == "Trần Văn Minh trả lại bài «Tọa đàm Dân vận khéo»: Bổ sung ảnh."
    when = timezone.localtime(soon).strftime("%H:%M %d/%m/%Y")
    assert scheduled.message() == f"Trần Văn Minh hẹn giờ xuất bản bài «Tọa đàm Dân vận khéo» lúc {when}."
    assert published.message() == "Trần Văn Minh đã xuất bản bài «Tọa đàm Dân vận khéo»."


def test_nobody_is_told_of_their_own_step_or_of_a_withdrawn_submission(people):
    editor, reporter = people["editor"], people["reporter"]
    own = Article.objects.create(title="Bài biên tập viên tự viết", created_by=editor)
    workflow.change_status(own, "published", actor=editor)
    mine = Article.objects.create(title="Bài rút lại", status="review", created_by=reporter)
    workflow.change_status(mine, "draft", actor=reporter)  # taking it back is no return
    assert notes() == []


def test_email_is_sent_after_commit_in_vietnamese_with_the_site_name(people, settings, django_capture_on_commit_callbacks):
    settings.DESK_EMAIL = True
    SiteSettings.objects.update_or_create(pk=SiteSettings.SINGLETON_PK, defaults={"name": "Ban Dân vận Tỉnh ủy Quảng Ninh"})
    article = Article.objects.create(title="Hội nghị giao ban", status="review", created_by=people["reporter"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.send_back(article, actor=people["editor"], note="Sửa tít.")
    assert mail.outbox == [] and len(callbacks) == 1  # nothing leaves before the change is saved for good
    callbacks[0]()
    (message,) = mail.outbox
    assert message.to == ["nga@danvan.vn"]
    assert message.subject == "[Ban Dân vận Tỉnh ủy Quảng Ninh] Bài bị trả lại: «Hội nghị giao ban»"
    assert "Trần Văn Minh trả lại bài «Hội nghị giao ban»: Sửa tít." in message.body
    assert f"/admin/articles/article/{article.pk}/change/" in message.body


def test_submitted_mail_reaches_only_editors_with_an_address(people, settings, django_capture_on_commit_callbacks):
    settings.DESK_EMAIL = True
    article = Article.objects.create(title="Bài mới", created_by=people["reporter"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.change_status(article, "review", actor=people["reporter"])
    assert [(m.to, m.subject.split("] ", 1)[1]) for m in mail.outbox] == [(["minh@danvan.vn"], "Bài chờ duyệt: «Bài mới»")]
    assert Notification.objects.count() == 2  # both editors see it in the admin


def test_no_email_unless_configured(people, settings, django_capture_on_commit_callbacks):
    settings.DESK_EMAIL = False
    article = Article.objects.create(title="Bài mới", created_by=people["reporter"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        workflow.change_status(article, "review", actor=people["reporter"])
    assert callbacks == [] and mail.outbox == [] and Notification.objects.count() == 2


def test_a_mail_server_that_fails_costs_only_the_mail(people, settings, django_capture_on_commit_callbacks, caplog):
    settings.DESK_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1  # nothing listens there
    article = Article.objects.create(title="Bài mới", status="review", created_by=people["reporter"])
    with django_capture_on_commit_callbacks(execute=True):
        assert workflow.send_back(article, actor=people["editor"], note="Sửa.") is True
    article.refresh_from_db()
    assert article.status == "draft" and "Không gửi được thư thông báo (1 thư)" in caplog.text


def test_the_notifications_page_lists_only_ones_own_and_marks_read(client, people):
    reporter, editor = people["reporter"], people["editor"]
    article = Article.objects.create(title="Bài của Nga", status="review", created_by=reporter)
    workflow.send_back(article, actor=editor, note="Sửa.")
    other = Article.objects.create(title="Bài khác", created_by=reporter)
    workflow.change_status(other, "review", actor=reporter)  # tells the editors, not the reporter
    reporter_client = as_user(client, reporter)
    assert reporter_client.get(reverse("admin:desk_notification_unread")).json() == {"unread": 1}
    page = reporter_client.get(reverse("admin:desk_notification_changelist"))
    assert [n.article_title for n in page.context["cl"].result_list] == ["Bài của Nga"]
    assert "Trần Văn Minh trả lại bài «Bài của Nga»: Sửa." in page.content.decode()
    note = Notification.objects.get(recipient=reporter)
    assert reporter_client.get(reverse("admin:desk_notification_open", args=[note.pk])).url == reverse(
        "admin:articles_article_change", args=[article.pk]
    )
    note.refresh_from_db()
    assert note.read_at is not None
    assert reporter_client.get(reverse("admin:desk_notification_unread")).json() == {"unread": 0}
    # Someone else's notification is not found, and not marked read.
    theirs = Notification.objects.filter(recipient=editor).first()
    assert reporter_client.get(reverse("admin:desk_notification_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_action_and_read_all(client, people):
    editor = people["editor"]
    for n in range(3):
        article = Article.objects.create(title=f"Bài {n}", created_by=people["reporter"])
        workflow.change_status(article, "review", actor=people["reporter"])
    editor_client = as_user(client, editor)
    first = Notification.objects.filter(recipient=editor).order_by("pk").first()
    response = editor_client.post(
        reverse("admin:desk_notification_changelist"), {"action": "mark_read", "_selected_action": [first.pk]}, follow=True
    )
    assert "Đã đánh dấu 1 thông báo là đã đọc." in [str(m) for m in response.context["messages"]]
    assert Notification.objects.filter(recipient=editor, read_at__isnull=True).count() == 2
    assert editor_client.get(reverse("admin:desk_notification_read_all")).status_code == 405
    response = editor_client.post(reverse("admin:desk_notification_read_all"), follow=True)
    assert "Đã đánh dấu 2 thông báo là đã đọc." in [str(m) for m in response.context["messages"]]
    assert not Notification.objects.filter(recipient=editor, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=people["second_editor"], read_at__isnull=True).count() == 3


def test_every_admin_page_has_the_bell(client, people):
    page = as_user(client, people["reporter"]).get(reverse("admin:articles_article_changelist")).content.decode()
    assert 'class="desk-bell" href="/admin/desk/notification/?da_doc=0"' in page
    assert 'data-unread-url="/admin/desk/notification/chua-doc/"' in page and "desk/bell.js" in page


def test_the_unread_count_needs_a_login(client):
    response = client.get(reverse("admin:desk_notification_unread"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_the_notifications_page_and_the_home_page_stay_flat(client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reporter_client = as_user(client, people["reporter"])

    def queries(url) -> int:
        with CaptureQueriesContext(connection) as context:
            assert reporter_client.get(url).status_code == 200
        return len(context.captured_queries)

    def returned(n: int) -> None:
        article = Article.objects.create(title=f"Bài {n}", status="review", created_by=people["reporter"])
        workflow.send_back(article, actor=people["editor"] if n % 2 else people["second_editor"], note="Sửa.")

    returned(0)
    pages = [reverse("admin:desk_notification_changelist"), reverse("admin:index")]
    queries(pages[0])  # the first request fills the content-type cache
    one = [queries(url) for url in pages]
    for n in range(1, 21):
        returned(n)
    assert Notification.objects.filter(recipient=people["reporter"]).count() == 21
    assert [queries(url) for url in pages] == one
